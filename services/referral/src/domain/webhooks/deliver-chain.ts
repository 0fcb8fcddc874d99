import type { Delivery } from './delivery';
import { signatureHeader } from './signature';
import type { WebhookSubscription } from './subscription';

/** A subscription's chains of deliveries, as delivering reads and moves them (the webhook repository). */
export interface DeliveryChains {
  getSubscription(subscriptionId: string): Promise<WebhookSubscription | null>;
  /** Runs `work` alone for one subscription's deliveries of one case (per-case order). */
  inChain<T>(subscriptionId: string, caseId: string, work: () => Promise<T>): Promise<T>;
  /** The first delivery of the chain not yet delivered (pending or dead), or none. */
  head(subscriptionId: string, caseId: string): Promise<Delivery | undefined>;
  /** The secrets that sign now (two during a rotation's grace period). */
  signingSecrets(subscriptionId: string, now: Date): Promise<string[]>;
  update(deliveryId: string, set: Partial<Omit<Delivery, 'deliveryId'>>): Promise<void>;
  getDelivery(deliveryId: string): Promise<Delivery | undefined>;
}

export interface SendResult {
  ok: boolean;
  detail: string;
}
/** One HTTP POST of a delivery (structured-mode CloudEvent) to the subscriber. */
export type SendWebhook = (endpoint: string, headers: Record<string, string>, body: string) => Promise<SendResult>;

export interface DeliveryPolicy {
  maxAttempts: number;
  /** Delay before the 2nd attempt; each later one doubles it (exponential backoff, with ±20 % jitter). */
  backoffMs: number;
}

export interface ChainDeps {
  webhooks: DeliveryChains;
  send: SendWebhook;
  /** Schedules another pass over the chain at `at` (a BullMQ job with this id). */
  retryAt: (job: { subscriptionId: string; caseId: string }, jobId: string, at: Date) => Promise<void>;
  policy: DeliveryPolicy;
  now: () => Date;
  /** Called with each delivered delivery (metrics: delay from the event to its delivery). */
  delivered?: (delivery: Delivery, at: Date) => void;
}

export function backoffDelay(policy: DeliveryPolicy, attempts: number, random = Math.random): number {
  const base = policy.backoffMs * 2 ** Math.max(0, attempts - 1);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The headers of a delivery: Standard Webhooks id, timestamp and signature(s), plus the case order. */
export function deliveryHeaders(delivery: Delivery, secrets: string[], now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/cloudevents+json; charset=utf-8',
    'webhook-id': delivery.deliveryId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, delivery.deliveryId, timestamp, delivery.body),
    'carelink-case-id': delivery.caseId,
    'carelink-case-sequence': String(delivery.seq),
  };
}

const retryJobId = (deliveryId: string, attempts: number) => `${deliveryId}~${attempts}`;

/**
 * DeliverChain: sends a subscription's pending deliveries of one case, strictly in order, each only after
 * the one before it was delivered (2xx). A failure schedules one retry with exponential backoff and stops
 * the chain; after `maxAttempts` the delivery becomes a dead letter and the case's later deliveries wait
 * behind it until it is re-driven. Runs alone per chain; any number of passes over a chain is harmless.
 */
export async function deliverChain(job: { subscriptionId: string; caseId: string }, deps: ChainDeps): Promise<void> {
  const subscription = await deps.webhooks.getSubscription(job.subscriptionId);
  if (!subscription || !subscription.active) return;
  await deps.webhooks.inChain(job.subscriptionId, job.caseId, async () => {
    for (;;) {
      const head = await deps.webhooks.head(job.subscriptionId, job.caseId);
      if (!head || head.status === 'dead') return;
      const now = deps.now();
      // A retry is already scheduled for this delivery: that pass will send it. It is scheduled again (same
      // job id, so a no-op while it waits), lest it was lost.
      if (head.nextAttemptAt && new Date(head.nextAttemptAt).getTime() > now.getTime() + 50) {
        await deps.retryAt(job, retryJobId(head.deliveryId, head.attempts), new Date(head.nextAttemptAt));
        return;
      }
      const secrets = await deps.webhooks.signingSecrets(job.subscriptionId, now);
      const result = await deps
        .send(subscription.endpoint, deliveryHeaders(head, secrets, now), head.body)
        .catch((err: Error): SendResult => ({ ok: false, detail: err.message }));
      const attempts = head.attempts + 1;
      if (result.ok) {
        const at = deps.now();
        await deps.webhooks.update(head.deliveryId, {
          status: 'delivered',
          attempts,
          deliveredAt: at.toISOString(),
          nextAttemptAt: null,
        });
        deps.delivered?.(head, at);
        continue;
      }
      if (attempts >= deps.policy.maxAttempts) {
        await deps.webhooks.update(head.deliveryId, {
          status: 'dead',
          attempts,
          lastError: result.detail,
          nextAttemptAt: null,
        });
        return;
      }
      const at = new Date(now.getTime() + backoffDelay(deps.policy, attempts));
      // The retry first: a delivery marked as waiting for a retry that was never scheduled would be stranded.
      await deps.retryAt(job, retryJobId(head.deliveryId, attempts), at);
      await deps.webhooks.update(head.deliveryId, {
        attempts,
        lastError: result.detail,
        nextAttemptAt: at.toISOString(),
      });
      return;
    }
  });
}

/** Puts a dead letter back at the head of its chain with fresh attempts; the caller schedules a pass. */
export async function redrive(delivery: Delivery, webhooks: DeliveryChains): Promise<boolean> {
  return webhooks.inChain(delivery.subscriptionId, delivery.caseId, async () => {
    const current = await webhooks.getDelivery(delivery.deliveryId);
    if (current?.status !== 'dead') return false;
    await webhooks.update(delivery.deliveryId, { status: 'pending', attempts: 0, nextAttemptAt: null });
    return true;
  });
}

import type { CloudEvent } from '@carelink/contracts';
import type { Delivery, LoggedEvent } from './delivery';
import { matchesSubscription, routedEventFacts, type WebhookSubscription } from './subscription';

/** The referral event log and the delivery queue, as fan-out and replay use them (the webhook repository). */
export interface DeliveryQueue {
  /** Logs a referral event once (replay reads the log); false when it was already logged. */
  logEvent(event: LoggedEvent): Promise<boolean>;
  /** The first `limit` logged events, in log order, whose time is `since` or later. */
  eventsSince(since: string, limit: number): Promise<LoggedEvent[]>;
  /** The region's subscriptions, paused ones too. */
  subscriptionsOf(region: string): Promise<WebhookSubscription[]>;
  /** Queues one delivery behind the case's earlier ones; undefined (nothing queued) if it exists already. */
  enqueue(
    delivery: Omit<Delivery, 'seq' | 'status' | 'attempts' | 'createdAt'>,
    now: Date,
  ): Promise<Delivery | undefined>;
}

export type StartChain = (job: { subscriptionId: string; caseId: string }, jobId: string) => Promise<void>;

/**
 * FanOutReferralEvent: a referral event read back from Kafka is logged (for replay) and queued for every
 * subscription whose filter matches, behind the case's earlier deliveries. Redelivery-safe: the
 * delivery id is the subscription and event id.
 */
export async function fanOutReferralEvent(
  event: CloudEvent,
  deps: { webhooks: DeliveryQueue; startChain: StartChain; now: () => Date },
): Promise<number> {
  const facts = routedEventFacts(event);
  if (!facts) return 0;
  const body = JSON.stringify(event);
  const logged = deps.webhooks.logEvent({
    eventId: event.id,
    caseId: event.partitionkey,
    time: event.time,
    type: event.type,
    facts,
    body,
  });
  const subscriptions =
    facts.departmentCodes.length === 0
      ? []
      : (await deps.webhooks.subscriptionsOf(facts.region)).filter((s) => matchesSubscription(s, facts));
  // Each subscription has its own chains, so they are queued side by side; the log is independent of both.
  const queued = await Promise.all(
    subscriptions.map((s) =>
      queue(s, event.partitionkey, { id: event.id, type: event.type, time: event.time, body }, undefined, deps),
    ),
  );
  await logged;
  return queued.filter(Boolean).length;
}

async function queue(
  subscription: WebhookSubscription,
  caseId: string,
  event: { id: string; type: string; time: string; body: string },
  replay: string | undefined,
  deps: { webhooks: DeliveryQueue; startChain: StartChain; now: () => Date },
): Promise<boolean> {
  const deliveryId = `${subscription.subscriptionId}.${event.id}${replay ? `.${replay}` : ''}`;
  const delivery = await deps.webhooks.enqueue(
    {
      deliveryId,
      subscriptionId: subscription.subscriptionId,
      caseId,
      eventId: event.id,
      eventType: event.type,
      eventTime: event.time,
      body: event.body,
      ...(replay ? { replay } : {}),
    },
    deps.now(),
  );
  // Even when it was queued already: an earlier try may have queued it and then failed to start the chain
  // (a Redis hiccup). Starting is idempotent (the job id) and a pass over a chain is harmless.
  await deps.startChain({ subscriptionId: subscription.subscriptionId, caseId }, deliveryId);
  return Boolean(delivery);
}

/**
 * Replay: every logged event since `since` that the subscription's filter matches is delivered again, in
 * order, as new deliveries (new webhook-id, same CloudEvent id) behind whatever is still pending.
 */
export async function replaySince(
  subscription: WebhookSubscription,
  since: string,
  replayId: string,
  deps: { webhooks: DeliveryQueue; startChain: StartChain; now: () => Date },
): Promise<{ replayId: string; events: number }> {
  const events = (await deps.webhooks.eventsSince(since, 10_000)).filter((e) =>
    matchesSubscription(subscription, e.facts),
  );
  for (const e of events)
    await queue(subscription, e.caseId, { id: e.eventId, type: e.type, time: e.time, body: e.body }, replayId, deps);
  return { replayId, events: events.length };
}

import type { CloudEvent } from '@carelink/contracts';
import { carriesContact } from '../share-contact/department-contact';
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

/** An event as a subscription of version 2 receives it (departmentEventV2 with the case's shared contact). */
export type AsVersion2 = (event: CloudEvent) => Promise<CloudEvent>;

/** An event as sent: its body, and whether the body carries a person's contact (then sealed at rest). */
interface Sent {
  id: string;
  type: string;
  time: string;
  body: string;
  personal: boolean;
}

const sent = (event: CloudEvent): Sent => ({
  id: event.id,
  type: event.type,
  time: event.time,
  body: JSON.stringify(event),
  personal: carriesContact(event),
});

/**
 * FanOutReferralEvent: a referral event read back from Kafka is logged (for replay) and queued for every
 * subscription whose filter matches, behind the case's earlier deliveries: as it is for subscriptions of
 * version 1, as `v2` (referral.created.v2 with the consented contact) for those of version 2. Redelivery-safe:
 * the delivery id is the subscription and event id. The log keeps the event as published (no contact).
 */
export async function fanOutReferralEvent(
  event: CloudEvent,
  deps: { webhooks: DeliveryQueue; startChain: StartChain; now: () => Date },
  v2: CloudEvent = event,
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
  const asPublished: Sent = { id: event.id, type: event.type, time: event.time, body, personal: false };
  const versions = { 1: asPublished, 2: v2 === event ? asPublished : sent(v2) };
  // Each subscription has its own chains, so they are queued side by side; the log is independent of both.
  const queued = await Promise.all(
    subscriptions.map((s) => queue(s, event.partitionkey, versions[s.version ?? 1], undefined, deps)),
  );
  await logged;
  return queued.filter(Boolean).length;
}

async function queue(
  subscription: WebhookSubscription,
  caseId: string,
  event: Sent,
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
      ...(event.personal ? { personal: true } : {}),
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
 * order, as new deliveries (new webhook-id, same CloudEvent id) behind whatever is still pending; to a
 * subscription of version 2 as version 2, with the contact the person consented to share as it is on file now.
 */
export async function replaySince(
  subscription: WebhookSubscription,
  since: string,
  replayId: string,
  deps: { webhooks: DeliveryQueue; startChain: StartChain; now: () => Date; asVersion2: AsVersion2 },
): Promise<{ replayId: string; events: number }> {
  const events = (await deps.webhooks.eventsSince(since, 10_000)).filter((e) =>
    matchesSubscription(subscription, e.facts),
  );
  for (const e of events) {
    const received =
      subscription.version === 2
        ? sent(await deps.asVersion2(JSON.parse(e.body) as CloudEvent))
        : { id: e.eventId, type: e.type, time: e.time, body: e.body, personal: false };
    await queue(subscription, e.caseId, received, replayId, deps);
  }
  return { replayId, events: events.length };
}

import type { CloudEvent, EventOf, TopicDefinition } from '@carelink/contracts';

/** Where an event came from, as a handler may want to log or key by it. */
export interface DeliveryInfo {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

type DefinitionOfType<T extends TopicDefinition, K> = Extract<T['events'][number], { type: K }>;

export type TopicHandlers<T extends TopicDefinition> = {
  [K in T['events'][number]['type']]?: (
    event: EventOf<DefinitionOfType<T, K>>,
    delivery: DeliveryInfo,
  ) => Promise<void>;
};

export interface Subscription {
  topic: TopicDefinition;
  handlers: Record<string, ((event: CloudEvent, delivery: DeliveryInfo) => Promise<void>) | undefined>;
  /** Who skips a redelivered event: the group's inbox (default), or the handlers themselves. */
  dedupe: 'inbox' | 'handler';
}

export interface SubscriptionOptions {
  /**
   * `handler`: the handlers are idempotent by construction (their write is keyed by the event: an insert
   * with a derived id, an upsert with `$setOnInsert`, a set-if-first in Redis), so the bus skips the inbox
   * and its two store round trips per event. Default `inbox`.
   */
  dedupe?: 'inbox' | 'handler';
}

/** Binds handlers to a topic with their event types checked against the registry. */
export function on<T extends TopicDefinition>(
  topic: T,
  handlers: TopicHandlers<T>,
  options: SubscriptionOptions = {},
): Subscription {
  return { topic, handlers: handlers as Subscription['handlers'], dedupe: options.dedupe ?? 'inbox' };
}

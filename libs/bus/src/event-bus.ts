import {
  cloudEventEnvelope,
  MessageDeadLettered,
  buildEvent,
  topics as registry,
  type CloudEvent,
  type EventDefinition,
  type EventOf,
  type TopicDefinition,
} from '@carelink/contracts';
import {
  context,
  currentTraceparent,
  contextFromHeaders,
  inSpan,
  SpanKind,
  type Logger,
  type ServiceMetrics,
} from '@carelink/telemetry';
import { backOff } from 'exponential-backoff';
import { Kafka, logLevel, Partitioners, type Consumer, type IHeaders, type KafkaMessage, type Producer } from 'kafkajs';

/** What the bus needs to skip events a consumer group has already handled (see @carelink/store MongoInbox). */
export interface Inbox {
  seen(group: string, eventId: string): Promise<boolean>;
  remember(group: string, eventId: string, type: string): Promise<void>;
}

/** An already-serialised event, as the outbox relay hands it over. */
export interface SerializedEvent {
  topic: string;
  key: string;
  envelope: string;
}

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

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface EventBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  metrics?: ServiceMetrics;
  retry?: Partial<RetryPolicy>;
  /**
   * Prepended to every topic name on the wire (default none). Lets test runs and several deployments
   * share one cluster without reading each other's events.
   */
  topicPrefix?: string;
}

export type DeadLetterReason = 'invalid_envelope' | 'unknown_event_type' | 'invalid_payload' | 'handler_failed';

class DeadLetter extends Error {
  constructor(
    readonly reason: DeadLetterReason,
    message: string,
    readonly attempts = 0,
  ) {
    super(message);
  }
}

const CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

export class EventBus {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly consumers: Consumer[] = [];
  private readonly retry: RetryPolicy;
  private producerConnected = false;
  private readonly prefix: string;

  constructor(private readonly options: EventBusOptions) {
    const log = options.logger.child({ component: 'kafkajs' });
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { initialRetryTime: 300, retries: 8 },
      logCreator:
        () =>
        ({ level, log: entry }) => {
          const { message, ...rest } = entry;
          if (level <= logLevel.ERROR) log.error(rest, message);
          else log.warn(rest, message);
        },
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.retry = { attempts: 5, initialDelayMs: 200, maxDelayMs: 5000, ...options.retry };
    this.prefix = options.topicPrefix ?? '';
  }

  /** Creates every topic of the registry that does not exist yet (KRaft brokers refuse unknown topics). */
  async ensureTopics(definitions: TopicDefinition[] = Object.values(registry)): Promise<void> {
    // Services start together and create the same topics at once: a creation racing another, or metadata
    // not yet propagated, fails transiently. Each attempt lists again, so topics already made are skipped.
    await backOff(() => this.createMissingTopics(definitions), {
      numOfAttempts: 8,
      startingDelay: 250,
      timeMultiple: 2,
      jitter: 'full',
      retry: (err: unknown, attempt: number) => {
        this.options.logger.warn({ err, attempt }, 'creating topics failed; retrying');
        return true;
      },
    });
  }

  private async createMissingTopics(definitions: TopicDefinition[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = definitions.filter((t) => !existing.has(this.prefix + t.name));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: this.prefix + t.name,
          numPartitions: t.partitions,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }],
        })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  private async ensureProducer(): Promise<void> {
    if (!this.producerConnected) {
      await this.producer.connect();
      this.producerConnected = true;
    }
  }

  /** Publishes one event now. Services publish through their outbox; this is for the relay and for tools. */
  async publish<T extends TopicDefinition>(topic: T, event: EventOf<T['events'][number]>): Promise<void> {
    await this.publishSerialized([{ topic: topic.name, key: event.partitionkey, envelope: JSON.stringify(event) }]);
  }

  /** Publishes serialised envelopes in the order given (per topic), carrying their trace context in headers. */
  async publishSerialized(events: SerializedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.ensureProducer();
    const byTopic = new Map<string, SerializedEvent[]>();
    for (const e of events) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic: this.prefix + topic,
        messages: list.map((e) => {
          const parsed = JSON.parse(e.envelope) as { traceparent?: string; tracestate?: string; type?: string };
          // ce_type (CloudEvents Kafka binding) lets a consumer pass over types it does not handle unparsed.
          const headers: IHeaders = { 'content-type': CONTENT_TYPE, ...(parsed.type ? { ce_type: parsed.type } : {}) };
          const traceparent = parsed.traceparent ?? currentTraceparent();
          if (traceparent) headers.traceparent = traceparent;
          if (parsed.tracestate) headers.tracestate = parsed.tracestate;
          this.options.metrics?.eventsPublished.inc({ topic, type: parsed.type ?? 'unknown' });
          return { key: e.key, value: e.envelope, headers };
        }),
      })),
    });
  }

  /**
   * Starts a consumer group over the given subscriptions. Each event is validated against its schema,
   * skipped when the group already handled its id, handled with retries and backoff, and sent to the
   * dead-letter topic with the reason when it cannot be handled. New groups read from the beginning.
   *
   * Messages are taken a batch at a time: the events of one key (one case) are handled one after another
   * in offset order, events of different keys side by side (at most `concurrency` at once), and the
   * batch's offsets are committed once all of it is handled. So a case's events keep their order while a
   * busy partition does not wait on one case's database round trips.
   */
  async consume(
    groupId: string,
    subscriptions: Subscription[],
    inbox: Inbox,
    options: {
      /** Partitions handled at once (default: all assigned). */
      partitionsConsumedConcurrently?: number;
      /** Keys handled at once within a partition's batch (default 16); 1 handles a batch message by message. */
      concurrency?: number;
    } = {},
  ): Promise<Consumer> {
    const consumer = this.kafka.consumer({
      groupId: this.prefix + groupId,
      sessionTimeout: 15000,
      heartbeatInterval: 1000,
      allowAutoTopicCreation: false,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: subscriptions.map((s) => this.prefix + s.topic.name), fromBeginning: true });
    const byTopic = new Map(subscriptions.map((s) => [s.topic.name, s]));
    const partitions = Math.max(...subscriptions.map((s) => s.topic.partitions));
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? partitions,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const topic = batch.topic.slice(this.prefix.length);
        const subscription = byTopic.get(topic)!;
        const handled = await inKeyOrder(batch.messages, options.concurrency ?? 16, (message) =>
          isRunning() && !isStale()
            ? this.deliver(groupId, subscription, inbox, { topic, partition: batch.partition, message, heartbeat })
            : Promise.reject(new Error('consumer stopping or rebalanced')),
        );
        // Offsets move up to the first message not handled; the rest come again (the inbox skips repeats).
        if (handled.upTo) resolveOffset(handled.upTo);
        await commitOffsetsIfNecessary();
        if (handled.error) throw handled.error; // infrastructure failure: kafkajs backs off and fetches again
      },
    });
    this.consumers.push(consumer);
    return consumer;
  }

  private async deliver(
    groupId: string,
    subscription: Subscription,
    inbox: Inbox,
    {
      topic,
      partition,
      message,
      heartbeat,
    }: { topic: string; partition: number; message: KafkaMessage; heartbeat: () => Promise<void> },
  ): Promise<void> {
    const headers = headerStrings(message.headers);
    // A type this group does not act on, named in the ce_type header: passed over without parsing.
    if (headers.ce_type && !subscription.handlers[headers.ce_type] && isCarried(subscription, headers.ce_type)) return;
    const delivery: DeliveryInfo = { topic, partition, offset: message.offset, headers };
    const log = this.options.logger.child({ topic, partition, offset: message.offset, group: groupId });
    const parent = contextFromHeaders(headers);
    let type = 'unknown';
    try {
      const envelope = this.decodeEnvelope(subscription, message);
      type = envelope.event.type;
      const handler = subscription.handlers[type];
      if (!handler) return; // a type this group does not act on: its payload is not even validated
      const event = this.validatePayload(envelope);
      const useInbox = subscription.dedupe === 'inbox';
      if (useInbox && (await inbox.seen(groupId, event.id))) {
        this.options.metrics?.eventsConsumed.inc({ topic, type, group: groupId, outcome: 'duplicate' });
        log.debug({ eventId: event.id, type }, 'duplicate event skipped');
        return;
      }
      await inSpan(
        `${topic} process`,
        {
          kind: SpanKind.CONSUMER,
          parent,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.destination.name': topic,
            'cloudevents.event_id': event.id,
            'cloudevents.event_type': type,
          },
        },
        async () => {
          let attempts = 0;
          try {
            await backOff(
              async () => {
                attempts++;
                await handler(event, delivery);
              },
              {
                numOfAttempts: this.retry.attempts,
                startingDelay: this.retry.initialDelayMs,
                maxDelay: this.retry.maxDelayMs,
                jitter: 'full',
                retry: async (err, n) => {
                  log.warn({ err, eventId: event.id, type, attempt: n }, 'handler failed, retrying');
                  await heartbeat();
                  return true;
                },
              },
            );
          } catch (err) {
            throw new DeadLetter('handler_failed', errorText(err), attempts);
          }
        },
      );
      if (useInbox) await inbox.remember(groupId, event.id, event.type);
      this.options.metrics?.eventsConsumed.inc({ topic, type, group: groupId, outcome: 'handled' });
    } catch (err) {
      if (!(err instanceof DeadLetter)) throw err; // infrastructure failure: let kafkajs retry the batch
      await context.with(parent, () => this.deadLetter(groupId, { topic, partition, message, headers }, err));
      this.options.metrics?.eventsConsumed.inc({ topic, type, group: groupId, outcome: 'dead_lettered' });
      this.options.metrics?.deadLetters.inc({ topic, group: groupId, reason: err.reason });
      log.error(
        { reason: err.reason, error: err.message, attempts: err.attempts, type },
        'message sent to the dead-letter topic',
      );
    }
  }

  /** The envelope of a message, of a type its topic carries (else a dead letter). */
  private decodeEnvelope(
    subscription: Subscription,
    message: KafkaMessage,
  ): { event: CloudEvent; definition: EventDefinition } {
    let json: unknown;
    try {
      json = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      throw new DeadLetter('invalid_envelope', 'message value is not JSON');
    }
    const envelope = cloudEventEnvelope.safeParse(json);
    if (!envelope.success) throw new DeadLetter('invalid_envelope', envelope.error.message);
    const definition = subscription.topic.events.find((d: EventDefinition) => d.type === envelope.data.type);
    if (!definition)
      throw new DeadLetter(
        'unknown_event_type',
        `event type ${envelope.data.type} is not carried by ${subscription.topic.name}`,
      );
    return { event: envelope.data, definition };
  }

  /** The event with its payload checked against its versioned schema (else a dead letter). */
  private validatePayload({ event, definition }: { event: CloudEvent; definition: EventDefinition }): CloudEvent {
    const data = definition.schema.safeParse(event.data);
    if (!data.success) throw new DeadLetter('invalid_payload', data.error.message);
    return { ...event, data: data.data };
  }

  private async deadLetter(
    groupId: string,
    original: { topic: string; partition: number; message: KafkaMessage; headers: Record<string, string> },
    err: DeadLetter,
  ): Promise<void> {
    const key = original.message.key?.toString('utf8') ?? null;
    const event = buildEvent(MessageDeadLettered, {
      source: `/carelink/${this.options.clientId}`,
      key: key ?? `${original.topic}-${original.partition}`,
      data: {
        topic: original.topic,
        partition: original.partition,
        offset: original.message.offset,
        consumerGroup: groupId,
        key,
        value: original.message.value?.toString('utf8') ?? null,
        headers: original.headers,
        reason: err.reason,
        error: err.message,
        attempts: err.attempts,
        failedAt: new Date().toISOString(),
      },
    });
    await this.publish(registry.deadLetters, event);
  }

  /** Finishes in-flight messages, commits their offsets and leaves the consumer groups. */
  async stopConsuming(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((c) => c.disconnect()));
  }

  /** Stops consuming (see stopConsuming) and disconnects the producer. */
  async disconnect(): Promise<void> {
    await this.stopConsuming();
    if (this.producerConnected) {
      await this.producer.disconnect();
      this.producerConnected = false;
    }
  }

  /** For readiness: can we reach the cluster now? */
  async ping(): Promise<boolean> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

function isCarried(subscription: Subscription, type: string): boolean {
  return subscription.topic.events.some((d: EventDefinition) => d.type === type);
}

/**
 * Handles a batch's messages: one key's messages in order, different keys side by side (at most
 * `concurrency` at once). A key whose message fails stops there. Returns the highest offset below which
 * every message was handled, and the first failure.
 */
export async function inKeyOrder(
  messages: KafkaMessage[],
  concurrency: number,
  handle: (message: KafkaMessage) => Promise<void>,
): Promise<{ upTo?: string; error?: unknown }> {
  const lanes = new Map<string, KafkaMessage[]>();
  for (const m of messages) {
    const key = m.key?.toString('utf8') ?? '';
    const lane = lanes.get(key);
    if (lane) lane.push(m);
    else lanes.set(key, [m]);
  }
  const done = new Set<string>();
  let error: unknown;
  const queue = [...lanes.values()];
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const m of lane) {
        if (error !== undefined) return;
        try {
          await handle(m);
          done.add(m.offset);
        } catch (err) {
          error ??= err;
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, lanes.size) }, worker));
  let upTo: string | undefined;
  for (const m of messages) {
    if (!done.has(m.offset)) break;
    upTo = m.offset;
  }
  return { upTo, error };
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
  }
  return out;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

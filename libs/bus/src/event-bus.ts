import { topics as registry, type EventOf, type TopicDefinition } from '@carelink/contracts';
import { currentTraceparent, type Logger, type ServiceMetrics } from '@carelink/telemetry';
import { backOff } from 'exponential-backoff';
import { Kafka, logLevel, Partitioners, type Consumer, type IHeaders, type KafkaMessage, type Producer } from 'kafkajs';
import { callHandler } from './call-handler';
import { consumerSpan } from './consumer-span';
import { compose, headerStrings, type Delivery, type Step } from './consumer-step';
import { countOutcome } from './count-outcome';
import { deadLetterTo } from './dead-letter';
import { decodeEnvelope } from './decode-envelope';
import { skipSeenEvents, type Inbox } from './inbox';
import { inKeyOrder } from './in-key-order';
import type { KafkaCredentials } from './kafka-access';
import { retryWithBackoff, type RetryPolicy } from './retry';
import { skipUnhandledType } from './skip-unhandled-type';
import type { Subscription } from './subscription';
import { validatePayload } from './validate-payload';

/** An already-serialised event, as the outbox relay hands it over. */
export interface SerializedEvent {
  topic: string;
  key: string;
  envelope: string;
}

export interface EventBusOptions {
  brokers: string[];
  /**
   * The principal the bus connects as (SASL over the broker's SASL_PLAINTEXT or SASL_SSL listener); none on
   * an open listener. Each service has its own user, granted by Kafka ACLs what the topic registry says.
   */
  sasl?: KafkaCredentials;
  clientId: string;
  logger: Logger;
  metrics?: ServiceMetrics;
  retry?: Partial<RetryPolicy>;
  /**
   * Prepended to every topic name on the wire (default none). Lets test runs and several deployments
   * share one cluster without reading each other's events.
   */
  topicPrefix?: string;
  /**
   * Replication of the topics the bus creates (default 1: one local broker). On a cluster, 3 with the
   * brokers' min.insync.replicas 2, so an acknowledged event survives the loss of a broker.
   */
  replicationFactor?: number;
}

const CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

export class EventBus {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly consumers: Consumer[] = [];
  private readonly retry: RetryPolicy;
  private producerConnecting: Promise<void> | undefined;
  private readonly prefix: string;

  constructor(private readonly options: EventBusOptions) {
    const log = options.logger.child({ component: 'kafkajs' });
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ...(options.sasl ? { sasl: options.sasl } : {}),
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
      await admin
        .createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: this.prefix + t.name,
            numPartitions: t.partitions,
            replicationFactor: this.options.replicationFactor ?? 1,
            configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }],
          })),
        })
        .catch((err: unknown) => {
          if (!/authoriz/i.test(String(err))) throw err;
          // The ACLs let a service create only the topics it produces; the others come from their producer.
          throw new Error(
            `${missing.map((t) => this.prefix + t.name).join(', ')}: missing, and Kafka user ` +
              `${this.options.sasl?.username ?? '(none)'} may not create them (the producer creates its topics; ` +
              'on the local broker infra/local/kafka-acls.ts creates them all)',
            { cause: err },
          );
        });
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Connects the producer once, however many publishes ask at the same time: an idempotent producer is given its
   * id on connecting, by the broker's transaction coordinator, which after a broker's start answers "loading" for
   * a while. Connected side by side, each publish asked for an id of its own and they queued on kafkajs's lock
   * until it timed out (KafkaJSLockTimeout, "18 waiting locks"). A failed connection is tried again by the next
   * publish.
   */
  async connectProducer(): Promise<void> {
    this.producerConnecting ??= this.producer.connect().catch((err: unknown) => {
      this.producerConnecting = undefined;
      throw err;
    });
    await this.producerConnecting;
  }

  /** Publishes one event now. Services publish through their outbox; this is for the relay and for tools. */
  async publish<T extends TopicDefinition>(topic: T, event: EventOf<T['events'][number]>): Promise<void> {
    await this.publishSerialized([{ topic: topic.name, key: event.partitionkey, envelope: JSON.stringify(event) }]);
  }

  /** Publishes serialised envelopes in the order given (per topic), carrying their trace context in headers. */
  async publishSerialized(events: SerializedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.connectProducer();
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
   * Starts a consumer group over the given subscriptions. Each message goes through the steps of
   * `consumerSteps`: types the group does not act on are passed over, the envelope is decoded and the
   * payload validated against its schema, an event the group already handled is skipped, the handler runs
   * in a consumer span with retries and backoff, and what cannot be handled (or is refused with a
   * DomainError) goes to the dead-letter topic with the reason. New groups read from the beginning.
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
    // Topics just created (by this process or another) may not be in every broker's metadata yet: the subscription
    // then fails with a retriable error (UNKNOWN_TOPIC_OR_PARTITION) and is tried again, as is a connection the
    // broker closed while a busy machine was slow to authenticate; anything else fails now.
    const topics = subscriptions.map((s) => this.prefix + s.topic.name);
    const subscribe = async () => {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
    };
    await backOff(subscribe, {
      numOfAttempts: 8,
      startingDelay: 250,
      timeMultiple: 2,
      jitter: 'full',
      retry: (err: unknown, attempt: number) => {
        if ((err as { retriable?: boolean }).retriable !== true) return false;
        this.options.logger.warn({ err, attempt, groupId }, 'subscribing failed; retrying');
        return true;
      },
    });
    const byTopic = new Map(subscriptions.map((s) => [s.topic.name, s]));
    const partitions = Math.max(...subscriptions.map((s) => s.topic.partitions));
    const deliver = compose(this.consumerSteps(inbox));
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? partitions,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const topic = batch.topic.slice(this.prefix.length);
        const subscription = byTopic.get(topic)!;
        const handled = await inKeyOrder(batch.messages, options.concurrency ?? 16, (message) =>
          isRunning() && !isStale()
            ? deliver(this.delivery(groupId, subscription, topic, batch.partition, message, heartbeat))
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

  /** The consumer middleware, outermost first; each step is in its own file, with its own tests. */
  private consumerSteps(inbox: Inbox): Step[] {
    return [
      countOutcome(this.options.metrics),
      skipUnhandledType,
      // Encloses the decode step too: a message that is not even a CloudEvent is a dead letter.
      deadLetterTo({
        publish: (event) => this.publish(registry.deadLetters, event),
        source: `/carelink/${this.options.clientId}`,
        metrics: this.options.metrics,
      }),
      decodeEnvelope,
      validatePayload,
      skipSeenEvents(inbox),
      consumerSpan,
      retryWithBackoff(this.retry),
      callHandler,
    ];
  }

  private delivery(
    group: string,
    subscription: Subscription,
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Delivery {
    return {
      topic,
      partition,
      message,
      headers: headerStrings(message.headers),
      group,
      subscription,
      log: this.options.logger.child({ topic, partition, offset: message.offset, group }),
      heartbeat,
    };
  }

  /** Finishes in-flight messages, commits their offsets and leaves the consumer groups. */
  async stopConsuming(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((c) => c.disconnect()));
  }

  /** Stops consuming (see stopConsuming) and disconnects the producer. */
  async disconnect(): Promise<void> {
    await this.stopConsuming();
    const connecting = this.producerConnecting;
    if (connecting) {
      this.producerConnecting = undefined;
      // Connected, or connecting (then disconnected once through; a failed connection has nothing to close).
      if (
        await connecting.then(
          () => true,
          () => false,
        )
      )
        await this.producer.disconnect();
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

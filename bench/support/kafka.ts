/**
 * Raw kafkajs for the benches: a watcher that notes when events of one type arrive (by case id), and the
 * anchor — what the same broker does for plain produce → consume on the same machine at the same time.
 */
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer, type SASLOptions } from 'kafkajs';
import { openLoop, sleep } from './stats';

/** `sasl`: the super user, where the broker requires SASL (testServers().kafkaSasl). */
export function benchKafka(brokers: string[], clientId: string, sasl?: SASLOptions): Kafka {
  return new Kafka({ brokers, clientId, ...(sasl ? { sasl } : {}), logLevel: logLevel.NOTHING });
}

/**
 * A connected, subscribed consumer; call `joined()` after `run`: it resolves once the consumer has joined
 * its group and has its partitions.
 */
async function subscribedConsumer(
  kafka: Kafka,
  groupId: string,
  topic: string,
): Promise<{ consumer: Consumer; joined: () => Promise<void> }> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 15_000, heartbeatInterval: 1000 });
  let hasJoined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    hasJoined = true;
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = async () => {
    const end = Date.now() + 60_000;
    while (!hasJoined) {
      if (Date.now() > end) throw new Error(`consumer ${groupId} did not join within 60 s`);
      await sleep(50);
    }
  };
  return { consumer, joined };
}

/**
 * Notes the arrival time (performance.now()) of the first event of one CloudEvents type per case id, read
 * from the beginning of a topic by its own consumer group.
 */
export class EventWatcher {
  readonly arrivals = new Map<string, number>();

  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, options: { topic: string; groupId: string; type: string }): Promise<EventWatcher> {
    const { consumer, joined } = await subscribedConsumer(kafka, options.groupId, options.topic);
    const watcher = new EventWatcher(consumer);
    await consumer.run({
      eachMessage: async ({ message }) => {
        const at = performance.now();
        const envelope = JSON.parse(message.value?.toString('utf8') ?? '{}') as {
          type?: string;
          data?: { caseId?: string };
        };
        const caseId = envelope.data?.caseId;
        if (envelope.type === options.type && caseId && !watcher.arrivals.has(caseId)) watcher.arrivals.set(caseId, at);
      },
    });
    await joined();
    return watcher;
  }

  /** Waits until every one of `caseIds` has arrived or `ms` pass; returns the ones still missing. */
  async waitFor(caseIds: string[], ms: number): Promise<string[]> {
    const end = performance.now() + ms;
    let missing = caseIds.filter((id) => !this.arrivals.has(id));
    while (missing.length > 0 && performance.now() < end) {
      await sleep(100);
      missing = missing.filter((id) => !this.arrivals.has(id));
    }
    return missing;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export interface AnchorSettings {
  topic: string;
  groupId: string;
  messages: number;
  perSecond: number;
  messageBytes: number;
  /** Pace of the producer's batches (ms). */
  tickMs: number;
}

export interface AnchorResult {
  produced: number;
  consumed: number;
  produceErrors: number;
  /** Every message's produce → consume latency (ms). */
  latencies: number[];
  /** Messages consumed per second, from the first send to the last message consumed. */
  messagesPerSecond: number;
  /** How late the producer's batches were sent (ms). */
  lateness: number[];
}

/**
 * One producer (kafkajs defaults, acks=all) sends `messages` messages of about `messageBytes` in batches
 * every `tickMs`, open loop at `perSecond`; one consumer group reads them. Each message carries its send
 * time. The topic and group are deleted after.
 *
 * The producer is not idempotent and may have several requests in flight: the services' outbox relays
 * keep one request in flight but put everything pending into it, whereas a batch every tick with one
 * request in flight would queue behind the broker's answer and measure kafkajs, not Kafka.
 */
export async function kafkaAnchor(kafka: Kafka, s: AnchorSettings): Promise<AnchorResult> {
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  let consumer: Consumer | undefined;
  try {
    await createTopic(admin, s.topic, 3);
    const subscribed = await subscribedConsumer(kafka, s.groupId, s.topic);
    consumer = subscribed.consumer;
    const latencies: number[] = [];
    let lastConsumedAt = 0;
    await consumer.run({
      eachMessage: async ({ message }) => {
        const now = Date.now();
        const { sentAt } = JSON.parse(message.value!.toString('utf8')) as { sentAt: number };
        latencies.push(now - sentAt);
        lastConsumedAt = now;
      },
    });
    await subscribed.joined();
    await producer.connect();
    const firstSentAt = Date.now();
    const sent = await produceOpenLoop(producer, s);
    const end = Date.now() + 60_000;
    while (latencies.length < sent.produced - sent.produceErrors && Date.now() < end) await sleep(20);
    return {
      ...sent,
      consumed: latencies.length,
      latencies,
      messagesPerSecond: latencies.length / Math.max(0.001, (lastConsumedAt - firstSentAt) / 1000),
    };
  } finally {
    await consumer?.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [s.topic] }).catch(() => undefined);
    await admin.deleteGroups([s.groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * Creates a topic and waits until every partition has a leader. The broker may answer metadata requests
 * for a topic it has just created with "does not host this topic-partition" for a moment, so it asks again.
 */
async function createTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  const end = Date.now() + 30_000;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const led = topics[0]?.partitions.filter((p) => p.leader >= 0).length ?? 0;
      if (led === partitions) return;
    } catch (err) {
      if (Date.now() > end) throw err;
    }
    if (Date.now() > end) throw new Error(`topic ${topic} has no leader for every partition after 30 s`);
    await sleep(200);
  }
}

/** Sends the anchor's messages, a batch every tick, without waiting for one batch before the next. */
async function produceOpenLoop(
  producer: Producer,
  s: AnchorSettings,
): Promise<{ produced: number; produceErrors: number; lateness: number[] }> {
  const perTick = Math.max(1, Math.round((s.perSecond * s.tickMs) / 1000));
  const padding = 'x'.repeat(Math.max(0, s.messageBytes - 80));
  const sends: Promise<unknown>[] = [];
  let produced = 0;
  let produceErrors = 0;
  const lateness = await openLoop(Math.ceil(s.messages / perTick), 1000 / s.tickMs, () => {
    const count = Math.min(perTick, s.messages - produced);
    const sentAt = Date.now();
    const messages = Array.from({ length: count }, (_, k) => ({
      key: `anchor-${produced + k}`,
      value: JSON.stringify({ seq: produced + k, sentAt, padding }),
    }));
    produced += count;
    sends.push(
      producer.send({ topic: s.topic, acks: -1, messages }).catch(() => {
        produceErrors += count;
      }),
    );
  });
  await Promise.all(sends);
  return { produced, produceErrors, lateness };
}

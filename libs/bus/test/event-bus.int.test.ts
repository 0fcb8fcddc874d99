import { DomainError, topics, type CloudEvent, type TopicDefinition } from '@carelink/contracts';
import { connectMongo, MongoInbox } from '@carelink/store';
import { inSpan, startTracing, stopTracing } from '@carelink/telemetry';
import { databaseUrl, testServers, uniqueName, type KafkaSasl } from '@carelink/test-servers';
import { trace } from '@opentelemetry/api';
import { Kafka, Partitioners } from 'kafkajs';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { EventBus, on } from '../src';
import { complaint } from './deliveries';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('EventBus on the real Kafka broker', () => {
  let connection: Connection;
  let inbox: MongoInbox;
  let brokers: string[];
  let sasl: KafkaSasl | undefined;
  const buses: EventBus[] = [];
  const newBus = () => {
    const bus = new EventBus({
      brokers,
      sasl,
      clientId: uniqueName('bus'),
      logger,
      retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 50 },
    });
    buses.push(bus);
    return bus;
  };
  /** The dead letters of one consumer group, as a consumer of the dead-letter topic receives them. */
  const deadLettersOf = async (group: string) => {
    const dead: CloudEvent[] = [];
    await newBus().consume(
      uniqueName('dlt'),
      [
        on(topics.deadLetters, {
          'message.deadlettered.v1': async (e) => void (e.data.consumerGroup === group && dead.push(e)),
        }),
      ],
      inbox,
    );
    return dead;
  };
  const testTopic = (): TopicDefinition<typeof topics.complaints.events> => ({
    ...topics.complaints,
    name: uniqueName('t.complaints'),
  });

  beforeAll(async () => {
    startTracing('bus-test');
    const servers = await testServers();
    brokers = servers.kafkaBrokers;
    sasl = servers.kafkaSasl;
    connection = await connectMongo(databaseUrl(servers.mongoUrl, uniqueName('bus_int')), logger);
    inbox = new MongoInbox(connection);
  });
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.disconnect()));
    await connection.dropDatabase();
    await connection.close();
    await stopTracing();
  });

  it('delivers a case’s events in order and each event id once per group', async () => {
    const topic = testTopic();
    const bus = newBus();
    await bus.ensureTopics([topic, topics.deadLetters]);
    const caseId = randomUUID();
    const events = [1, 2, 3].map((n) => complaint(n, caseId));
    const seen: string[] = [];
    await bus.consume(
      uniqueName('g'),
      [on(topic, { 'complaint.received.v1': async (e) => void seen.push(e.data.complaintId) })],
      inbox,
    );
    await bus.publish(topic, events[0]!);
    await bus.publish(topic, events[1]!);
    await bus.publish(topic, events[0]!); // redelivered duplicate
    await bus.publish(topic, events[2]!);
    // A marker on the same key comes after the duplicate on its partition: once it is handled, so is the rest.
    await bus.publish(topic, complaint(4, caseId));
    await until('the marker event', () => (seen.includes('c-4') ? true : undefined));
    expect(seen).toEqual(['c-1', 'c-2', 'c-3', 'c-4']);
  });

  it('subscribes to a topic that appears a moment later (metadata not yet propagated), instead of failing', async () => {
    const topic = testTopic();
    const seen: string[] = [];
    // The consumer starts first: its topic does not exist yet (another process is about to create it).
    const subscribed = newBus().consume(
      uniqueName('g'),
      [on(topic, { 'complaint.received.v1': async (e) => void seen.push(e.data.complaintId) })],
      inbox,
    );
    await new Promise((r) => setTimeout(r, 500));
    const producer = newBus();
    await producer.ensureTopics([topic, topics.deadLetters]);
    await subscribed;
    await producer.publish(topic, complaint(1, randomUUID()));
    await until('the event', () => (seen.includes('c-1') ? true : undefined));
  });

  it('retries a failing handler with backoff and dead-letters what keeps failing, without blocking the rest', async () => {
    const topic = testTopic();
    const bus = newBus();
    await bus.ensureTopics([topic, topics.deadLetters]);
    const group = uniqueName('g');
    const caseId = randomUUID();
    let flaky = 0;
    const handled: string[] = [];
    await bus.consume(
      group,
      [
        on(topic, {
          'complaint.received.v1': async (e) => {
            if (e.data.complaintId === 'c-1' && ++flaky < 3) throw new Error('transient');
            if (e.data.complaintId === 'c-2') throw new Error('always broken');
            handled.push(e.data.complaintId);
          },
        }),
      ],
      inbox,
    );
    const dead = await deadLettersOf(group);

    // A poison message that is not even a CloudEvent.
    const raw = new Kafka({ brokers, clientId: 'raw', ...(sasl ? { sasl } : {}) }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await raw.connect();
    await raw.send({ topic: topic.name, messages: [{ key: caseId, value: 'not json at all' }] });
    await raw.disconnect();
    for (const n of [1, 2, 3]) await bus.publish(topic, complaint(n, caseId));

    await until('c-1 and c-3 handled', () => (handled.length >= 2 ? true : undefined));
    expect(handled).toEqual(['c-1', 'c-3']);
    expect(flaky).toBe(3);
    await until('two dead letters', () => (dead.length >= 2 ? true : undefined));
    const reasons = dead.map((d) => d.data as { reason: string; attempts: number; error: string; value: string });
    expect(reasons[0]).toMatchObject({ reason: 'invalid_envelope', value: 'not json at all' });
    expect(reasons[1]).toMatchObject({ reason: 'handler_failed', attempts: 3 });
    expect(reasons[1]!.error).toContain('always broken');
  });

  it('dead-letters a refusal (a DomainError) at once, without retrying it', async () => {
    const topic = testTopic();
    const bus = newBus();
    await bus.ensureTopics([topic, topics.deadLetters]);
    const group = uniqueName('g');
    const caseId = randomUUID();
    const calls: string[] = [];
    await bus.consume(
      group,
      [
        on(topic, {
          'complaint.received.v1': async (e) => {
            calls.push(e.data.complaintId);
            if (e.data.complaintId === 'c-1')
              throw DomainError.conflict('complaint_closed', 'the complaint is already closed', '投诉已办结');
          },
        }),
      ],
      inbox,
    );
    const dead = await deadLettersOf(group);
    await bus.publish(topic, complaint(1, caseId));
    await bus.publish(topic, complaint(2, caseId));

    // The dead letter is published once the retry step has given up, so every attempt is counted by then.
    const [letter] = await until('the dead letter', () => (dead.length > 0 ? dead : undefined));
    expect(letter!.data).toMatchObject({
      reason: 'rejected',
      code: 'complaint_closed',
      attempts: 1,
      error: 'DomainError: the complaint is already closed',
    });
    await until('the next event of the case', () => (calls.includes('c-2') ? true : undefined));
    expect(calls).toEqual(['c-1', 'c-2']);
  });

  it('carries the W3C trace context from publisher to handler', async () => {
    const topic = testTopic();
    const bus = newBus();
    await bus.ensureTopics([topic, topics.deadLetters]);
    let handlerTrace: string | undefined;
    await bus.consume(
      uniqueName('g'),
      [
        on(topic, {
          'complaint.received.v1': async () => void (handlerTrace = trace.getActiveSpan()?.spanContext().traceId),
        }),
      ],
      inbox,
    );
    const publishTrace = await inSpan('publish', {}, async (span) => {
      await bus.publish(topic, complaint(9, randomUUID()));
      return span.spanContext().traceId;
    });
    await until('traced delivery', () => handlerTrace);
    expect(handlerTrace).toBe(publishTrace);
  });
});

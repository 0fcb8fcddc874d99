import { buildEvent, RequestRegistered, topics } from '@carelink/contracts';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  appendToOutbox,
  connectMongo,
  isDuplicateKeyError,
  withDocumentLock,
  MongoInbox,
  newWithOutbox,
  OutboxRelay,
  type OutboxEntry,
} from '../src';
import { databaseUrl, testServers } from '@carelink/test-servers';

const logger = pino({ level: 'silent' });

function registered(caseId: string, n: number) {
  return buildEvent(RequestRegistered, {
    source: '/test',
    key: caseId,
    data: {
      caseId,
      caseNumber: `T-${n}`,
      region: 'chizhou',
      channel: 'window',
      applicant: {
        personId: 'p_0123456789abcdef',
        name: '测试',
        idNumberMasked: '341*************11',
        ageAtRegistration: 76,
      },
      address: { county: '341702', township: '341702001' },
      declaredGroups: ['tekun'],
      items: [{ itemCode: 'X' }],
      registeredAt: new Date().toISOString(),
      registeredBy: 'test',
      consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T08:00:00.000Z' },
    },
  });
}

describe('per-document outbox on the real MongoDB-wire server', () => {
  let connection: Connection;
  const db = `store_int_${Date.now()}`;

  beforeAll(async () => {
    connection = await connectMongo(databaseUrl((await testServers()).mongoUrl, db), logger);
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('publishes each entry in order, once per pass, and clears the pending flag', async () => {
    const things = connection.collection('things');
    const caseId = randomUUID();
    const e1 = registered(caseId, 1);
    const e2 = registered(caseId, 2);
    await things.insertOne({
      _id: caseId as never,
      state: 'new',
      ...newWithOutbox([{ topic: topics.intakeRequests, event: e1 }]),
    });
    const { $push, $set } = appendToOutbox([{ topic: topics.intakeRequests, event: e2 }]);
    await things.updateOne({ _id: caseId as never }, { $set: { ...$set, state: 'next' }, $push } as never);

    const published: OutboxEntry[] = [];
    const relay = new OutboxRelay({
      connection,
      collections: ['things'],
      logger,
      publish: async (e) => void published.push(...e),
    });
    expect(await relay.drain()).toBe(2);
    expect(published.map((e) => e.id)).toEqual([e1.id, e2.id]);
    expect(JSON.parse(published[0]!.envelope)).toEqual(e1);
    expect(await relay.drain()).toBe(0);
    const doc = await things.findOne({ _id: caseId as never });
    expect(doc).toMatchObject({ state: 'next', _outbox: [], _outboxPending: false });
  });

  it('keeps entries when publishing fails, and publishes them on the next pass', async () => {
    const things = connection.collection('things2');
    const caseId = randomUUID();
    const e1 = registered(caseId, 1);
    await things.insertOne({ _id: caseId as never, ...newWithOutbox([{ topic: topics.intakeRequests, event: e1 }]) });
    let fail = true;
    const published: string[] = [];
    const relay = new OutboxRelay({
      connection,
      collections: ['things2'],
      logger,
      publish: async (entries) => {
        if (fail) throw new Error('broker down');
        published.push(...entries.map((e) => e.id));
      },
    });
    await expect(relay.drain()).rejects.toThrow('broker down');
    fail = false;
    expect(await relay.drain()).toBe(1);
    expect(published).toEqual([e1.id]);
  });

  it('keeps an entry appended while a pass publishes, for the next pass', async () => {
    const things = connection.collection('things4');
    const caseId = randomUUID();
    const [e1, e2] = [registered(caseId, 1), registered(caseId, 2)];
    await things.insertOne({ _id: caseId as never, ...newWithOutbox([{ topic: topics.intakeRequests, event: e1 }]) });
    const published: string[] = [];
    const relay = new OutboxRelay({
      connection,
      collections: ['things4'],
      logger,
      publish: async (entries) => {
        published.push(...entries.map((e) => e.id));
        // A write lands between reading the outbox and settling it.
        if (published.length === 1)
          await things.updateOne(
            { _id: caseId as never },
            appendToOutbox([{ topic: topics.intakeRequests, event: e2 }]) as never,
          );
      },
    });
    expect(await relay.drain()).toBe(1);
    expect(await things.findOne({ _id: caseId as never })).toMatchObject({ _outboxPending: true });
    expect(await relay.drain()).toBe(1);
    expect(published).toEqual([e1.id, e2.id]);
    expect(await things.findOne({ _id: caseId as never })).toMatchObject({ _outbox: [], _outboxPending: false });
  });

  it('publishes a write at once when kicked with the document written, with the safety poll an hour away', async () => {
    const things = connection.collection('things3');
    const published: string[] = [];
    let arrived: () => void = () => undefined;
    const relay = new OutboxRelay({
      connection,
      collections: ['things3'],
      logger,
      intervalMs: 3_600_000,
      publish: async (entries) => {
        published.push(...entries.map((e) => e.id));
        arrived();
      },
    });
    relay.start();
    try {
      const caseId = randomUUID();
      const e1 = registered(caseId, 1);
      const seen = new Promise<void>((resolve) => (arrived = resolve));
      await things.insertOne({ _id: caseId as never, ...newWithOutbox([{ topic: topics.intakeRequests, event: e1 }]) });
      relay.kick('things3', [caseId]); // as the commit port does after its write
      await seen;
      expect(published).toEqual([e1.id]);
      const e2 = registered(caseId, 2);
      const seenAgain = new Promise<void>((resolve) => (arrived = resolve));
      // As services do: updates of a live document under its lock (FerretDB's updates are not atomic).
      await withDocumentLock(connection, 'things3', caseId, () =>
        things.updateOne(
          { _id: caseId as never },
          appendToOutbox([{ topic: topics.intakeRequests, event: e2 }]) as never,
        ),
      );
      relay.kick('things3', [caseId]);
      await seenAgain;
      expect(published).toEqual([e1.id, e2.id]);
    } finally {
      await relay.stop();
    }
  });

  it('inbox remembers handled events per consumer group', async () => {
    const inbox = new MongoInbox(connection);
    const id = randomUUID();
    expect(await inbox.seen('g1', id)).toBe(false);
    await inbox.remember('g1', id, 'x.happened.v1');
    await inbox.remember('g1', id, 'x.happened.v1');
    expect(await inbox.seen('g1', id)).toBe(true);
    expect(await inbox.seen('g2', id)).toBe(false);
  });

  it('reports unique-index violations as duplicate keys', async () => {
    const c = connection.collection('dups');
    await c.insertOne({ _id: 'a' as never });
    const err = await c.insertOne({ _id: 'a' as never }).catch((e: unknown) => e);
    expect(isDuplicateKeyError(err)).toBe(true);
  });
});

import { ComplaintRated, DomainError, draft, topics, type Decision } from '@carelink/contracts';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { CommitPort, connectMongo, type StateMapping } from '../src';
import { databaseUrl, testServers } from '@carelink/test-servers';

const logger = pino({ level: 'silent' });

interface Counter {
  name: string;
  count: number;
  note?: string;
}

const counters: StateMapping<Counter> = {
  collection: 'counters_under_test',
  toDocument: (s) => ({ name: s.name, count: s.count, nameLength: s.name.length, ...(s.note ? { note: s.note } : {}) }),
  fromDocument: (d) => ({
    name: d.name as string,
    count: d.count as number,
    ...(d.note ? { note: d.note as string } : {}),
  }),
};

function rated(id: string, score: number) {
  return draft(topics.complaints, ComplaintRated, {
    key: id,
    data: { complaintId: id, complaintNumber: 'TS-1', region: 'chizhou', score, ratedAt: '2026-11-30T08:00:00.000Z' },
  });
}

/** The decide function under test: counts up, and says so with an event. */
function countUp(current: Counter | undefined, id: string): Decision<Counter, number> {
  const next = { name: current?.name ?? 'n', count: (current?.count ?? 0) + 1 };
  return { state: next, events: [rated(id, Math.min(next.count, 5))], result: next.count };
}

describe('the commit port on the real MongoDB-wire server', () => {
  let connection: Connection;
  const db = `commit_port_int_${Date.now()}`;
  const kicks: { collection?: string; ids?: string[] }[] = [];
  let port: CommitPort<{ region: string }>;

  beforeAll(async () => {
    connection = await connectMongo(databaseUrl((await testServers()).mongoUrl, db), logger);
    port = new CommitPort({
      connection,
      source: '/carelink/test',
      relay: { kick: (collection, ids) => kicks.push({ collection, ids }) },
      traceparent: () => '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      clock: () => new Date('2026-11-30T08:00:00.000Z'),
      context: { region: 'chizhou' },
    });
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });
  const stored = (id: string) => connection.collection(counters.collection).findOne({ _id: id as never });

  it('creates the document with its events in one write, stamped, and kicks the relay with its id', async () => {
    const id = randomUUID();
    kicks.length = 0;
    const result = await port.commit(counters, id, (current, ctx) => {
      expect(ctx.region).toBe('chizhou');
      expect(ctx.now.toISOString()).toBe('2026-11-30T08:00:00.000Z');
      return countUp(current, id);
    });
    expect(result).toBe(1);
    const doc = await stored(id);
    expect(doc).toMatchObject({ name: 'n', count: 1, nameLength: 1, _version: 1, _outboxPending: true });
    const envelope = JSON.parse(doc!._outbox[0].envelope);
    expect(envelope).toMatchObject({
      source: '/carelink/test',
      type: 'complaint.rated.v1',
      time: '2026-11-30T08:00:00.000Z',
      partitionkey: id,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect(doc!._outbox[0].topic).toBe(topics.complaints.name);
    expect(kicks).toEqual([{ collection: counters.collection, ids: [id] }]);
  });

  it('updates against the version read, appending events after those still waiting', async () => {
    const id = randomUUID();
    await port.commit(counters, id, (c) => countUp(c, id));
    await port.commit(counters, id, (c) => countUp(c, id));
    const doc = await stored(id);
    expect(doc).toMatchObject({ count: 2, _version: 2 });
    expect(doc!._outbox.map((e: { envelope: string }) => JSON.parse(e.envelope).data.score)).toEqual([1, 2]);
  });

  it('writes nothing for a decision that changes nothing, and nothing when the domain refuses', async () => {
    const id = randomUUID();
    await port.commit(counters, id, (c) => countUp(c, id));
    kicks.length = 0;
    expect(await port.commit(counters, id, () => ({ result: 'same' }))).toBe('same');
    await expect(
      port.commit(counters, id, () => {
        throw DomainError.conflict('no', 'not now');
      }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'no' });
    expect(await stored(id)).toMatchObject({ count: 1, _version: 1 });
    expect(kicks).toEqual([]);
  });

  it('decides again on the fresh state when another writer changed the document meanwhile', async () => {
    const id = randomUUID();
    await port.commit(counters, id, (c) => countUp(c, id));
    let attempts = 0;
    const result = await port.commit(counters, id, async (current) => {
      attempts++;
      if (attempts === 1)
        // another process (a second replica) writes between this read and this write
        await connection
          .collection(counters.collection)
          .updateOne({ _id: id as never }, { $set: { count: 10 }, $inc: { _version: 1 } });
      return countUp(current, id);
    });
    expect(attempts).toBe(2);
    expect(result).toBe(11);
    expect(await stored(id)).toMatchObject({ count: 11, _version: 3 });
  });

  it('removes a field the state no longer has, and leaves fields the mapping does not write', async () => {
    const id = randomUUID();
    await port.commit(counters, id, () => ({ state: { name: 'n', count: 1, note: 'first visit' } }));
    await connection.collection(counters.collection).updateOne({ _id: id as never }, { $set: { other: 'kept' } });
    await port.commit(counters, id, (c) => ({ state: { name: c!.name, count: 2 } }));
    const doc = await stored(id);
    expect(doc).toMatchObject({ count: 2, other: 'kept' });
    expect(doc).not.toHaveProperty('note');
  });

  it('takes a document written before versions existed as version 0', async () => {
    const id = randomUUID();
    await connection.collection(counters.collection).insertOne({ _id: id as never, name: 'old', count: 5 });
    expect(await port.commit(counters, id, (c) => countUp(c, id))).toBe(6);
    expect(await stored(id)).toMatchObject({ name: 'old', count: 6, _version: 1 });
  });

  it('keeps concurrent commits of one document from losing any', async () => {
    const id = randomUUID();
    await Promise.all(Array.from({ length: 20 }, () => port.commit(counters, id, (c) => countUp(c, id))));
    expect(await stored(id)).toMatchObject({ count: 20, _version: 20 });
  });
});

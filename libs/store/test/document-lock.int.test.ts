import { databaseUrl, testServers, uniqueName } from '@carelink/test-servers';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { connectMongo, SequenceCounter, withDocumentLock } from '../src';

describe('per-document write serialisation on the real MongoDB-wire server', () => {
  let connection: Connection;
  const db = uniqueName('lock_int');
  const logger = pino({ level: 'silent' });
  beforeAll(async () => {
    connection = await connectMongo(databaseUrl((await testServers()).mongoUrl, db), logger);
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('keeps every one of 50 concurrent updates of one document', async () => {
    const c = connection.collection('things');
    await c.insertOne({ _id: 'x' as never, n: 0, seen: [] });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        withDocumentLock(connection, 'things', 'x', () =>
          c.updateOne({ _id: 'x' as never }, { $inc: { n: 1 }, $push: { seen: i } } as never),
        ),
      ),
    );
    const doc = await c.findOne({ _id: 'x' as never });
    expect(doc).toMatchObject({ n: 50 });
    expect((doc!.seen as number[]).length).toBe(50);
  });

  it('numbers a sequence without gaps or repeats under concurrency', async () => {
    const counter = new SequenceCounter(connection);
    const numbers = await Promise.all(Array.from({ length: 40 }, () => counter.next('CZ-341702-2026')));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('hands out numbers from reserved blocks: no repeats, one store write per block, and a restart skips the rest', async () => {
    const counters = connection.collection<{ _id: string; seq: number }>('block_counters');
    const counter = new SequenceCounter(connection, 'block_counters', 10);
    const numbers = await Promise.all(Array.from({ length: 25 }, () => counter.next('CJ-652301-2026')));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await counters.findOne({ _id: 'CJ-652301-2026' }))!.seq).toBe(30);
    // Another process (or this one after a restart) starts after the last block reserved.
    const other = await connectMongo(databaseUrl((await testServers()).mongoUrl, db), logger);
    try {
      expect(await new SequenceCounter(other, 'block_counters', 10).next('CJ-652301-2026')).toBe(31);
    } finally {
      await other.close();
    }
  });
});

import { databaseUrl, testServers, uniqueName } from '@carelink/test-servers';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { connectMongo, SequenceCounter, withDocumentLock } from '../src';

describe('per-document write serialisation on the real MongoDB-wire server', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await connectMongo(
      databaseUrl((await testServers()).mongoUrl, uniqueName('lock_int')),
      pino({ level: 'silent' }),
    );
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
});

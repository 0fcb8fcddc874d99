import AsyncLock from 'async-lock';
import type { Connection } from 'mongoose';

/**
 * FerretDB v1 applies an update by reading the document, changing it in Go and writing it back, with no
 * compare-and-set: two concurrent updates of one document can lose one of them (measured: 50 concurrent
 * `$inc` on one document left 3). MongoDB's single-document updates are atomic; FerretDB's are not.
 * So every update of an existing document in a carelink service — business writes, the outbox relay,
 * counters — runs under this per-document lock, shared by everything in the process that uses the same
 * connection. One process per service and database is therefore the supported shape on FerretDB v1;
 * scale a service out only on MongoDB. Inserts need no lock: a unique `_id` makes them atomic.
 */
const locks = new WeakMap<Connection, AsyncLock>();

export function withDocumentLock<T>(
  connection: Connection,
  collection: string,
  id: string,
  work: () => Promise<T>,
): Promise<T> {
  let lock = locks.get(connection);
  if (!lock) {
    lock = new AsyncLock({ maxPending: 100_000 });
    locks.set(connection, lock);
  }
  return lock.acquire(`${collection}/${id}`, work);
}

/** Numbered sequences (case numbers, complaint numbers): one counter document per scope. */
export class SequenceCounter {
  constructor(
    private readonly connection: Connection,
    private readonly collectionName = 'counters',
  ) {}

  async next(scope: string): Promise<number> {
    return withDocumentLock(this.connection, this.collectionName, scope, async () => {
      const doc = await this.connection
        .collection<{ _id: string; seq: number }>(this.collectionName)
        .findOneAndUpdate({ _id: scope }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
      return doc!.seq;
    });
  }
}

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

/**
 * Numbered sequences (case numbers, complaint numbers): one counter document per scope. With a block size
 * above 1, numbers are taken from the store a block at a time and handed out from memory, one store round
 * trip per block instead of per number; the numbers of a block not used when the process stops are skipped
 * (numbers stay unique and increasing within a process, with gaps after a restart).
 */
export class SequenceCounter {
  constructor(
    private readonly connection: Connection,
    private readonly collectionName = 'counters',
    private readonly blockSize = 1,
  ) {}

  async next(scope: string): Promise<number> {
    return withDocumentLock(this.connection, this.collectionName, scope, async () => {
      const key = `${this.collectionName}/${scope}`;
      let blocks = reserved.get(this.connection);
      if (!blocks) reserved.set(this.connection, (blocks = new Map()));
      const block = blocks.get(key);
      if (block && block.next <= block.last) return block.next++;
      const doc = await this.connection
        .collection<{ _id: string; seq: number }>(this.collectionName)
        .findOneAndUpdate({ _id: scope }, { $inc: { seq: this.blockSize } }, { upsert: true, returnDocument: 'after' });
      const last = doc!.seq;
      blocks.set(key, { next: last - this.blockSize + 2, last });
      return last - this.blockSize + 1;
    });
  }
}

/** Numbers reserved and not yet handed out, per connection and counter. */
const reserved = new WeakMap<Connection, Map<string, { next: number; last: number }>>();

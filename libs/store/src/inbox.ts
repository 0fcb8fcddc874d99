import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from './connection';

/**
 * Remembers which events a consumer group has handled, keyed by event id, so a redelivered event is
 * skipped. Handlers must still be idempotent for the window between their effect and `remember`.
 */
export class MongoInbox {
  constructor(
    private readonly connection: Connection,
    private readonly collectionName = 'inbox',
  ) {}

  private get collection() {
    return this.connection.collection<{ _id: string; group: string; eventId: string; type: string; at: Date }>(
      this.collectionName,
    );
  }

  /** A lookup by `_id` (not countDocuments, which is an aggregation with `$group` on FerretDB). */
  async seen(group: string, eventId: string): Promise<boolean> {
    return (await this.collection.findOne({ _id: `${group}|${eventId}` }, { projection: { _id: 1 } })) !== null;
  }

  async remember(group: string, eventId: string, type: string): Promise<void> {
    try {
      await this.collection.insertOne({ _id: `${group}|${eventId}`, group, eventId, type, at: new Date() });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
}

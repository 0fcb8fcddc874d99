import type { Collection, Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { CloudEvent } from '@carelink/contracts';
import { withDocumentLock } from './document-lock';

/**
 * Per-document outbox. A state change and the events it causes are written in ONE document update
 * (`$set` of the new state plus `$push` onto `_outbox`), which is atomic on MongoDB and FerretDB alike
 * without multi-document transactions. A relay publishes pending entries in order and then removes them.
 * Publication is at least once: a crash between publishing and removing re-publishes, consumers dedupe by id.
 */
export interface OutboxEntry {
  id: string;
  topic: string;
  key: string;
  /** The CloudEvents envelope as JSON text, published byte for byte. */
  envelope: string;
  createdAt: Date;
}

export interface PendingEvent {
  topic: { name: string };
  event: CloudEvent;
}

export function outboxEntries(events: PendingEvent[]): OutboxEntry[] {
  const now = new Date();
  return events.map(({ topic, event }) => ({
    id: event.id,
    topic: topic.name,
    key: event.partitionkey,
    envelope: JSON.stringify(event),
    createdAt: now,
  }));
}

/** The update fragment that records events with a state change: spread into your `updateOne` update. */
export function appendToOutbox(events: PendingEvent[]) {
  return { $push: { _outbox: { $each: outboxEntries(events) } }, $set: { _outboxPending: true } };
}

/** The fields for a new document that is created together with its events. */
export function newWithOutbox(events: PendingEvent[]) {
  return { _outbox: outboxEntries(events), _outboxPending: events.length > 0 };
}

export type OutboxPublisher = (entries: OutboxEntry[]) => Promise<void>;

export interface OutboxRelayOptions {
  connection: Connection;
  collections: string[];
  publish: OutboxPublisher;
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
  onPublished?: (collection: string, entry: OutboxEntry) => void;
}

interface OutboxDoc {
  _id: unknown;
  _outbox: OutboxEntry[];
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      this.kick();
      if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 500);
    };
    tick();
  }

  /** Ask for a pass now (after a write), without waiting for the next tick. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err) => this.options.logger.error({ err }, 'outbox relay pass failed; will retry'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stops polling and waits for the pass under way, so nothing is left half-published. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One full pass: publishes everything pending now. Exposed for tests and shutdown. */
  async drain(): Promise<number> {
    let published = 0;
    for (const name of this.options.collections) {
      const collection = this.options.connection.collection(name);
      for (;;) {
        const docs = (await collection
          .find({ _outboxPending: true }, { projection: { _outbox: 1 } })
          .limit(this.options.batchSize ?? 100)
          .toArray()) as unknown as OutboxDoc[];
        if (docs.length === 0) break;
        published += await this.publishDocs(name, collection, docs);
        if (docs.length < (this.options.batchSize ?? 100)) break;
      }
    }
    return published;
  }

  /**
   * Publishes the pending entries of a batch of documents in one producer call (each document's entries stay
   * in order, and documents in the order read), then removes them from each document.
   */
  private async publishDocs(name: string, collection: Collection, docs: OutboxDoc[]): Promise<number> {
    const entries = docs.flatMap((doc) => doc._outbox ?? []);
    if (entries.length > 0) await this.options.publish(entries);
    for (let i = 0; i < docs.length; i += SETTLE_CONCURRENCY)
      await Promise.all(docs.slice(i, i + SETTLE_CONCURRENCY).map((doc) => this.settle(name, collection, doc)));
    for (const entry of entries) this.options.onPublished?.(name, entry);
    return entries.length;
  }

  /** Removes a document's published entries and clears its flag when nothing new was appended meanwhile. */
  private async settle(name: string, collection: Collection, doc: OutboxDoc): Promise<void> {
    const entries = doc._outbox ?? [];
    // Removing what was published and clearing the flag are updates of a live document: take its lock.
    await withDocumentLock(this.options.connection, name, String(doc._id), async () => {
      if (entries.length > 0) {
        // $pullAll with the entries exactly as read: FerretDB v1 ignores $pull with a condition
        // (it matches nothing, silently), but removes exact subdocuments with $pullAll.
        await collection.updateOne({ _id: doc._id } as never, { $pullAll: { _outbox: entries } } as never);
      }
      await collection.updateOne({ _id: doc._id, _outbox: { $size: 0 } } as never, { $set: { _outboxPending: false } });
    });
  }
}

/** How many documents' published entries are removed at once. */
const SETTLE_CONCURRENCY = 16;

/** Makes the relay's query fast: call once per outbox collection. */
export async function ensureOutboxIndex(connection: Connection, collection: string): Promise<void> {
  await connection.collection(collection).createIndex({ _outboxPending: 1 });
}

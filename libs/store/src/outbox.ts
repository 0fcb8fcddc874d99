import type { Collection, Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AnyPublication, Publication } from '@carelink/contracts';
import { withDocumentLock } from './document-lock';
import { WHOLE_ANSWER } from './whole-answer';

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

/** An event for an outbox: on a topic of the registry that carries its type (checked when compiled). */
export type PendingEvent = AnyPublication;

/** Outbox entries of publications (already checked: registry-typed, or stamped from checked drafts). */
export function outboxEntries(events: readonly Publication[]): OutboxEntry[] {
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
  /**
   * The safety poll: how often a pass runs without being kicked (default 5 s). The commit port kicks the
   * relay with the documents it wrote, so this only matters for entries left by a process that stopped
   * before publishing.
   */
  intervalMs?: number;
  batchSize?: number;
  onPublished?: (collection: string, entry: OutboxEntry) => void;
}

interface OutboxDoc {
  _id: unknown;
  _outbox: OutboxEntry[];
}

/** What a pass is asked to look at, per collection: the documents written to, or every pending one. */
type Wanted = Map<string, Set<string> | 'all'>;

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Asked for since the pass under way began (the next pass takes it). */
  private wanted: Wanted = new Map();
  private stopped = true;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      this.kick();
      if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? DEFAULT_SAFETY_POLL_MS);
    };
    tick();
  }

  /**
   * Ask for a pass now (after a write), without waiting for the next tick: over the documents written to
   * (read by `_id`), over a collection's pending documents, or over all collections.
   */
  kick(collection?: string, ids?: string[]): void {
    if (this.stopped) return;
    for (const name of collection ? [collection] : this.options.collections) {
      const wanted = this.wanted.get(name);
      if (!ids || wanted === 'all') this.wanted.set(name, 'all');
      else if (wanted) for (const id of ids) wanted.add(id);
      else this.wanted.set(name, new Set(ids));
    }
    this.startPass();
  }

  /** Starts a pass over what is wanted, unless one runs (when it ends, it starts the next). */
  private startPass(): void {
    if (this.running || this.stopped || this.wanted.size === 0) return;
    const pass = this.wanted;
    this.wanted = new Map();
    this.running = this.runPass(pass)
      .catch((err) => {
        this.options.logger.error({ err }, 'outbox relay pass failed; will retry');
        for (const name of pass.keys()) this.wanted.set(name, 'all');
        return new Promise<void>((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      })
      .finally(() => {
        this.running = undefined;
        this.startPass();
      });
  }

  /** Stops polling and waits for the pass under way, so nothing is left half-published. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async runPass(pass: Wanted): Promise<void> {
    for (const [name, wanted] of pass) {
      if (wanted === 'all') await this.drain([name]);
      else await this.publishWritten(name, [...wanted]);
    }
  }

  /**
   * The documents just written to, read by `_id`. FerretDB hands every document matching a filter to its Go
   * side before `limit` applies, so under a backlog the flag query reads the whole backlog on every pass;
   * a lookup by `_id` reads one row.
   */
  private async publishWritten(name: string, ids: string[]): Promise<number> {
    const collection = this.options.connection.collection(name);
    const batchSize = this.options.batchSize ?? 100;
    let published = 0;
    for (let i = 0; i < ids.length; i += batchSize) {
      const docs = (
        await Promise.all(
          ids
            .slice(i, i + batchSize)
            .map((id) =>
              collection.findOne({ _id: id, _outboxPending: true } as never, { projection: { _outbox: 1 } }),
            ),
        )
      ).filter((doc): doc is NonNullable<typeof doc> => doc !== null) as unknown as OutboxDoc[];
      if (docs.length > 0) published += await this.publishDocs(name, collection, docs);
    }
    return published;
  }

  /** One full pass: publishes everything pending now (in the given collections). For tests and shutdown. */
  async drain(collections: string[] = this.options.collections): Promise<number> {
    let published = 0;
    for (const name of collections) {
      const collection = this.options.connection.collection(name);
      for (;;) {
        const docs = (await collection
          .find({ _outboxPending: true }, { projection: { _outbox: 1 }, ...WHOLE_ANSWER })
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

  /**
   * Removes a document's published entries and clears its flag. Entries are only ever appended, so when the
   * outbox still holds as many entries as were read, nothing was appended meanwhile and one update empties
   * it; otherwise the published ones are pulled and the flag stays for the next pass. (One command per
   * document: FerretDB v1.24.2 hangs, whole server, on an `update` command carrying some 50 statements, so
   * no bulk write here.)
   */
  private async settle(name: string, collection: Collection, doc: OutboxDoc): Promise<void> {
    const entries = doc._outbox ?? [];
    // Removing what was published and clearing the flag are updates of a live document: take its lock.
    await withDocumentLock(this.options.connection, name, String(doc._id), async () => {
      const emptied = await collection.updateOne(
        { _id: doc._id, _outbox: { $size: entries.length } } as never,
        { $set: { _outbox: [], _outboxPending: false } },
        { comment: RELAY_COMMENT },
      );
      if (emptied.matchedCount === 1 || entries.length === 0) return;
      // $pullAll with the entries exactly as read: FerretDB v1 ignores $pull with a condition
      // (it matches nothing, silently), but removes exact subdocuments with $pullAll.
      await collection.updateOne({ _id: doc._id } as never, { $pullAll: { _outbox: entries } } as never, {
        comment: RELAY_COMMENT,
      });
    });
  }
}

/** How many documents' published entries are removed at once. */
const SETTLE_CONCURRENCY = 16;
const DEFAULT_SAFETY_POLL_MS = 5000;
/** After a failed pass, the next one waits this long (the store or the broker may be away). */
const RETRY_PAUSE_MS = 1000;
/** Marks the relay's own updates in the server's logs and profiles. */
const RELAY_COMMENT = 'carelink-outbox-relay';

/** Makes the relay's query fast: call once per outbox collection. */
export async function ensureOutboxIndex(connection: Connection, collection: string): Promise<void> {
  await connection.collection(collection).createIndex({ _outboxPending: 1 });
}

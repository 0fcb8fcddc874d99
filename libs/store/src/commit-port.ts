import {
  type Commits,
  stamp,
  useCaseContext,
  type Decision,
  type EventDraft,
  type Publication,
  type UseCaseContext,
} from '@carelink/contracts';
import type { Connection } from 'mongoose';
import { withDocumentLock } from './document-lock';
import { outboxEntries } from './outbox';

/**
 * How a kind of state is stored: its collection, and the document of a state both ways. `toDocument` may
 * add fields queries need (jurisdictions, a month bucket); `fromDocument` is given the stored document
 * without its outbox and version and drops what is not state. Implemented in a service's data-access.
 */
export interface StateMapping<S> {
  readonly collection: string;
  toDocument(state: S): Record<string, unknown>;
  fromDocument(document: Record<string, unknown>): S;
}

/** Where the port tells the relay that a document has events waiting. */
export interface RelayKick {
  kick(collection?: string, ids?: string[]): void;
}

export interface CommitPortOptions<X extends object> {
  connection: Connection;
  /** The CloudEvents `source` of every event this service writes, e.g. `/carelink/intake`. */
  source: string;
  relay?: RelayKick;
  /** The W3C traceparent of the active span (stamped on every event, so the cause travels on). */
  traceparent?: () => string | undefined;
  clock?: () => Date;
  /** What the service adds to every use case's context (its policy packs …). */
  context?: X;
}

/** A version-checked write lost to another writer this many times in a row gives up (a 503 at the edge). */
const MAX_ATTEMPTS = 5;

export class CommitConflictError extends Error {
  constructor(collection: string, id: string) {
    super(`${collection}/${id} kept changing under this write (${MAX_ATTEMPTS} attempts); try again`);
    this.name = 'CommitConflictError';
  }
}

/**
 * The one way a use case changes state: load, decide, write the state and its events in ONE document
 * write, and kick the relay.
 *
 *   const result = await commits.commit(cases, caseId, (current, ctx) => decideX(current, command, ctx));
 *
 * - The decide function is pure: given the current state (undefined when there is none), it returns the
 *   new state (left out: unchanged), event drafts and a result. It may throw a `DomainError`.
 * - Every draft is stamped here: id (unless derived), `source`, `time` (the context's `now`), `traceparent`.
 * - The write is checked against the version read (`_version`), so two writers (two replicas on MongoDB)
 *   never lose each other's changes: the loser decides again on the fresh state. Inside a process the
 *   document lock keeps writers of one document in line (FerretDB v1 updates are not atomic; see
 *   document-lock.ts).
 * - A new document is inserted; a decision with events but no state for a missing document is a bug.
 */
export class CommitPort<X extends object = object> {
  constructor(private readonly options: CommitPortOptions<X>) {}

  /** A use case's context: the clock read once, ids, and the service's additions. */
  context(): UseCaseContext & X {
    return { ...useCaseContext(this.options.clock?.() ?? new Date()), ...(this.options.context as X) };
  }

  async commit<S, R = void>(
    mapping: StateMapping<S>,
    id: string,
    decide: (current: S | undefined, ctx: UseCaseContext & X) => Decision<S, R> | Promise<Decision<S, R>>,
  ): Promise<R> {
    const { connection } = this.options;
    const collection = connection.collection(mapping.collection);
    return withDocumentLock(connection, mapping.collection, id, async () => {
      for (let attempt = 1; ; attempt++) {
        const stored = (await collection.findOne({ _id: id } as never, { projection: HIDDEN })) as Record<
          string,
          unknown
        > | null;
        const version = stored ? ((stored._version as number | undefined) ?? 0) : undefined;
        const ctx = this.context();
        const current = stored ? mapping.fromDocument(withoutPortFields(stored)) : undefined;
        const decision = await decide(current, ctx);
        const events = this.stamped(decision.events ?? [], ctx);
        if (decision.state === undefined && events.length === 0) return decision.result as R;
        const written =
          version === undefined
            ? await this.insert(mapping, id, decision, events)
            : await this.update(mapping, id, version, { state: current as S, document: stored! }, decision, events);
        if (written) {
          if (events.length > 0) this.options.relay?.kick(mapping.collection, [id]);
          return decision.result as R;
        }
        if (attempt >= MAX_ATTEMPTS) throw new CommitConflictError(mapping.collection, id);
      }
    });
  }

  /** This port bound to one kind of record: what a domain handler is given (see `Commits`). */
  bind<S>(mapping: StateMapping<S>): Commits<S, X> {
    return { commit: (id, decide) => this.commit(mapping, id, decide) };
  }

  /** Stamps drafts into publications (for a writer that is not a `commit`, e.g. an insert of many). */
  stamped(drafts: EventDraft[], ctx: UseCaseContext): Publication[] {
    return drafts.map((d) =>
      stamp(d, {
        source: this.options.source,
        time: ctx.now,
        traceparent: this.options.traceparent?.(),
        newId: ctx.newId,
      }),
    );
  }

  private async insert<S>(
    mapping: StateMapping<S>,
    id: string,
    decision: Decision<S, unknown>,
    events: Publication[],
  ): Promise<boolean> {
    if (decision.state === undefined)
      throw new Error(`${mapping.collection}/${id}: a decision with events needs a state to create`);
    const entries = outboxEntries(events);
    try {
      await this.options.connection.collection(mapping.collection).insertOne({
        ...mapping.toDocument(decision.state),
        _id: id,
        _version: 1,
        _outbox: entries,
        _outboxPending: entries.length > 0,
      } as never);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false; // created meanwhile: decide again
      throw err;
    }
  }

  private async update<S>(
    mapping: StateMapping<S>,
    id: string,
    version: number,
    current: { state: S; document: Record<string, unknown> },
    decision: Decision<S, unknown>,
    events: Publication[],
  ): Promise<boolean> {
    const set: Record<string, unknown> = { _version: version + 1 };
    const update: Record<string, unknown> = { $set: set };
    if (decision.state !== undefined) {
      const { _id: _ignored, ...fields } = mapping.toDocument(decision.state);
      Object.assign(set, fields);
      // A field the mapping wrote for the state before and does not write now is gone (an optional field
      // cleared). Fields the mapping never writes (another writer's) are left alone. Only when the stored
      // document has a field the new one lacks is the old state mapped again to tell which (mapping may
      // seal fields: not on every write).
      const lacking = Object.keys(current.document).filter((k) => !(k in fields) && !PORT_FIELDS.has(k));
      if (lacking.length > 0) {
        const before = mapping.toDocument(current.state);
        const gone = lacking.filter((k) => k in before);
        if (gone.length > 0) update.$unset = Object.fromEntries(gone.map((k) => [k, '']));
      }
    }
    if (events.length > 0) {
      set._outboxPending = true;
      update.$push = { _outbox: { $each: outboxEntries(events) } };
    }
    // A document written before versions existed has none: version 0 is "no _version field".
    const filter = { _id: id, _version: version === 0 ? { $exists: false } : version };
    const result = await this.options.connection.collection(mapping.collection).updateOne(filter as never, update);
    return result.matchedCount === 1;
  }
}

const DUPLICATE_KEY = 11000;
/** The document's own fields and the port's, never state. */
const PORT_FIELDS = new Set(['_id', '_version']);
const HIDDEN = { _outbox: 0, _outboxPending: 0 } as const;

function withoutPortFields(stored: Record<string, unknown>): Record<string, unknown> {
  const { _version: _v, ...rest } = stored;
  return rest;
}

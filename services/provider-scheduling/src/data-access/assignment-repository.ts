import {
  appendToOutbox,
  backfillOnce,
  dropIndexesIfPresent,
  inJurisdiction,
  isDuplicateKeyError,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
  newWithOutbox,
  withDocumentLock,
  withoutOutbox,
  type PendingEvent,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Acceptance } from '../domain/accept-assignment/accept-assignment';
import type { AssignmentState, AssignmentStatus } from '../domain/assignment';
import type { Viewer } from '../domain/visibility';

/**
 * Stored with each assignment for queries FerretDB pushes down (docs/QUERIES.md): every jurisdiction its
 * township lies within, and the month it was offered in (the bucket of newest-first listings).
 */
interface QueryFields {
  jurisdictions: string[];
  offeredMonth: string;
}

type AssignmentDoc = Omit<AssignmentState, 'referralId'> & { _id: string } & Partial<QueryFields>;

const queryFields = (a: Pick<AssignmentState, 'township' | 'offeredAt'>): QueryFields => ({
  jurisdictions: jurisdictionsOf(a.township ?? ''),
  offeredMonth: monthOf(a.offeredAt),
});

/** What the repository returns: no outbox, no query fields. */
const HIDDEN = { ...withoutOutbox, jurisdictions: 0, offeredMonth: 0 } as const;

const toState = ({ _id, ...rest }: AssignmentDoc): AssignmentState => ({ referralId: _id, ...rest });

/** The query part that limits a listing to what the viewer may see. */
const visibleTo = (viewer: Viewer) =>
  viewer.kind === 'provider' ? { providerId: viewer.providerId } : inJurisdiction(viewer.jurisdiction);

export class AssignmentRepository {
  static readonly collection = 'assignments';
  private readonly months: MonthBuckets;
  constructor(private readonly connection: Connection) {
    this.months = new MonthBuckets(connection, AssignmentRepository.collection);
  }

  private get assignments() {
    return this.connection.collection<AssignmentDoc>(AssignmentRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.assignments.createIndex({ providerId: 1, offeredMonth: 1, status: 1 });
    await this.assignments.createIndex({ jurisdictions: 1, offeredMonth: 1, status: 1 });
    await dropIndexesIfPresent(this.connection, AssignmentRepository.collection, [
      'providerId_1_status_1',
      'township_1',
    ]);
    await this.months.prepare();
    await backfillOnce<AssignmentDoc>(this.connection, 'assignments: jurisdictions and offeredMonth', {
      collection: AssignmentRepository.collection,
      missing: 'offeredMonth',
      projection: { township: 1, offeredAt: 1 },
      fieldsOf: async (a) => {
        const fields = queryFields(a);
        await this.months.note(fields.offeredMonth);
        return fields;
      },
    });
  }

  /**
   * Records an offer once: a redelivered referral changes nothing and returns false. A referral re-routed
   * to another provider replaces the withdrawn offer (the assignment id stays the referral id).
   */
  async offer(state: AssignmentState): Promise<boolean> {
    const { referralId, ...rest } = state;
    const fields = queryFields(state);
    await this.months.note(fields.offeredMonth);
    try {
      await this.assignments.insertOne({ _id: referralId, ...rest, ...fields, ...newWithOutbox([]) } as never);
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    return withDocumentLock(this.connection, AssignmentRepository.collection, referralId, async () => {
      const result = await this.assignments.updateOne(
        { _id: referralId, status: 'withdrawn', offeredAt: { $lt: state.offeredAt } },
        { $set: { ...rest, ...fields }, $unset: { withdrawal: '', acceptedBy: '', acceptedAt: '' } },
      );
      return result.modifiedCount === 1;
    });
  }

  /**
   * Takes the assignment back from this provider (idempotent). Referral is the source of truth: an
   * acceptance that crossed a re-routing (timer, rejection, township override) is taken back too, so the
   * next provider's offer can replace it; referral ignored that late acceptance already.
   */
  async withdraw(referralId: string, providerId: string, withdrawal: { reason: string; at: string }): Promise<void> {
    await withDocumentLock(this.connection, AssignmentRepository.collection, referralId, () =>
      this.assignments.updateOne(
        { _id: referralId, providerId, status: { $in: ['offered', 'accepted'] } },
        { $set: { status: 'withdrawn', withdrawal } },
      ),
    );
  }

  /** Closes the provider's assignment when referral completed or failed the referral (idempotent). */
  async close(
    referralId: string,
    providerId: string,
    status: 'completed' | 'failed',
    closure: { reason?: string; at: string },
  ): Promise<void> {
    await withDocumentLock(this.connection, AssignmentRepository.collection, referralId, () =>
      this.assignments.updateOne(
        { _id: referralId, providerId, status: { $in: ['offered', 'accepted'] } },
        { $set: { status, closure } },
      ),
    );
  }

  /** Cancels an assignment that was offered or accepted (idempotent). */
  async cancel(referralId: string, cancellation: { reason: string; at: string }): Promise<void> {
    await withDocumentLock(this.connection, AssignmentRepository.collection, referralId, () =>
      this.assignments.updateOne(
        { _id: referralId, status: { $in: ['offered', 'accepted'] } },
        { $set: { status: 'cancelled', cancellation } },
      ),
    );
  }

  async get(referralId: string): Promise<AssignmentState | null> {
    const doc = await this.assignments.findOne({ _id: referralId }, { projection: HIDDEN });
    return doc ? toState(doc) : null;
  }

  /** Accepts an offered assignment with its events in one update; false when it is no longer offered. */
  async accept(referralId: string, acceptance: Acceptance, events: PendingEvent[]): Promise<boolean> {
    const outbox = appendToOutbox(events);
    return withDocumentLock(this.connection, AssignmentRepository.collection, referralId, async () => {
      const result = await this.assignments.updateOne({ _id: referralId, status: 'offered' }, {
        $set: { ...acceptance, ...outbox.$set },
        $inc: { version: 1 },
        $push: { ...outbox.$push },
      } as never);
      return result.modifiedCount === 1;
    });
  }

  /** The viewer's assignments (optionally in one status), newest offer first: read an offer month at a time. */
  async listFor(viewer: Viewer, status: AssignmentStatus | undefined, limit: number): Promise<AssignmentState[]> {
    const docs = await newestFirst(await this.months.months(), limit, (offeredMonth, n) =>
      this.assignments
        .find({ ...visibleTo(viewer), offeredMonth, ...(status ? { status } : {}) }, { projection: HIDDEN })
        .sort({ offeredAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map(toState);
  }
}

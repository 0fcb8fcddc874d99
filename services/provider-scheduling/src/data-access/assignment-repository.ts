import {
  withinJurisdiction,
  withoutOutbox,
  appendToOutbox,
  isDuplicateKeyError,
  newWithOutbox,
  withDocumentLock,
  type PendingEvent,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Acceptance } from '../domain/accept-assignment/accept-assignment';
import type { AssignmentState, AssignmentStatus } from '../domain/assignment';
import type { Viewer } from '../domain/visibility';

type AssignmentDoc = Omit<AssignmentState, 'referralId'> & { _id: string };

const toState = ({ _id, ...rest }: AssignmentDoc): AssignmentState => ({ referralId: _id, ...rest });

/** The query part that limits a listing to what the viewer may see. */
const visibleTo = (viewer: Viewer) =>
  viewer.kind === 'provider'
    ? { providerId: viewer.providerId }
    : { ...withinJurisdiction('township', viewer.jurisdiction) };

export class AssignmentRepository {
  static readonly collection = 'assignments';
  constructor(private readonly connection: Connection) {}

  private get assignments() {
    return this.connection.collection<AssignmentDoc>(AssignmentRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.assignments.createIndex({ providerId: 1, status: 1 });
    await this.assignments.createIndex({ township: 1 });
  }

  /**
   * Records an offer once: a redelivered referral changes nothing and returns false. A referral re-routed
   * to another provider replaces the withdrawn offer (the assignment id stays the referral id).
   */
  async offer(state: AssignmentState): Promise<boolean> {
    const { referralId, ...rest } = state;
    try {
      await this.assignments.insertOne({ _id: referralId, ...rest, ...newWithOutbox([]) } as never);
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    return withDocumentLock(this.connection, AssignmentRepository.collection, referralId, async () => {
      const result = await this.assignments.updateOne(
        { _id: referralId, status: 'withdrawn', offeredAt: { $lt: state.offeredAt } },
        { $set: rest, $unset: { withdrawal: '', acceptedBy: '', acceptedAt: '' } },
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
    const doc = await this.assignments.findOne({ _id: referralId }, { projection: withoutOutbox });
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

  async listFor(viewer: Viewer, status: AssignmentStatus | undefined, limit: number): Promise<AssignmentState[]> {
    const docs = await this.assignments
      .find({ ...visibleTo(viewer), ...(status ? { status } : {}) }, { projection: withoutOutbox })
      .sort({ offeredAt: -1 })
      .limit(limit)
      .toArray();
    return docs.map(toState);
  }
}

import {
  appendToOutbox,
  withinJurisdiction,
  withoutOutbox,
  isDuplicateKeyError,
  newWithOutbox,
  withDocumentLock,
  type PendingEvent,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import {
  OPEN_STATES,
  type ReferralRecord,
  type ReferralStatus,
  type Route,
  type SharingBasis,
  type Transition,
} from '../domain/referral';

/** Top-level copies of the route for queries (FerretDB v1 is weak at querying into subdocuments). */
interface ReceiverFields {
  contractId: string | null;
  providerId: string | null;
  departmentCode: string | null;
}
type ReferralDoc = Omit<ReferralRecord, 'referralId'> & { _id: string } & Partial<ReceiverFields>;
const HIDDEN = { ...withoutOutbox, contractId: 0, providerId: 0, departmentCode: 0 } as const;
const toRecord = ({ _id, ...rest }: ReferralDoc): ReferralRecord => ({ referralId: _id, ...rest });

export function receiverFields(route: Route | undefined): ReceiverFields {
  return {
    contractId: route?.kind === 'provider' ? route.contractId : null,
    providerId: route?.kind === 'provider' ? route.providerId : null,
    departmentCode: route?.kind === 'department' ? route.departmentCode : null,
  };
}

/** A state change of a referral: what must hold before, what to set, the history entry and the events. */
export interface ReferralChange {
  expect: { status: ReferralStatus[]; attempt?: number };
  set: Partial<Omit<ReferralRecord, 'referralId' | 'history'>>;
  /** Set `route` to nothing (escalation to the township). */
  clearRoute?: boolean;
  history: Transition[];
  events: PendingEvent[];
}

export class ReferralRepository {
  static readonly collection = 'referrals';
  constructor(private readonly connection: Connection) {}

  private get referrals() {
    return this.connection.collection<ReferralDoc>(ReferralRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.referrals.createIndex({ caseId: 1 });
    await this.referrals.createIndex({ contractId: 1, month: 1 });
    await this.referrals.createIndex({ providerId: 1, status: 1 });
    await this.referrals.createIndex({ departmentCode: 1, region: 1 });
    await this.referrals.createIndex({ township: 1, status: 1 });
  }

  async exists(referralId: string): Promise<boolean> {
    return (await this.referrals.countDocuments({ _id: referralId }, { limit: 1 })) > 0;
  }

  async create(record: ReferralRecord, events: PendingEvent[]): Promise<boolean> {
    const { referralId, ...rest } = record;
    try {
      await this.referrals.insertOne({
        _id: referralId,
        ...rest,
        ...receiverFields(record.route),
        ...newWithOutbox(events),
      } as never);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async countForContract(contractId: string, month: string): Promise<number> {
    return this.referrals.countDocuments({ contractId, month });
  }

  /** The provider's current load: its referrals not yet completed, cancelled or failed. */
  async countOpenForProvider(providerId: string): Promise<number> {
    return this.referrals.countDocuments({ providerId, status: { $in: OPEN_STATES } });
  }

  /**
   * Applies a change with its events in one update, only if the referral is still as expected (state and
   * routing attempt); false when it moved meanwhile (a redelivered event, a timer that lost the race).
   */
  async change(referralId: string, change: ReferralChange): Promise<boolean> {
    const outbox = appendToOutbox(change.events);
    const route = change.clearRoute ? undefined : change.set.route;
    const receiver = change.clearRoute || change.set.route ? receiverFields(route) : {};
    return withDocumentLock(this.connection, ReferralRepository.collection, referralId, async () => {
      const current = await this.referrals.findOne({ _id: referralId }, { projection: { status: 1, attempt: 1 } });
      if (!current || !change.expect.status.includes(current.status)) return false;
      if (change.expect.attempt !== undefined && (current.attempt ?? 1) !== change.expect.attempt) return false;
      const result = await this.referrals.updateOne({ _id: referralId, status: current.status }, {
        $set: {
          ...change.set,
          ...(change.clearRoute ? { route: null } : {}),
          ...receiver,
          ...(change.events.length ? outbox.$set : {}),
        },
        $push: {
          history: { $each: change.history },
          ...(change.events.length ? outbox.$push : {}),
        },
      } as never);
      return result.modifiedCount === 1;
    });
  }

  /** Moves a referral on from waiting for consent, with its events, in one update; false if it moved meanwhile. */
  async recordSharingOverride(
    referralId: string,
    set: { status: ReferralStatus; sharingBasis: SharingBasis; answerDueAt?: string },
    events: PendingEvent[],
    history: Transition[],
  ): Promise<boolean> {
    return this.change(referralId, { expect: { status: ['awaiting_consent'] }, set, history, events });
  }

  /** Cancels a referral that is still open, with its event, in one update; false if it was not open. */
  async cancel(
    referralId: string,
    cancellation: { reason: string; at: string },
    events: PendingEvent[],
    history: Transition[],
  ): Promise<boolean> {
    return this.change(referralId, {
      expect: { status: OPEN_STATES },
      set: { status: 'cancelled', cancellation },
      history,
      events,
    });
  }

  async get(referralId: string): Promise<ReferralRecord | null> {
    const doc = await this.referrals.findOne({ _id: referralId }, { projection: HIDDEN });
    return doc ? clean(toRecord(doc)) : null;
  }

  async listWithin(jurisdiction: string, caseId: string | undefined, limit: number): Promise<ReferralRecord[]> {
    const docs = await this.referrals
      .find({ ...withinJurisdiction('township', jurisdiction), ...(caseId ? { caseId } : {}) }, { projection: HIDDEN })
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => clean(toRecord(d)));
  }

  /**
   * A receiver's referrals: a department's (in its region, and within `within` when its jurisdiction is
   * narrower than the region) or a provider's; only ones already sent to it (a
   * referral never shared — no consent nor override — stays hidden even once cancelled).
   */
  async listForReceiver(
    receiver: { departmentCode: string; region: string; within?: string } | { providerId: string },
    limit: number,
  ): Promise<ReferralRecord[]> {
    const { within, ...who } = receiver as { within?: string };
    const docs = await this.referrals
      .find(
        {
          ...who,
          ...(within ? withinJurisdiction('township', within) : {}),
          sharingBasis: { $exists: true },
          status: { $in: ['requested', 'received', 'accepted', 'in_progress', 'completed', 'failed', 'cancelled'] },
        },
        { projection: HIDDEN },
      )
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => clean(toRecord(d)));
  }
}

/** A cleared route is stored as null; the record has none. */
function clean(r: ReferralRecord): ReferralRecord {
  if (r.route === null) delete r.route;
  return r;
}

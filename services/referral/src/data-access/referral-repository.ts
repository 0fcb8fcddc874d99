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
import type { ReferralRecord, ReferralStatus, SharingBasis } from '../domain/referral';

type ReferralDoc = Omit<ReferralRecord, 'referralId'> & { _id: string; contractId?: string };
const HIDDEN = { ...withoutOutbox, contractId: 0 } as const;
const toRecord = ({ _id, ...rest }: ReferralDoc): ReferralRecord => ({ referralId: _id, ...rest });

export class ReferralRepository {
  static readonly collection = 'referrals';
  constructor(private readonly connection: Connection) {}

  private get referrals() {
    return this.connection.collection<ReferralDoc>(ReferralRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.referrals.createIndex({ caseId: 1 });
    await this.referrals.createIndex({ contractId: 1, month: 1 });
    await this.referrals.createIndex({ township: 1, status: 1 });
  }

  async exists(referralId: string): Promise<boolean> {
    return (await this.referrals.countDocuments({ _id: referralId }, { limit: 1 })) > 0;
  }

  async create(record: ReferralRecord, events: PendingEvent[]): Promise<boolean> {
    const { referralId, ...rest } = record;
    const contractId = record.route?.kind === 'provider' ? record.route.contractId : undefined;
    try {
      await this.referrals.insertOne({
        _id: referralId,
        ...rest,
        ...(contractId ? { contractId } : {}),
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

  /** Moves a referral forward only from the given states (idempotent for redelivered events). */
  async advance(referralId: string, from: ReferralStatus[], to: ReferralStatus): Promise<void> {
    await withDocumentLock(this.connection, ReferralRepository.collection, referralId, () =>
      this.referrals.updateOne({ _id: referralId, status: { $in: from } }, { $set: { status: to } }),
    );
  }

  /** Moves a referral on from waiting for consent, with its events, in one update; false if it moved meanwhile. */
  async recordSharingOverride(
    referralId: string,
    set: { status: ReferralStatus; sharingBasis: SharingBasis },
    events: PendingEvent[],
  ): Promise<boolean> {
    const outbox = appendToOutbox(events);
    return withDocumentLock(this.connection, ReferralRepository.collection, referralId, async () => {
      const result = await this.referrals.updateOne({ _id: referralId, status: 'awaiting_consent' }, {
        $set: { ...set, ...outbox.$set },
        $push: outbox.$push,
      } as never);
      return result.modifiedCount === 1;
    });
  }

  /** Cancels a referral that is still open, with its event, in one update; false if it was not open. */
  async cancel(
    referralId: string,
    cancellation: { reason: string; at: string },
    events: PendingEvent[],
  ): Promise<boolean> {
    const outbox = appendToOutbox(events);
    return withDocumentLock(this.connection, ReferralRepository.collection, referralId, async () => {
      const result = await this.referrals.updateOne(
        {
          _id: referralId,
          status: { $in: ['awaiting_consent', 'requested', 'awaiting_provider', 'accepted', 'in_progress'] },
        },
        { $set: { status: 'cancelled', cancellation, ...outbox.$set }, $push: outbox.$push } as never,
      );
      return result.modifiedCount === 1;
    });
  }

  async get(referralId: string): Promise<ReferralRecord | null> {
    const doc = await this.referrals.findOne({ _id: referralId }, { projection: HIDDEN });
    return doc ? toRecord(doc) : null;
  }

  async listWithin(jurisdiction: string, caseId: string | undefined, limit: number): Promise<ReferralRecord[]> {
    const docs = await this.referrals
      .find({ ...withinJurisdiction('township', jurisdiction), ...(caseId ? { caseId } : {}) }, { projection: HIDDEN })
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray();
    return docs.map(toRecord);
  }
}

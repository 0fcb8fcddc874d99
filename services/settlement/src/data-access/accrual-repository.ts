import {
  withinJurisdiction,
  withoutOutbox,
  isDuplicateKeyError,
  newWithOutbox,
  type PendingEvent,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Accrual } from '../domain/accrual';

type AccrualDoc = Omit<Accrual, 'accrualId'> & { _id: string };

const toAccrual = ({ _id, ...rest }: AccrualDoc): Accrual => ({ accrualId: _id, ...rest });

/** Accruals of settlement, one per delivered visit. Returns plain objects. */
export class AccrualRepository {
  static readonly collection = 'accruals';
  constructor(private readonly connection: Connection) {}

  private get accruals() {
    return this.connection.collection<AccrualDoc>(AccrualRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.accruals.createIndex({ providerId: 1, month: 1, township: 1 });
  }

  /** Accrues a visit once: a second call for the same visit changes nothing and returns false. */
  async record(accrual: Accrual, events: PendingEvent[]): Promise<boolean> {
    const { accrualId, ...rest } = accrual;
    try {
      await this.accruals.insertOne({ _id: accrualId, ...rest, ...newWithOutbox(events) } as never);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async get(visitId: string): Promise<Accrual | null> {
    const doc = await this.accruals.findOne({ _id: visitId }, { projection: withoutOutbox });
    return doc ? toAccrual(doc) : null;
  }

  /** Every accrual of a provider's month, optionally only townships under a code prefix; oldest first. */
  async listForStatement(scope: { providerId: string; month: string; township?: string }): Promise<Accrual[]> {
    const docs = await this.accruals
      .find(
        {
          providerId: scope.providerId,
          month: scope.month,
          ...(scope.township ? { ...withinJurisdiction('township', scope.township) } : {}),
        },
        { projection: withoutOutbox },
      )
      .sort({ deliveredAt: 1, _id: 1 })
      .toArray();
    return docs.map(toAccrual);
  }
}

import { withinJurisdiction, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Accrual } from '../domain/accrual';
import type { StatementAccruals } from '../domain/monthly-statement/handle-monthly-statement';

const COLLECTION = 'accruals';

type AccrualDoc = { _id: string } & Record<string, unknown>;

/** An accrual as stored: its document id is the visit id (a visit accrues once). */
export const accrualMapping: StateMapping<Accrual> = {
  collection: COLLECTION,
  toDocument: ({ accrualId: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ accrualId: _id, ...fields }) as Accrual,
};

/** Accruals of settlement, one per delivered visit, as queries read them. Returns plain objects. */
export class AccrualRepository implements StatementAccruals {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get accruals() {
    return this.connection.collection<AccrualDoc>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.accruals.createIndex({ providerId: 1, month: 1, township: 1 });
  }

  async get(visitId: string): Promise<Accrual | null> {
    const doc = await this.accruals.findOne({ _id: visitId }, { projection: withoutOutbox });
    return doc ? accrualMapping.fromDocument(doc) : null;
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
    return docs.map((d) => accrualMapping.fromDocument(d));
  }
}

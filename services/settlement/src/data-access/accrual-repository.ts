import { WHOLE_ANSWER, withinJurisdiction, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Accrual } from '../domain/accrual';

const COLLECTION = 'accruals';

type AccrualDoc = { _id: string } & Record<string, unknown>;

/** An accrual as stored: its document id is the visit id (a visit accrues once). */
export const accrualMapping: StateMapping<Accrual> = {
  collection: COLLECTION,
  toDocument: ({ accrualId: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ accrualId: _id, ...fields }) as Accrual,
};

/** Accruals written before the fields statements read were added: read as the history they are. */
function withDefaults(a: Accrual): Accrual {
  return {
    ...a,
    county: a.county ?? a.township.slice(0, 6),
    serviceDate: a.serviceDate ?? new Date(Date.parse(a.deliveredAt) + 8 * 3600_000).toISOString().slice(0, 10),
    verification: a.verification ?? 'unverified',
    verificationReason: a.verificationReason ?? 'no_confirmation_in_time',
    deliveryVersion: a.deliveryVersion ?? 1,
    feeSource: a.feeSource ?? 'catalogue',
  };
}

/** Where a provider works in a month: one statement per township. */
export interface StatementPlace {
  region: string;
  township: string;
  providerId: string;
}

/** Accruals of settlement, one per delivered visit, as queries read them. Returns plain objects. */
export class AccrualRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get accruals() {
    return this.connection.collection<AccrualDoc>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.accruals.createIndex({ providerId: 1, month: 1, township: 1 });
    await this.accruals.createIndex({ month: 1, township: 1 });
  }

  async get(visitId: string): Promise<Accrual | null> {
    const doc = await this.accruals.findOne({ _id: visitId }, { projection: withoutOutbox });
    return doc ? withDefaults(accrualMapping.fromDocument(doc)) : null;
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
        { projection: withoutOutbox, ...WHOLE_ANSWER },
      )
      .sort({ deliveredAt: 1, _id: 1 })
      .toArray();
    return docs.map((d) => withDefaults(accrualMapping.fromDocument(d)));
  }

  /** The accruals of one statement's months (its own and the confirmed ones before it). */
  async ofStatement(place: { providerId: string; township: string }, months: readonly string[]): Promise<Accrual[]> {
    if (months.length === 0) return [];
    const docs = await this.accruals
      .find(
        { providerId: place.providerId, township: place.township, month: { $in: [...months] } },
        { projection: withoutOutbox, ...WHOLE_ANSWER },
      )
      .toArray();
    return docs.map((d) => withDefaults(accrualMapping.fromDocument(d)));
  }

  /** Every accrual of a year within a jurisdiction code prefix (a county): the population of its spot checks. */
  async ofYear(within: string, year: number): Promise<Accrual[]> {
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const docs = await this.accruals
      .find(
        { month: { $in: months }, ...withinJurisdiction('township', within) },
        { projection: withoutOutbox, ...WHOLE_ANSWER },
      )
      .toArray();
    return docs.map((d) => withDefaults(accrualMapping.fromDocument(d)));
  }

  /** The provider × township pairs with visits in a month, within a township code prefix (and one provider). */
  async placesOfMonth(month: string, within: string, providerId?: string): Promise<StatementPlace[]> {
    const docs = await this.accruals
      .find(
        { month, ...withinJurisdiction('township', within), ...(providerId ? { providerId } : {}) },
        { projection: { region: 1, township: 1, providerId: 1 }, ...WHOLE_ANSWER },
      )
      .toArray();
    const places = new Map<string, StatementPlace>();
    for (const d of docs) {
      const place = { region: String(d.region), township: String(d.township), providerId: String(d.providerId) };
      places.set(`${place.township}|${place.providerId}`, place);
    }
    return [...places.values()];
  }
}

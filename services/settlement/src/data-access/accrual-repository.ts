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

/** Accruals of a month read per batch: a few MB each (an accrual is under 1 KB), far below the 16 MB of one. */
const MONTH_BATCH = 5_000;

/** Townships within a code prefix: one township's code is an equality (pushed down), a wider one a regex. */
const townshipsWithin = (within: string) =>
  /^\d{9}$/.test(within) ? { township: within } : withinJurisdiction('township', within);

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

  /**
   * The accruals of one statement's months (its own and the confirmed ones before it): one equality query per
   * month, side by side, each pushed down whole (an `$in` of months is checked in Go on every month of the place).
   */
  async ofStatement(place: { providerId: string; township: string }, months: readonly string[]): Promise<Accrual[]> {
    const perMonth = await Promise.all(
      [...new Set(months)].map((month) =>
        this.accruals
          .find(
            { providerId: place.providerId, township: place.township, month },
            { projection: withoutOutbox, ...WHOLE_ANSWER },
          )
          .toArray(),
      ),
    );
    return perMonth.flat().map((d) => withDefaults(accrualMapping.fromDocument(d)));
  }

  /**
   * Every accrual of a month within a township code prefix (and of one provider): what all the month's
   * statements are computed from, read in one pass rather than once for the places and again per statement.
   * A month holds up to a million accruals, more than one answer may carry (16 MB): it comes in batches of
   * MONTH_BATCH, its cursor open (one PostgreSQL connection on FerretDB) until the last.
   */
  async ofMonth(month: string, within: string, providerId?: string): Promise<Accrual[]> {
    const out: Accrual[] = [];
    const cursor = this.accruals.find(
      { month, ...townshipsWithin(within), ...(providerId ? { providerId } : {}) },
      { projection: withoutOutbox, batchSize: MONTH_BATCH },
    );
    for await (const d of cursor) out.push(withDefaults(accrualMapping.fromDocument(d)));
    return out;
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
}

import { WHOLE_ANSWER, withinJurisdiction, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { StoredStatement } from '../domain/statement/statement';

const COLLECTION = 'statements';

export const statementMapping: StateMapping<StoredStatement> = {
  collection: COLLECTION,
  toDocument: ({ statementId: _id, ...fields }) =>
    fields.ledger ? { ...fields, ledgerKeys: ledgerKeysOf(fields.ledger) } : fields,
  fromDocument: ({ _id, _version: _v, ledgerKeys: _k, ...fields }) =>
    ({ statementId: _id, ...fields }) as StoredStatement,
};

/** `<county>|<budgetYear>` of a statement's ledger entries: what the county-year's ledger is found by. */
export const ledgerKeyOf = (county: string, year: number) => `${county}|${year}`;
const ledgerKeysOf = (entries: readonly { county: string; budgetYear: number }[]) => [
  ...new Set(entries.map((e) => ledgerKeyOf(e.county, e.budgetYear))),
];

/** Confirmed (and later) statements; drafts are computed, not stored. */
export class StatementRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get statements() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.statements.createIndex({ providerId: 1, township: 1, month: 1 });
    await this.statements.createIndex({ month: 1, township: 1 });
  }

  /** Every stored statement of a provider in a township, oldest month first. */
  async ofPlace(place: { providerId: string; township: string }): Promise<StoredStatement[]> {
    const docs = await this.statements
      .find({ providerId: place.providerId, township: place.township }, { projection: withoutOutbox, ...WHOLE_ANSWER })
      .sort({ month: 1 })
      .toArray();
    return docs.map((d) => statementMapping.fromDocument(d));
  }

  /**
   * Where statements of some months (a month and the month before) are stored, within a township code prefix
   * (and of one provider): their places only, not their frozen lines. One equality query per month, side by
   * side (an `$in` of months is checked in Go on every stored statement).
   */
  async placesOfMonths(
    months: readonly string[],
    within: string,
    providerId?: string,
  ): Promise<{ region: string; township: string; providerId: string }[]> {
    const perMonth = await Promise.all(
      [...new Set(months)].map((month) =>
        this.statements
          .find(
            { month, ...withinJurisdiction('township', within), ...(providerId ? { providerId } : {}) },
            { projection: { region: 1, township: 1, providerId: 1 }, ...WHOLE_ANSWER },
          )
          .toArray(),
      ),
    );
    return perMonth
      .flat()
      .map((d) => ({ region: String(d.region), township: String(d.township), providerId: String(d.providerId) }));
  }
}

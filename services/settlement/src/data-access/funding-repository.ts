import type { PolicyPacks } from '@carelink/policy';
import {
  once,
  WHOLE_ANSWER,
  withDocumentLock,
  withinJurisdiction,
  withoutOutbox,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { FamilyTopUp } from '../domain/funding/allocate-line';
import { countyYearIdOf, type CountyYearReservations } from '../domain/funding/funding-reservation';
import { backfillLedgers, type LedgerBackfill } from '../domain/funding/ledger-backfill';
import type { PersonFacts } from '../domain/funding/person-facts';
import type { StoredTopUpConsent } from '../domain/funding/top-up-consent';
import type { StoredStatement } from '../domain/statement/statement';
import { ledgerKeyOf, statementMapping, StatementRepository } from './statement-repository';

const PERSONS = 'funded_persons';
const TOP_UPS = 'top_up_consents';
const RESERVATIONS = 'funding_reservations';

/** The name the ledger backfill of statements approved before the ledger is marked done by (`data_migrations`). */
export const LEDGER_BACKFILL = 'statements: ledger entries of statements approved before the ledger';

export const personFactsMapping: StateMapping<PersonFacts> = {
  collection: PERSONS,
  toDocument: ({ caseId: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ caseId: _id, ...fields }) as PersonFacts,
};

/** A family's consent is stored under its case id. */
export const topUpConsentMapping: StateMapping<StoredTopUpConsent> = {
  collection: TOP_UPS,
  toDocument: ({ caseId: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ caseId: _id, ...fields }) as StoredTopUpConsent,
};

/** A county-year's funding reservations, one document by `<county>|<year>` (see `funding-reservation.ts`). */
export const fundingReservationsMapping: StateMapping<CountyYearReservations> = {
  collection: RESERVATIONS,
  toDocument: ({ countyYear: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ countyYear: _id, ...fields }) as CountyYearReservations,
};

/**
 * What funding reads: the ledger (the entries stored with the approved statements), the persons' eligibility
 * facts and the families' 低保 top-up consents. Plain objects.
 */
export class FundingRepository {
  static readonly collections = [PERSONS, TOP_UPS];
  constructor(private readonly connection: Connection) {}

  private collection(name: string) {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(name);
  }

  async prepare(): Promise<void> {
    await this.collection(PERSONS).createIndex({ caseNumber: 1 });
    await this.collection(TOP_UPS).createIndex({ township: 1 });
    await this.collection(StatementRepository.collection).createIndex({ ledgerKeys: 1 });
  }

  /** The approved (and paid) statements holding entries of a county's budget year, with their ledgers. */
  async approvedOf(county: string, year: number): Promise<StoredStatement[]> {
    const docs = await this.collection(StatementRepository.collection)
      .find(
        { state: { $in: ['approved', 'paid'] }, ledgerKeys: ledgerKeyOf(county, year) },
        { projection: withoutOutbox, ...WHOLE_ANSWER },
      )
      .toArray();
    return docs.map((d) => statementMapping.fromDocument(d)).sort((a, b) => (a.statementId < b.statementId ? -1 : 1));
  }

  /** The approvals of a county-year in flight (one `findOne {_id}`). */
  async reservationsOf(county: string, year: number): Promise<CountyYearReservations | undefined> {
    const doc = await this.collection(RESERVATIONS).findOne(
      { _id: countyYearIdOf(county, year) },
      { projection: withoutOutbox },
    );
    return doc ? fundingReservationsMapping.fromDocument(doc) : undefined;
  }

  /**
   * Once per database, at the start (before requests): the approved and paid statements stored before the ledger
   * existed get their ledger entries (`backfillLedgers`: replayed in approval order on top of the entries booked
   * since). Reads every approved and paid statement once (`state` equality, no index: a one-time pass); writes
   * each old one by `_id` under its document lock, only while it still has no ledger, with its version moved on
   * (a commit that read it before decides again). Returns what it booked.
   */
  async backfillLedgers(policies: Pick<PolicyPacks, 'get'>): Promise<LedgerBackfill[]> {
    let booked: LedgerBackfill[] = [];
    await once(this.connection, LEDGER_BACKFILL, async () => {
      const statements = this.collection(StatementRepository.collection);
      const approved = [];
      for (const state of ['approved', 'paid'])
        for await (const doc of statements.find({ state }, { projection: withoutOutbox, batchSize: 500 }))
          approved.push(statementMapping.fromDocument(doc));
      const unbooked = approved.filter((s) => s.ledger === undefined);
      if (unbooked.length === 0) return;
      const caseIds = [...new Set(unbooked.flatMap((s) => s.frozen.lines.map((l) => l.caseId)))];
      const persons = new Map<string, PersonFacts>();
      const topUps = new Map<string, FamilyTopUp>();
      for (let i = 0; i < caseIds.length; i += 50) {
        const some = caseIds.slice(i, i + 50);
        const [p, t] = await Promise.all([this.persons(some), this.topUps(some)]);
        for (const [k, v] of p) persons.set(k, v);
        for (const [k, v] of t) topUps.set(k, v);
      }
      booked = backfillLedgers({
        unbooked,
        booked: approved.filter((s) => s.ledger !== undefined),
        packOf: (region) => policies.get(region),
        persons,
        topUps,
      });
      const byId = new Map(unbooked.map((s) => [s.statementId, s]));
      for (const b of booked) {
        const { ledger, ledgerKeys } = statementMapping.toDocument({ ...byId.get(b.statementId)!, ledger: b.entries });
        await withDocumentLock(this.connection, StatementRepository.collection, b.statementId, () =>
          statements.updateOne(
            { _id: b.statementId, ledger: { $exists: false } } as never,
            { $set: { ledger, ledgerKeys }, $inc: { _version: 1 } } as never,
          ),
        );
      }
    });
    return booked;
  }

  async persons(caseIds: readonly string[]): Promise<Map<string, PersonFacts>> {
    if (caseIds.length === 0) return new Map();
    const docs = await this.byIds(PERSONS, caseIds);
    return new Map(docs.map((d) => [d._id, personFactsMapping.fromDocument(d)]));
  }

  async personByCaseNumber(caseNumber: string): Promise<PersonFacts | undefined> {
    const doc = await this.collection(PERSONS).findOne({ caseNumber }, { projection: withoutOutbox });
    return doc ? personFactsMapping.fromDocument(doc) : undefined;
  }

  async topUps(familyIds: readonly string[]): Promise<Map<string, FamilyTopUp>> {
    if (familyIds.length === 0) return new Map();
    const docs = await this.byIds(TOP_UPS, familyIds);
    return new Map(docs.map((d) => [d._id, topUpConsentMapping.fromDocument(d)]));
  }

  async topUpConsentsWithin(jurisdiction: string): Promise<StoredTopUpConsent[]> {
    const docs = await this.collection(TOP_UPS)
      .find(withinJurisdiction('township', jurisdiction), { projection: withoutOutbox, ...WHOLE_ANSWER })
      .toArray();
    return docs.map((d) => topUpConsentMapping.fromDocument(d)).sort((a, b) => (a.caseNumber < b.caseNumber ? -1 : 1));
  }

  /** Documents by id: one `findOne {_id}` each, in parallel (FerretDB does not push an `$in` down: it would read the collection). */
  private async byIds(collection: string, ids: readonly string[]) {
    const found = await Promise.all(
      [...new Set(ids)].map((_id) => this.collection(collection).findOne({ _id }, { projection: withoutOutbox })),
    );
    return found.filter((d) => d !== null);
  }
}

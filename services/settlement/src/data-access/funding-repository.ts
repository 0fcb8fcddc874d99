import { WHOLE_ANSWER, withinJurisdiction, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { FamilyTopUp } from '../domain/funding/allocate-line';
import type { LedgerEntry } from '../domain/funding/allocation-ledger';
import type { PersonFacts } from '../domain/funding/person-facts';
import type { StoredTopUpConsent } from '../domain/funding/top-up-consent';
import type { StoredStatement } from '../domain/statement/statement';
import { ledgerKeyOf, statementMapping, StatementRepository } from './statement-repository';

const PERSONS = 'funded_persons';
const TOP_UPS = 'top_up_consents';

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

  /** The ledger entries of a county's budget year, over every approved statement. */
  async ledgerOf(county: string, year: number): Promise<LedgerEntry[]> {
    return (await this.approvedOf(county, year)).flatMap((s) =>
      (s.ledger ?? []).filter((e) => e.county === county && e.budgetYear === year),
    );
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

import {
  appendToOutbox,
  backfillOnce,
  dropIndexesIfPresent,
  inJurisdiction,
  isDuplicateKeyError,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
  newWithOutbox,
  withDocumentLock,
  withoutOutbox,
  type PendingEvent,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { CaseState, CaseStatus, LevelDecision } from '../domain/case';

/**
 * Stored with each case for queries FerretDB pushes down (docs/QUERIES.md): the person's id at the top level
 * (a dotted path is not pushed down), every jurisdiction its township lies within, and the month it was
 * opened in (the bucket of newest-first listings).
 */
interface QueryFields {
  personId: string;
  jurisdictions: string[];
  openedMonth: string;
}

type CaseDoc = Omit<CaseState, 'caseId'> & { _id: string } & Partial<QueryFields>;

const queryFields = (c: Pick<CaseState, 'person' | 'address' | 'openedAt'>): QueryFields => ({
  personId: c.person.personId,
  jurisdictions: jurisdictionsOf(c.address?.township ?? ''),
  openedMonth: monthOf(c.openedAt),
});

/** What the repository returns: no outbox, no query fields. */
const HIDDEN = { ...withoutOutbox, personId: 0, jurisdictions: 0, openedMonth: 0 } as const;

const toState = ({ _id, ...rest }: CaseDoc): CaseState => ({ caseId: _id, ...rest });

export class CaseRepository {
  static readonly collection = 'cases';
  private readonly months: MonthBuckets;
  constructor(private readonly connection: Connection) {
    this.months = new MonthBuckets(connection, CaseRepository.collection);
  }

  private get cases() {
    return this.connection.collection<CaseDoc>(CaseRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.cases.createIndex({ jurisdictions: 1, openedMonth: 1, status: 1 });
    await this.cases.createIndex({ personId: 1 });
    await dropIndexesIfPresent(this.connection, CaseRepository.collection, [
      'address.township_1_status_1',
      'person.personId_1',
    ]);
    await this.months.prepare();
    await backfillOnce<CaseDoc>(this.connection, 'cases: personId, jurisdictions and openedMonth', {
      collection: CaseRepository.collection,
      missing: 'openedMonth',
      projection: { person: 1, address: 1, openedAt: 1 },
      fieldsOf: async (c) => {
        const fields = queryFields(c);
        await this.months.note(fields.openedMonth);
        return fields;
      },
    });
  }

  /** Opens a case once: a second call with the same case id changes nothing and returns false. */
  async open(state: CaseState, events: PendingEvent[]): Promise<boolean> {
    const { caseId, ...rest } = state;
    const fields = queryFields(state);
    await this.months.note(fields.openedMonth);
    try {
      await this.cases.insertOne({ _id: caseId, ...rest, ...fields, ...newWithOutbox(events) } as never);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async get(caseId: string): Promise<CaseState | null> {
    const doc = await this.cases.findOne({ _id: caseId }, { projection: HIDDEN });
    return doc ? toState(doc) : null;
  }

  /**
   * Applies a change if nobody changed the case meanwhile (version check under the document lock), with
   * the events it causes in the same single-document update. False when the case moved on.
   */
  async applyChange(
    caseId: string,
    expectedVersion: number,
    change: { set: Partial<Omit<CaseState, 'caseId' | 'version'>>; decision?: LevelDecision },
    events: PendingEvent[],
  ): Promise<boolean> {
    const outbox = appendToOutbox(events);
    const push = { ...outbox.$push, ...(change.decision ? { decisions: change.decision } : {}) };
    return withDocumentLock(this.connection, CaseRepository.collection, caseId, async () => {
      const result = await this.cases.updateOne({ _id: caseId, version: expectedVersion }, {
        $set: { ...change.set, version: expectedVersion + 1, ...outbox.$set },
        $push: push,
      } as never);
      return result.modifiedCount === 1;
    });
  }

  async ofPerson(personId: string): Promise<CaseState[]> {
    const docs = await this.cases.find({ personId }, { projection: HIDDEN }).toArray();
    return docs.map(toState);
  }

  /** Cases within a jurisdiction (optionally in one status), newest first: read an opening month at a time. */
  async listWithin(jurisdiction: string, status: CaseStatus | undefined, limit: number): Promise<CaseState[]> {
    const docs = await newestFirst(await this.months.months(), limit, (openedMonth, n) =>
      this.cases
        .find({ ...inJurisdiction(jurisdiction), openedMonth, ...(status ? { status } : {}) }, { projection: HIDDEN })
        .sort({ openedAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map(toState);
  }
}

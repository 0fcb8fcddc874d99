import { ageInFullYears, maskResidentId, type Decision } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import {
  backfillOnce,
  dropIndexesIfPresent,
  inJurisdiction,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
  withoutOutbox,
  type CommitPort,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { CaseCommits, CaseReads, CaseState, CaseStatus } from '../domain/case';
import type { AssessmentContext } from '../domain/use-case';

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

/** What the repository returns: no outbox, no version of the commit port, no query fields. */
const HIDDEN = { ...withoutOutbox, _version: 0, personId: 0, jurisdictions: 0, openedMonth: 0 } as const;

const toState = ({ _id, personId: _p, jurisdictions: _j, openedMonth: _m, ...rest }: CaseDoc): CaseState => ({
  caseId: _id,
  ...rest,
});

/** A case opened before registrations carried ages: the birth date beside a mask that hid only it. */
interface OpenedBeforeAges {
  _id: string;
  openedAt: string;
  person: { personId: string; name: string; idNumberMasked: string; birthDate?: string };
}

/** The same person with the age on the day the case was opened (its registration) and a 3+2 mask. */
const personWithAge = ({ person, openedAt }: OpenedBeforeAges) => ({
  person: {
    personId: person.personId,
    name: person.name,
    idNumberMasked: maskResidentId(person.idNumberMasked),
    ...(person.birthDate ? { ageAtRegistration: ageInFullYears(person.birthDate, openedAt) } : {}),
  },
});

/** A case as stored: its fields, and the query fields beside them. */
export const caseDocuments: StateMapping<CaseState> = {
  collection: 'cases',
  toDocument: (state) => {
    const { caseId: _id, ...rest } = state;
    return Object.fromEntries(Object.entries({ ...rest, ...queryFields(state) }).filter(([, v]) => v !== undefined));
  },
  fromDocument: (doc) => toState(doc as CaseDoc),
};

/** The cases: queries, and the commits of the case use cases (through the service's commit port). */
export class CaseRepository implements CaseReads, CaseCommits {
  static readonly collection = caseDocuments.collection;
  private readonly months: MonthBuckets;
  constructor(
    private readonly connection: Connection,
    private readonly commits: CommitPort<{ policies: PolicyPacks }>,
  ) {
    this.months = new MonthBuckets(connection, CaseRepository.collection);
  }

  /** A new case's opening month is noted before the case is written (see MonthBuckets). */
  commit<R>(
    caseId: string,
    decide: (current: CaseState | undefined, ctx: AssessmentContext) => Decision<CaseState, R>,
  ): Promise<R> {
    return this.commits.commit(caseDocuments, caseId, async (current, ctx) => {
      const decision = decide(current, ctx);
      if (!current && decision.state) await this.months.note(monthOf(decision.state.openedAt));
      return decision;
    });
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
    await this.months.backfill('cases: personId, jurisdictions and openedMonth', {
      missing: 'openedMonth',
      projection: { person: 1, address: 1, openedAt: 1 },
      fieldsOf: queryFields,
    });
    await backfillOnce<OpenedBeforeAges>(this.connection, 'cases: ages instead of birth dates, 3+2 masks', {
      collection: CaseRepository.collection,
      missing: 'person.ageAtRegistration',
      projection: { person: 1, openedAt: 1 },
      fieldsOf: personWithAge,
    });
  }

  async get(caseId: string): Promise<CaseState | null> {
    const doc = await this.cases.findOne({ _id: caseId }, { projection: HIDDEN });
    return doc ? toState(doc) : null;
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

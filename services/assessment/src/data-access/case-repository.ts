import { ageInFullYears, maskResidentId, type Decision } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import {
  backfillOnce,
  countByMonth,
  countUpTo,
  dropIndexesIfPresent,
  inJurisdiction,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
  newestFirstPage,
  WHOLE_ANSWER,
  withoutOutbox,
  type CommitPort,
  type Page,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { CaseCommits, CaseReads, CaseState, CaseStatus } from '../domain/case';
import type { AssessmentContext } from '../domain/use-case';

/**
 * Stored with each case for queries FerretDB pushes down (docs/QUERIES.md): the person's id at the top level
 * (a dotted path is not pushed down), every jurisdiction its township lies within, the month it was opened in
 * (the bucket of newest-first listings) and, once decided, the month of the final decision (the bucket of the
 * time-to-decision statistics).
 */
interface QueryFields {
  personId: string;
  jurisdictions: string[];
  openedMonth: string;
  decidedMonth?: string;
}

type CaseDoc = Omit<CaseState, 'caseId'> & { _id: string } & Partial<QueryFields>;

const decidedMonthOf = (c: Pick<CaseState, 'status' | 'decisions'>) => {
  const last = c.decisions?.at(-1);
  return c.status === 'decided' && last ? monthOf(last.at) : undefined;
};

const queryFields = (c: Pick<CaseState, 'person' | 'address' | 'openedAt' | 'status' | 'decisions'>): QueryFields => ({
  personId: c.person.personId,
  jurisdictions: jurisdictionsOf(c.address?.township ?? ''),
  openedMonth: monthOf(c.openedAt),
  decidedMonth: decidedMonthOf(c),
});

/** What the repository returns: no outbox, no version of the commit port, no query fields. */
const HIDDEN = {
  ...withoutOutbox,
  _version: 0,
  personId: 0,
  jurisdictions: 0,
  openedMonth: 0,
  decidedMonth: 0,
} as const;

const toState = ({
  _id,
  personId: _p,
  jurisdictions: _j,
  openedMonth: _m,
  decidedMonth: _d,
  ...rest
}: CaseDoc): CaseState => ({
  caseId: _id,
  ...rest,
});

/** What a list of cases asks for, besides "within the caller's jurisdiction and region". */
export interface CaseQuery {
  statuses?: CaseStatus[];
  /** A township, and a village in it. */
  place?: { township: string; village?: string };
  itemCode?: string;
}

/** The cases' filter without the month: equalities first (pushed down), then what is checked on their rows. */
function caseFilter(scope: { jurisdiction: string; region: string }, q: CaseQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {
    ...inJurisdiction(q.place?.township ?? scope.jurisdiction),
    region: scope.region,
  };
  if (q.statuses?.length === 1) filter.status = q.statuses[0];
  if (q.itemCode) filter.itemCodes = q.itemCode;
  if (q.statuses && q.statuses.length > 1) filter.status = { $in: q.statuses };
  if (q.place?.village) filter['address.village'] = q.place.village;
  return filter;
}

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
    await this.cases.createIndex({ caseNumber: 1 });
    await this.cases.createIndex({ jurisdictions: 1, decidedMonth: 1 });
    await dropIndexesIfPresent(this.connection, CaseRepository.collection, [
      'address.township_1_status_1',
      'person.personId_1',
    ]);
    await this.months.prepare();
    await this.months.backfill('cases: personId, jurisdictions and openedMonth', {
      missing: 'openedMonth',
      projection: { person: 1, address: 1, openedAt: 1, status: 1, decisions: 1 },
      fieldsOf: queryFields,
    });
    await backfillOnce<CaseDoc>(this.connection, 'cases: decidedMonth', {
      collection: CaseRepository.collection,
      missing: 'decidedMonth',
      projection: { status: 1, decisions: 1 },
      // Cases not decided yet get '' (nothing to find them by), so the pass reads each case once.
      fieldsOf: (c) => ({ decidedMonth: decidedMonthOf(c) ?? '' }),
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

  /** A case by its id, or by its case number (CZ341702-2026-000053): what staff read out and type in. */
  async getByIdOrNumber(caseIdOrNumber: string): Promise<CaseState | null> {
    const byId = await this.get(caseIdOrNumber);
    if (byId) return byId;
    const doc = await this.cases.findOne({ caseNumber: caseIdOrNumber }, { projection: HIDDEN });
    return doc ? toState(doc) : null;
  }

  /**
   * A page of the cases within a jurisdiction and region matching `query`, newest opened first, with how many
   * match (up to TOTAL_CAP): a month of opening at a time, each read with equalities FerretDB pushes down.
   */
  async page(
    scope: { jurisdiction: string; region: string },
    query: CaseQuery,
    page: number,
    pageSize: number,
  ): Promise<Page<CaseState>> {
    const filter = caseFilter(scope, query);
    const months = await this.months.months();
    const [docs, counted] = await Promise.all([
      newestFirstPage(months, page, pageSize, (openedMonth, n) =>
        this.cases
          .find({ ...filter, openedMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
          .sort({ openedAt: -1 })
          .limit(n)
          .toArray(),
      ),
      countByMonth(months, (openedMonth, limit) =>
        countUpTo(this.connection.db!, CaseRepository.collection, { ...filter, openedMonth }, limit),
      ),
    ]);
    return { items: docs.map(toState), page, pageSize, ...counted };
  }

  /** The newest `limit` cases within a jurisdiction and region matching `query` (uncounted). */
  async newest(scope: { jurisdiction: string; region: string }, query: CaseQuery, limit: number): Promise<CaseState[]> {
    const filter = caseFilter(scope, query);
    const docs = await newestFirst(await this.months.months(), limit, (openedMonth, n) =>
      this.cases
        .find({ ...filter, openedMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
        .sort({ openedAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map(toState);
  }

  /**
   * Every case within a jurisdiction and region in one of `statuses` (cases waiting for an investigation or a
   * decision: the township's open work, not its history), at most `limit` of each status: one equality query
   * per status (jurisdiction, region and status pushed down), side by side.
   */
  async waiting(
    scope: { jurisdiction: string; region: string },
    query: CaseQuery & { statuses: CaseStatus[] },
    limit = 5000,
  ): Promise<CaseState[]> {
    const each = await Promise.all(
      query.statuses.map((status) =>
        this.cases
          .find(caseFilter(scope, { ...query, statuses: [status] }), { projection: HIDDEN, ...WHOLE_ANSWER })
          .limit(limit)
          .toArray(),
      ),
    );
    return each.flat().map(toState);
  }

  /**
   * The cases decided within [from, to) in a jurisdiction and region (time-to-decision statistics): the months of
   * decision the range touches, each an equality, side by side; the range is checked on their rows.
   */
  async decidedBetween(scope: { jurisdiction: string; region: string }, from: Date, to: Date): Promise<CaseState[]> {
    const first = monthOf(from);
    const last = monthOf(new Date(to.getTime() - 1));
    const months: string[] = [];
    for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
    const each = await Promise.all(
      months.map((decidedMonth) =>
        this.cases
          .find(
            { ...inJurisdiction(scope.jurisdiction), decidedMonth, region: scope.region },
            { projection: HIDDEN, ...WHOLE_ANSWER },
          )
          .limit(100_000)
          .toArray(),
      ),
    );
    return each
      .flat()
      .map(toState)
      .filter((c) => {
        const at = c.decisions.at(-1)?.at;
        return at !== undefined && Date.parse(at) >= from.getTime() && Date.parse(at) < to.getTime();
      });
  }

  async ofPerson(personId: string): Promise<CaseState[]> {
    const docs = await this.cases.find({ personId }, { projection: HIDDEN, ...WHOLE_ANSWER }).toArray();
    return docs.map(toState);
  }

  /** Cases within a jurisdiction (optionally in one status), newest first: read an opening month at a time. */
  async listWithin(jurisdiction: string, status: CaseStatus | undefined, limit: number): Promise<CaseState[]> {
    const docs = await newestFirst(await this.months.months(), limit, (openedMonth, n) =>
      this.cases
        .find(
          { ...inJurisdiction(jurisdiction), openedMonth, ...(status ? { status } : {}) },
          { projection: HIDDEN, ...WHOLE_ANSWER },
        )
        .sort({ openedAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map(toState);
  }
}

/** The month after a month (YYYY-MM). */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

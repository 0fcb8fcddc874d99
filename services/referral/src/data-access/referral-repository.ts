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
  type Page,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import { OPEN_STATES, type ReferralRecord, type ReferralStatus, type Route } from '../domain/referral';
import type { ReferralCounts } from '../domain/route-referral/candidates';

/** Top-level copies of the route for queries (FerretDB v1 pushes down no filter into a subdocument). */
interface ReceiverFields {
  contractId: string | null;
  providerId: string | null;
  departmentCode: string | null;
}
/**
 * Stored with each referral for queries FerretDB pushes down (docs/QUERIES.md): every jurisdiction its
 * township lies within, and the month it was created in (the bucket of newest-first listings; `month` is the
 * month whose capacity it counts against, which a re-routing moves).
 */
interface QueryFields {
  jurisdictions: string[];
  createdMonth: string;
  /** The first characters of the person's name (王, 王秀, 王秀英): what a search by name finds it by. */
  personNameKeys: string[];
}
type ReferralDoc = Omit<ReferralRecord, 'referralId'> & { _id: string } & Partial<ReceiverFields & QueryFields>;
const HIDDEN = {
  ...withoutOutbox,
  contractId: 0,
  providerId: 0,
  departmentCode: 0,
  jurisdictions: 0,
  createdMonth: 0,
  personNameKeys: 0,
} as const;
const toRecord = ({ _id, ...rest }: ReferralDoc): ReferralRecord => ({ referralId: _id, ...rest });

const nameKeys = (r: Pick<ReferralRecord, 'person'>) => {
  const chars = [...(r.person?.name ?? '').trim()];
  return chars.map((_, i) => chars.slice(0, i + 1).join('')).slice(0, 50);
};

const queryFields = (r: Pick<ReferralRecord, 'township' | 'createdAt' | 'person'>): QueryFields => ({
  jurisdictions: jurisdictionsOf(r.township ?? ''),
  createdMonth: monthOf(r.createdAt),
  personNameKeys: nameKeys(r),
});

/** The states in which a receiver sees a referral (sent to it: not before, not once routed elsewhere). */
const SENT_STATES: ReferralStatus[] = [
  'requested',
  'received',
  'accepted',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
];

/** What a list of referrals asks for, besides the caller's scope. */
export interface ReferralQuery {
  statuses?: ReferralStatus[];
  /** A township (or county) within the caller's jurisdiction. */
  place?: string;
  itemCode?: string;
  departmentCode?: string;
  providerId?: string;
  caseId?: string;
  caseNumber?: string;
  /** The person's name, whole or its first characters. */
  personName?: string;
}

/** Who a receiver's list is for: a department (within `within` when narrower than its region) or a provider. */
export type Receiver = { departmentCode: string; region: string; within?: string } | { providerId: string };

/** The equalities of a query (pushed down), then the rest (checked on the rows they return). */
function queryFilter(q: ReferralQuery): Record<string, unknown> {
  return {
    ...(q.statuses?.length === 1 ? { status: q.statuses[0] } : {}),
    ...(q.itemCode ? { itemCode: q.itemCode } : {}),
    ...(q.departmentCode ? { departmentCode: q.departmentCode } : {}),
    ...(q.providerId ? { providerId: q.providerId } : {}),
    ...(q.caseId ? { caseId: q.caseId } : {}),
    ...(q.caseNumber ? { caseNumber: q.caseNumber } : {}),
    ...(q.personName ? { personNameKeys: q.personName } : {}),
    ...(q.statuses && q.statuses.length > 1 ? { status: { $in: q.statuses } } : {}),
  };
}

/** Staff's filter within their jurisdiction and region. */
function staffFilter(scope: { jurisdiction: string; region: string }, q: ReferralQuery): Record<string, unknown> {
  return { ...inJurisdiction(q.place ?? scope.jurisdiction), region: scope.region, ...queryFilter(q) };
}

/** A receiver's filter: only referrals sent to it (shared, in a sent state). */
function receiverFilter(receiver: Receiver, q: ReferralQuery): Record<string, unknown> {
  const { within, ...who } = receiver as { within?: string };
  const statuses = (q.statuses ?? SENT_STATES).filter((s) => SENT_STATES.includes(s));
  return {
    ...who,
    ...(within ? inJurisdiction(within) : {}),
    ...(q.place ? { jurisdictions: q.place } : {}),
    ...queryFilter({ ...q, statuses: statuses.length === 1 ? statuses : undefined }),
    sharingBasis: { $exists: true },
    ...(statuses.length === 1 ? {} : { status: { $in: statuses.length ? statuses : ['none'] } }),
  };
}

export function receiverFields(route: Route | undefined): ReceiverFields {
  return {
    contractId: route?.kind === 'provider' ? route.contractId : null,
    providerId: route?.kind === 'provider' ? route.providerId : null,
    departmentCode: route?.kind === 'department' ? route.departmentCode : null,
  };
}

export class ReferralRepository implements ReferralCounts {
  static readonly collection = 'referrals';
  private readonly months: MonthBuckets;
  constructor(private readonly connection: Connection) {
    this.months = new MonthBuckets(connection, ReferralRepository.collection);
  }

  private get referrals() {
    return this.connection.collection<ReferralDoc>(ReferralRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.referrals.createIndex({ caseId: 1 });
    await this.referrals.createIndex({ caseNumber: 1 });
    await this.referrals.createIndex({ personNameKeys: 1, jurisdictions: 1 });
    await this.referrals.createIndex({ contractId: 1, month: 1 });
    await this.referrals.createIndex({ providerId: 1, status: 1 });
    await this.referrals.createIndex({ providerId: 1, createdMonth: 1 });
    await this.referrals.createIndex({ departmentCode: 1, region: 1, createdMonth: 1 });
    await this.referrals.createIndex({ jurisdictions: 1, createdMonth: 1 });
    await dropIndexesIfPresent(this.connection, ReferralRepository.collection, [
      'departmentCode_1_region_1',
      'township_1_status_1',
    ]);
    await this.months.prepare();
    await this.months.backfill('referrals: jurisdictions and createdMonth', {
      missing: 'createdMonth',
      projection: { township: 1, createdAt: 1, person: 1 },
      fieldsOf: queryFields,
    });
    await backfillOnce<ReferralDoc>(this.connection, 'referrals: person name keys', {
      collection: ReferralRepository.collection,
      missing: 'personNameKeys',
      projection: { person: 1 },
      fieldsOf: (r) => ({ personNameKeys: nameKeys(r) }),
    });
  }

  /**
   * Every referral of the caller's scope (staff) or sent to a receiver that matches `query` in one of `statuses`
   * (referrals waiting for their receiver's answer: open work, not the history), at most `limit` of each: one
   * query per status, equalities pushed down.
   */
  async waiting(
    scope: { staff: { jurisdiction: string; region: string } } | { receiver: Receiver },
    query: ReferralQuery & { statuses: ReferralStatus[] },
    limit = 5000,
  ): Promise<ReferralRecord[]> {
    const each = await Promise.all(
      query.statuses.map((status) => {
        const one = { ...query, statuses: [status] };
        const filter = 'staff' in scope ? staffFilter(scope.staff, one) : receiverFilter(scope.receiver, one);
        return this.referrals
          .find(filter, { projection: HIDDEN, ...WHOLE_ANSWER })
          .limit(limit)
          .toArray();
      }),
    );
    return each.flat().map((d) => clean(toRecord(d)));
  }

  /** A lookup by `_id` (not countDocuments, which is an aggregation with `$group` on FerretDB). */
  async exists(referralId: string): Promise<boolean> {
    return (await this.referrals.findOne({ _id: referralId }, { projection: { _id: 1 } })) !== null;
  }

  /** Notes a new referral's creation month before it is written, so that the listings' month buckets find it. */
  async noteCreated(record: Pick<ReferralRecord, 'createdAt'>): Promise<void> {
    await this.months.note(monthOf(record.createdAt));
  }

  /** Referrals counted against a contract's month (ids only: countDocuments is an aggregation on FerretDB). */
  async countForContract(contractId: string, month: string): Promise<number> {
    return (await this.referrals.find({ contractId, month }, { projection: { _id: 1 }, ...WHOLE_ANSWER }).toArray())
      .length;
  }

  /**
   * The provider's current load: its referrals not yet completed, cancelled or failed. One equality query
   * per open state, side by side (indexed on provider and state), where `status: {$in}` would read every
   * referral the provider ever had.
   */
  async countOpenForProvider(providerId: string): Promise<number> {
    const counts = await Promise.all(
      OPEN_STATES.map(
        async (status) =>
          (await this.referrals.find({ providerId, status }, { projection: { _id: 1 }, ...WHOLE_ANSWER }).toArray())
            .length,
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /** The open referrals of a receiver the pack lists (an institution's places taken), by its code. */
  async countOpenForReceiver(receiverCode: string, region: string): Promise<number> {
    const counts = await Promise.all(
      OPEN_STATES.map(
        async (status) =>
          (
            await this.referrals
              .find({ departmentCode: receiverCode, region, status }, { projection: { _id: 1 }, ...WHOLE_ANSWER })
              .toArray()
          ).length,
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /** A charity's referrals created in a month (China time), for its monthly list (indexed on receiver and month). */
  async forReceiverInMonth(receiverCode: string, region: string, month: string): Promise<ReferralRecord[]> {
    const docs = await this.referrals
      .find({ departmentCode: receiverCode, region, createdMonth: month }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .toArray();
    return docs.map((d) => clean(toRecord(d))).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(referralId: string): Promise<ReferralRecord | null> {
    const doc = await this.referrals.findOne({ _id: referralId }, { projection: HIDDEN });
    return doc ? clean(toRecord(doc)) : null;
  }

  /**
   * Referrals within a jurisdiction, newest first: of one case (indexed on the case), or read a creation
   * month at a time.
   */
  async listWithin(jurisdiction: string, caseId: string | undefined, limit: number): Promise<ReferralRecord[]> {
    const docs = caseId
      ? await this.referrals
          .find({ caseId, ...inJurisdiction(jurisdiction) }, { projection: HIDDEN, ...WHOLE_ANSWER })
          .sort({ createdAt: -1 })
          .limit(limit)
          .toArray()
      : await newestFirst(await this.months.months(), limit, (createdMonth, n) =>
          this.referrals
            .find({ ...inJurisdiction(jurisdiction), createdMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
            .sort({ createdAt: -1 })
            .limit(n)
            .toArray(),
        );
    return docs.map((d) => clean(toRecord(d)));
  }

  /**
   * The case id a case number stands for, among the referrals of a jurisdiction (a search by case number): the
   * value itself when no referral has it as its case number.
   */
  async caseIdOf(caseIdOrNumber: string, jurisdiction: string): Promise<string> {
    const found = await this.referrals.findOne(
      { caseNumber: caseIdOrNumber, ...inJurisdiction(jurisdiction) },
      { projection: { caseId: 1 } },
    );
    return found?.caseId ?? caseIdOrNumber;
  }

  /**
   * A page of staff's referrals within their jurisdiction and region matching `query`, newest first, with how
   * many match (up to TOTAL_CAP): a creation month at a time, each read with equalities FerretDB pushes down.
   */
  async page(
    scope: { jurisdiction: string; region: string },
    query: ReferralQuery,
    page: number,
    pageSize: number,
  ): Promise<Page<ReferralRecord>> {
    return this.pageOf(staffFilter(scope, query), page, pageSize);
  }

  /** The newest `limit` of staff's referrals matching `query` (uncounted). */
  async newest(
    scope: { jurisdiction: string; region: string },
    query: ReferralQuery,
    limit: number,
  ): Promise<ReferralRecord[]> {
    return this.newestOf(staffFilter(scope, query), limit);
  }

  /** The newest `limit` of a receiver's referrals matching `query` (uncounted). */
  async newestForReceiver(receiver: Receiver, query: ReferralQuery, limit: number): Promise<ReferralRecord[]> {
    return this.newestOf(receiverFilter(receiver, query), limit);
  }

  private async newestOf(filter: Record<string, unknown>, limit: number): Promise<ReferralRecord[]> {
    const docs = await newestFirst(await this.months.months(), limit, (createdMonth, n) =>
      this.referrals
        .find({ ...filter, createdMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
        .sort({ createdAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map((d) => clean(toRecord(d)));
  }

  /** A page of a receiver's referrals (only those sent to it) matching `query`, newest first, with the total. */
  async pageForReceiver(
    receiver: Receiver,
    query: ReferralQuery,
    page: number,
    pageSize: number,
  ): Promise<Page<ReferralRecord>> {
    return this.pageOf(receiverFilter(receiver, query), page, pageSize);
  }

  private async pageOf(filter: Record<string, unknown>, page: number, pageSize: number): Promise<Page<ReferralRecord>> {
    const months = await this.months.months();
    const [docs, counted] = await Promise.all([
      newestFirstPage(months, page, pageSize, (createdMonth, n) =>
        this.referrals
          .find({ ...filter, createdMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
          .sort({ createdAt: -1 })
          .limit(n)
          .toArray(),
      ),
      countByMonth(months, (createdMonth, limit) =>
        countUpTo(this.connection.db!, ReferralRepository.collection, { ...filter, createdMonth }, limit),
      ),
    ]);
    return { items: docs.map((d) => clean(toRecord(d))), page, pageSize, ...counted };
  }

  /**
   * The referrals created within [from, to) in a jurisdiction and region (the dashboard): the creation months the
   * range touches, each an equality, side by side; the range is checked on their rows.
   */
  async createdBetween(
    scope: { jurisdiction: string; region: string },
    from: string,
    to: string,
  ): Promise<Pick<ReferralRecord, 'status' | 'route' | 'itemCode' | 'township'>[]> {
    const last = monthOf(new Date(Date.parse(to) - 1).toISOString());
    const months = (await this.months.months(monthOf(from))).filter((m) => m <= last);
    const each = await Promise.all(
      months.map((createdMonth) =>
        this.referrals
          .find(
            {
              ...inJurisdiction(scope.jurisdiction),
              createdMonth,
              region: scope.region,
              createdAt: { $gte: from, $lt: to },
            },
            { projection: { status: 1, route: 1, itemCode: 1, township: 1 }, ...WHOLE_ANSWER },
          )
          .limit(100_000)
          .toArray(),
      ),
    );
    return each.flat().map((r) => ({
      status: r.status,
      itemCode: r.itemCode,
      township: r.township,
      ...(r.route ? { route: r.route } : {}),
    }));
  }

  /**
   * A receiver's referrals: a department's (in its region, and within `within` when its jurisdiction is
   * narrower than the region) or a provider's; only ones already sent to it (a
   * referral never shared — no consent nor override — stays hidden even once cancelled). Newest first, read
   * a creation month at a time (the receiver and the month are equalities; the rest is checked on that month's).
   */
  async listForReceiver(
    receiver: { departmentCode: string; region: string; within?: string } | { providerId: string },
    limit: number,
  ): Promise<ReferralRecord[]> {
    const { within, ...who } = receiver as { within?: string };
    const docs = await newestFirst(await this.months.months(), limit, (createdMonth, n) =>
      this.referrals
        .find(
          {
            ...who,
            createdMonth,
            ...(within ? inJurisdiction(within) : {}),
            sharingBasis: { $exists: true },
            status: { $in: SENT_STATES },
          },
          { projection: HIDDEN, ...WHOLE_ANSWER },
        )
        .sort({ createdAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map((d) => clean(toRecord(d)));
  }
}

/** A cleared route is stored as null; the record has none. */
function clean(r: ReferralRecord): ReferralRecord {
  if (r.route === null) delete r.route;
  return r;
}

/**
 * How a referral is stored (the commit port's mapping): the record under its id, with top-level copies of
 * its receiver and the query fields; a referral without a route stores `route: null`, so that an update
 * clears the route of an escalated one.
 */
export const referralState: StateMapping<ReferralRecord> = {
  collection: ReferralRepository.collection,
  toDocument: (record) => {
    const { referralId: _id, ...rest } = record;
    const fields: Record<string, unknown> = {
      ...rest,
      route: record.route ?? null,
      ...receiverFields(record.route),
      ...queryFields(record),
    };
    // Nothing undefined reaches the store (the driver would write it as null).
    for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
    return fields;
  },
  fromDocument: (doc) => {
    const {
      contractId: _c,
      providerId: _p,
      departmentCode: _d,
      jurisdictions: _j,
      createdMonth: _m,
      personNameKeys: _n,
      ...rest
    } = doc as unknown as ReferralDoc;
    return clean(toRecord(rest));
  },
};

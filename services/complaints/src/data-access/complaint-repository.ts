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
  SequenceCounter,
  WHOLE_ANSWER,
  withoutOutbox,
  type Page,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Complaint, ComplaintChannel, ComplaintStatus } from '../domain/complaint';
import type { ProviderRecord } from '../domain/provider-score/provider-score';
import type { ComplaintNumbers } from '../domain/receive-complaint/handle-receive-complaint';
import { providerScoreMapping } from './provider-score-mapping';

const COLLECTION = 'complaints';

/**
 * Stored with each complaint for queries FerretDB pushes down (docs/QUERIES.md): every jurisdiction its
 * `scope` lies within (rewritten when the scope moves), the month it was received in (the bucket of
 * newest-first listings and of the monthly statistics), and top-level copies of the provider it is about and of
 * its assignee (a filter on a subdocument is not pushed down); null where there is none.
 */
interface QueryFields extends PartyFields {
  jurisdictions: string[];
  receivedMonth: string;
}

interface PartyFields {
  providerId: string | null;
  assigneeLevel: string | null;
  assigneeUnit: string | null;
  /** The day's sequence of its number (TS-20261125-0007 → 7): what a search by the number's tail finds. */
  complaintSerial: number | null;
}

type ComplaintDoc = Omit<Complaint, 'complaintId'> & { _id: string } & Partial<QueryFields>;

const partyFields = (c: Pick<Complaint, 'about' | 'assignee' | 'complaintNumber'>): PartyFields => {
  const tail = /-(\d+)$/.exec(c.complaintNumber ?? '')?.[1];
  return {
    providerId: c.about?.providerId ?? null,
    assigneeLevel: c.assignee?.level ?? null,
    assigneeUnit: c.assignee?.unit ?? null,
    complaintSerial: tail === undefined ? null : Number(tail),
  };
};

const queryFields = (
  c: Pick<Complaint, 'scope' | 'receivedAt' | 'about' | 'assignee' | 'complaintNumber'>,
): QueryFields => ({
  jurisdictions: jurisdictionsOf(c.scope ?? ''),
  receivedMonth: monthOf(c.receivedAt),
  ...partyFields(c),
});

/** What queries read: no outbox, no query fields. */
const HIDDEN = {
  ...withoutOutbox,
  _version: 0,
  jurisdictions: 0,
  receivedMonth: 0,
  providerId: 0,
  assigneeLevel: 0,
  assigneeUnit: 0,
  complaintSerial: 0,
} as const;

/** What a list of complaints asks for, besides "within the caller's jurisdiction". */
export interface ComplaintQuery {
  caseId?: string;
  caseNumber?: string;
  complaintNumber?: string;
  complaintSerial?: number;
  /** A township or county within the caller's jurisdiction: complaints scoped within it. */
  place?: string;
  kind?: string;
  statuses?: ComplaintStatus[];
  channels?: ComplaintChannel[];
  types?: string[];
  providerId?: string;
  escalated?: boolean;
  assigned?: { assigneeLevel: string; assigneeUnit: string } | { handlerId: string };
  /** Received at or after `from` and before `to` (ISO instants). */
  received?: { from?: string; to?: string };
  /** Filed by this caller (a channel adapter, an Open311 client): what such a caller may list. */
  receivedBy?: string;
}

/** One value of a list as an equality (pushed down); several as `$in` (checked on the rows). */
const oneOrMany = (field: string, values: readonly unknown[] | undefined) =>
  !values?.length ? {} : values.length === 1 ? { [field]: values[0] } : { [field]: { $in: values } };

/** The filter without the month: equalities first (pushed down), then what is checked on their rows. */
function complaintFilter(jurisdiction: string, q: ComplaintQuery): Record<string, unknown> {
  const { from, to } = q.received ?? {};
  return {
    ...inJurisdiction(q.place ?? jurisdiction),
    ...(q.caseId ? { caseId: q.caseId } : {}),
    ...(q.caseNumber ? { caseNumber: q.caseNumber } : {}),
    ...(q.complaintNumber ? { complaintNumber: q.complaintNumber } : {}),
    ...(q.complaintSerial !== undefined ? { complaintSerial: q.complaintSerial } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.providerId ? { providerId: q.providerId } : {}),
    ...(q.escalated !== undefined ? { escalated: q.escalated } : {}),
    ...(q.receivedBy ? { receivedBy: q.receivedBy } : {}),
    ...(q.assigned ?? {}),
    ...oneOrMany('status', q.statuses),
    ...oneOrMany('channel', q.channels),
    ...oneOrMany('type', q.types),
    ...(from || to ? { receivedAt: { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) } } : {}),
  };
}

/**
 * The fields a complaint may lose once set (a new assignment without a handler, a reopened complaint's
 * outcome): the port sets the whole state, so an absent one is written as null, and read back as absent.
 */
const OPTIONAL = [
  'caseId',
  'caseNumber',
  'township',
  'reporterSealed',
  'assignee',
  'handlerId',
  'answer',
  'outcome',
  'rating',
] as const satisfies readonly (keyof Complaint)[];

/** A complaint as the commit port stores it: the state, each optional field (null: absent), the query fields. */
export const complaintMapping: StateMapping<Complaint> = {
  collection: COLLECTION,
  toDocument: (complaint) => {
    const { complaintId: _id, ...fields } = complaint;
    return {
      ...fields,
      ...Object.fromEntries(OPTIONAL.map((k) => [k, complaint[k] ?? null])),
      ...queryFields(complaint),
    };
  },
  fromDocument: (doc) => {
    const {
      _id,
      _version: _v,
      jurisdictions: _j,
      receivedMonth: _m,
      providerId: _p,
      assigneeLevel: _l,
      assigneeUnit: _u,
      complaintSerial: _s,
      ...fields
    } = doc;
    return {
      complaintId: _id,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined)),
    } as Complaint;
  },
};

const toComplaint = (doc: ComplaintDoc): Complaint => complaintMapping.fromDocument(doc);

/** Complaints as queries read them, and their daily number counters. Returns plain objects. */
export class ComplaintRepository implements ComplaintNumbers {
  static readonly collection = COLLECTION;
  private readonly months: MonthBuckets;
  constructor(private readonly connection: Connection) {
    this.months = new MonthBuckets(connection, COLLECTION);
  }

  private get complaints() {
    return this.connection.collection<ComplaintDoc>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.complaints.createIndex({ caseId: 1, receivedAt: -1 });
    await this.complaints.createIndex({ complaintNumber: 1 }, { unique: true });
    await this.complaints.createIndex({ jurisdictions: 1, receivedMonth: 1 });
    await this.complaints.createIndex({ caseNumber: 1 });
    await this.connection.collection(providerScoreMapping.collection).createIndex({ region: 1 });
    await this.complaints.createIndex({ jurisdictions: 1, status: 1 });
    await dropIndexesIfPresent(this.connection, COLLECTION, ['scope_1_receivedAt_-1']);
    await this.months.prepare();
    await this.months.backfill('complaints: jurisdictions and receivedMonth', {
      missing: 'receivedMonth',
      projection: { scope: 1, receivedAt: 1, about: 1, assignee: 1, complaintNumber: 1 },
      fieldsOf: queryFields,
    });
    await backfillOnce<ComplaintDoc>(this.connection, 'complaints: provider, assignee and serial fields', {
      collection: COLLECTION,
      missing: 'complaintSerial',
      projection: { about: 1, assignee: 1, complaintNumber: 1 },
      fieldsOf: partyFields,
    });
  }

  /**
   * The providers of a region with complaint facts, and the score each has now (what referral ranks by): one
   * equality on the region, indexed; a provider nobody complained about has no record (it scores 100).
   */
  async providerScores(region: string): Promise<ProviderRecord[]> {
    const docs = await this.connection
      .collection(providerScoreMapping.collection)
      .find({ region }, { projection: withoutOutbox, ...WHOLE_ANSWER })
      .toArray();
    return docs.map((d) => providerScoreMapping.fromDocument(d));
  }

  /** A complaint by its id, or by its number (TS-20261125-0007): what the hotline reads out and types in. */
  async getByIdOrNumber(idOrNumber: string): Promise<Complaint | null> {
    return (await this.get(idOrNumber)) ?? this.getByNumber(idOrNumber);
  }

  /**
   * The newest `limit` complaints within a jurisdiction matching `query` (uncounted): of one case (indexed on the
   * case or its number), or a month of receipt at a time.
   */
  /** The months a query's receipt range touches (all months without one), newest first. */
  private async monthsOf(query: ComplaintQuery): Promise<string[]> {
    const { from, to } = query.received ?? {};
    const last = to ? monthOf(new Date(Date.parse(to) - 1).toISOString()) : undefined;
    return (await this.months.months(from ? monthOf(from) : undefined)).filter((m) => !last || m <= last);
  }

  async newest(jurisdiction: string, query: ComplaintQuery, limit: number): Promise<Complaint[]> {
    const filter = complaintFilter(jurisdiction, query);
    const docs =
      query.caseId || query.caseNumber
        ? await this.complaints
            .find(filter, { projection: HIDDEN, ...WHOLE_ANSWER })
            .sort({ receivedAt: -1 })
            .limit(limit)
            .toArray()
        : await newestFirst(await this.monthsOf(query), limit, (receivedMonth, n) =>
            this.complaints
              .find({ ...filter, receivedMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
              .sort({ receivedAt: -1 })
              .limit(n)
              .toArray(),
          );
    return docs.map(toComplaint);
  }

  /**
   * A page of the complaints within a jurisdiction matching `query`, newest received first, with how many match
   * (up to TOTAL_CAP): a month of receipt at a time, each read with equalities FerretDB pushes down.
   */
  async page(jurisdiction: string, query: ComplaintQuery, page: number, pageSize: number): Promise<Page<Complaint>> {
    const filter = complaintFilter(jurisdiction, query);
    const months = await this.monthsOf(query);
    const [docs, counted] = await Promise.all([
      newestFirstPage(months, page, pageSize, (receivedMonth, n) =>
        this.complaints
          .find({ ...filter, receivedMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
          .sort({ receivedAt: -1 })
          .limit(n)
          .toArray(),
      ),
      countByMonth(months, (receivedMonth, limit) =>
        countUpTo(this.connection.db!, COLLECTION, { ...filter, receivedMonth }, limit),
      ),
    ]);
    return { items: docs.map(toComplaint), page, pageSize, ...counted };
  }

  /**
   * Every complaint within a jurisdiction matching `query` in one of `statuses` (complaints being dealt with: the
   * open work, not the history), at most `limit` of each: one query per status, equalities pushed down.
   */
  async open(
    jurisdiction: string,
    query: ComplaintQuery & { statuses: ComplaintStatus[] },
    limit = 5000,
  ): Promise<Complaint[]> {
    const each = await Promise.all(
      query.statuses.map((status) =>
        this.complaints
          .find(complaintFilter(jurisdiction, { ...query, statuses: [status] }), {
            projection: HIDDEN,
            ...WHOLE_ANSWER,
          })
          .limit(limit)
          .toArray(),
      ),
    );
    return each.flat().map(toComplaint);
  }

  /** Next number in a daily sequence, for a complaint about to be received at `receivedAt`. */
  async nextSequence(scope: string, receivedAt: Date): Promise<number> {
    await this.noteReceived(receivedAt);
    return new SequenceCounter(this.connection).next(scope);
  }

  /** Makes a month listable before a complaint received in it is written (see MonthBuckets). */
  async noteReceived(receivedAt: Date): Promise<void> {
    await this.months.note(monthOf(receivedAt.toISOString()));
  }

  async get(complaintId: string): Promise<Complaint | null> {
    const doc = await this.complaints.findOne({ _id: complaintId }, { projection: HIDDEN });
    return doc ? toComplaint(doc) : null;
  }

  async getByNumber(complaintNumber: string): Promise<Complaint | null> {
    const doc = await this.complaints.findOne({ complaintNumber }, { projection: HIDDEN });
    return doc ? toComplaint(doc) : null;
  }

  /**
   * Complaints within a jurisdiction, newest first, optionally of one case or status: of one case (indexed on
   * the case), or read a month of receipt at a time.
   */
  async listWithin(
    jurisdiction: string,
    filter: { caseId?: string; status?: ComplaintStatus; channel?: ComplaintChannel; limit?: number } = {},
  ): Promise<Complaint[]> {
    const limit = filter.limit ?? 500;
    const query = {
      ...inJurisdiction(jurisdiction),
      ...(filter.caseId ? { caseId: filter.caseId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.channel ? { channel: filter.channel } : {}),
    };
    const docs = filter.caseId
      ? await this.complaints
          .find(query, { projection: HIDDEN, ...WHOLE_ANSWER })
          .sort({ receivedAt: -1 })
          .limit(limit)
          .toArray()
      : await newestFirst(await this.months.months(), limit, (receivedMonth, n) =>
          this.complaints
            .find({ ...query, receivedMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
            .sort({ receivedAt: -1 })
            .limit(n)
            .toArray(),
        );
    return docs.map(toComplaint);
  }

  /**
   * Complaints received within [from, to) and a jurisdiction (statistics): the months of receipt the range
   * touches, each an equality, side by side.
   */
  async receivedBetween(jurisdiction: string, from: string, to: string): Promise<Complaint[]> {
    const last = monthOf(to);
    const months = (await this.months.months(monthOf(from))).filter((m) => m <= last);
    const each = await Promise.all(
      months.map((receivedMonth) =>
        this.complaints
          .find(
            { ...inJurisdiction(jurisdiction), receivedMonth, receivedAt: { $gte: from, $lt: to } },
            { projection: HIDDEN, ...WHOLE_ANSWER },
          )
          .limit(100_000)
          .toArray(),
      ),
    );
    return each.flat().slice(0, 100_000).map(toComplaint);
  }
}

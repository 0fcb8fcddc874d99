import {
  dropIndexesIfPresent,
  inJurisdiction,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
  SequenceCounter,
  withoutOutbox,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Complaint, ComplaintChannel, ComplaintStatus } from '../domain/complaint';
import type { ComplaintNumbers } from '../domain/receive-complaint/handle-receive-complaint';

const COLLECTION = 'complaints';

/**
 * Stored with each complaint for queries FerretDB pushes down (docs/QUERIES.md): every jurisdiction its
 * `scope` lies within (rewritten when the scope moves), and the month it was received in (the bucket of
 * newest-first listings and of the monthly statistics).
 */
interface QueryFields {
  jurisdictions: string[];
  receivedMonth: string;
}

type ComplaintDoc = Omit<Complaint, 'complaintId'> & { _id: string } & Partial<QueryFields>;

const queryFields = (c: Pick<Complaint, 'scope' | 'receivedAt'>): QueryFields => ({
  jurisdictions: jurisdictionsOf(c.scope ?? ''),
  receivedMonth: monthOf(c.receivedAt),
});

/** What queries read: no outbox, no query fields. */
const HIDDEN = { ...withoutOutbox, _version: 0, jurisdictions: 0, receivedMonth: 0 } as const;

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
    const { _id, _version: _v, jurisdictions: _j, receivedMonth: _m, ...fields } = doc;
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
    await dropIndexesIfPresent(this.connection, COLLECTION, ['scope_1_receivedAt_-1']);
    await this.months.prepare();
    await this.months.backfill('complaints: jurisdictions and receivedMonth', {
      missing: 'receivedMonth',
      projection: { scope: 1, receivedAt: 1 },
      fieldsOf: queryFields,
    });
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
      ? await this.complaints.find(query, { projection: HIDDEN }).sort({ receivedAt: -1 }).limit(limit).toArray()
      : await newestFirst(await this.months.months(), limit, (receivedMonth, n) =>
          this.complaints
            .find({ ...query, receivedMonth }, { projection: HIDDEN })
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
            { projection: HIDDEN },
          )
          .limit(100_000)
          .toArray(),
      ),
    );
    return each.flat().slice(0, 100_000).map(toComplaint);
  }
}

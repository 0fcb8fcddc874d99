import {
  appendToOutbox,
  backfillOnce,
  dropIndexesIfPresent,
  inJurisdiction,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
  newWithOutbox,
  SequenceCounter,
  withDocumentLock,
  withoutOutbox,
  type PendingEvent,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Complaint, ComplaintChannel, ComplaintStatus } from '../domain/complaint';

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

/** What the repository returns: no outbox, no query fields. */
const HIDDEN = { ...withoutOutbox, jurisdictions: 0, receivedMonth: 0 } as const;

const toComplaint = ({ _id, ...rest }: ComplaintDoc): Complaint => ({ complaintId: _id, ...rest });

/** Complaints and their daily number counters. Returns plain objects. */
export class ComplaintRepository {
  static readonly collection = 'complaints';
  private readonly months: MonthBuckets;
  constructor(private readonly connection: Connection) {
    this.months = new MonthBuckets(connection, ComplaintRepository.collection);
  }

  private get complaints() {
    return this.connection.collection<ComplaintDoc>(ComplaintRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.complaints.createIndex({ caseId: 1, receivedAt: -1 });
    await this.complaints.createIndex({ complaintNumber: 1 }, { unique: true });
    await this.complaints.createIndex({ jurisdictions: 1, receivedMonth: 1 });
    await dropIndexesIfPresent(this.connection, ComplaintRepository.collection, ['scope_1_receivedAt_-1']);
    await this.months.prepare();
    await backfillOnce<ComplaintDoc>(this.connection, 'complaints: jurisdictions and receivedMonth', {
      collection: ComplaintRepository.collection,
      missing: 'receivedMonth',
      projection: { scope: 1, receivedAt: 1 },
      fieldsOf: async (c) => {
        const fields = queryFields(c);
        await this.months.note(fields.receivedMonth);
        return fields;
      },
    });
  }

  /** Next number in a daily sequence. */
  async nextSequence(scope: string): Promise<number> {
    return new SequenceCounter(this.connection).next(scope);
  }

  async insert(complaint: Complaint, events: PendingEvent[]): Promise<void> {
    const { complaintId, ...rest } = complaint;
    const fields = queryFields(complaint);
    await this.months.note(fields.receivedMonth);
    await this.complaints.insertOne({ _id: complaintId, ...rest, ...fields, ...newWithOutbox(events) } as never);
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
   * Changes one complaint under its document lock: `decide` sees the stored complaint and returns the
   * new one with its events (written in one update), or null to change nothing. Returns what is stored.
   */
  async update(
    complaintId: string,
    decide: (current: Complaint) => { complaint: Complaint; events: PendingEvent[] } | null,
  ): Promise<Complaint | null> {
    return withDocumentLock(this.connection, ComplaintRepository.collection, complaintId, async () => {
      const current = await this.get(complaintId);
      if (!current) return null;
      const decided = decide(current);
      if (!decided) return current;
      const { complaintId: _id, ...rest } = decided.complaint;
      // A field the decision cleared (undefined) is unset, not also set to null: both would conflict.
      const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      const unset = Object.fromEntries(
        (Object.keys(current) as (keyof Complaint)[])
          .filter((k) => k !== 'complaintId' && decided.complaint[k] === undefined)
          .map((k) => [k, '']),
      );
      const outbox = appendToOutbox(decided.events);
      await this.complaints.updateOne({ _id: complaintId }, {
        $set: { ...fields, jurisdictions: jurisdictionsOf(decided.complaint.scope), ...outbox.$set },
        $push: outbox.$push,
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
      } as never);
      return decided.complaint;
    });
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

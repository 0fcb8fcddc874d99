import {
  appendToOutbox,
  newWithOutbox,
  SequenceCounter,
  withDocumentLock,
  withinJurisdiction,
  withoutOutbox,
  type PendingEvent,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Complaint, ComplaintChannel, ComplaintStatus } from '../domain/complaint';

type ComplaintDoc = Omit<Complaint, 'complaintId'> & { _id: string };

const toComplaint = ({ _id, ...rest }: ComplaintDoc): Complaint => ({ complaintId: _id, ...rest });

/** Complaints and their daily number counters. Returns plain objects. */
export class ComplaintRepository {
  static readonly collection = 'complaints';
  constructor(private readonly connection: Connection) {}

  private get complaints() {
    return this.connection.collection<ComplaintDoc>(ComplaintRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.complaints.createIndex({ caseId: 1, receivedAt: -1 });
    await this.complaints.createIndex({ complaintNumber: 1 }, { unique: true });
    await this.complaints.createIndex({ scope: 1, receivedAt: -1 });
  }

  /** Next number in a daily sequence. */
  async nextSequence(scope: string): Promise<number> {
    return new SequenceCounter(this.connection).next(scope);
  }

  async insert(complaint: Complaint, events: PendingEvent[]): Promise<void> {
    const { complaintId, ...rest } = complaint;
    await this.complaints.insertOne({ _id: complaintId, ...rest, ...newWithOutbox(events) } as never);
  }

  async get(complaintId: string): Promise<Complaint | null> {
    const doc = await this.complaints.findOne({ _id: complaintId }, { projection: withoutOutbox });
    return doc ? toComplaint(doc) : null;
  }

  async getByNumber(complaintNumber: string): Promise<Complaint | null> {
    const doc = await this.complaints.findOne({ complaintNumber }, { projection: withoutOutbox });
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
        $set: { ...fields, ...outbox.$set },
        $push: outbox.$push,
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
      } as never);
      return decided.complaint;
    });
  }

  /** Complaints within a jurisdiction, newest first, optionally of one case or status. */
  async listWithin(
    jurisdiction: string,
    filter: { caseId?: string; status?: ComplaintStatus; channel?: ComplaintChannel; limit?: number } = {},
  ): Promise<Complaint[]> {
    const docs = await this.complaints
      .find(
        {
          ...withinJurisdiction('scope', jurisdiction),
          ...(filter.caseId ? { caseId: filter.caseId } : {}),
          ...(filter.status ? { status: filter.status } : {}),
          ...(filter.channel ? { channel: filter.channel } : {}),
        },
        { projection: withoutOutbox },
      )
      .sort({ receivedAt: -1 })
      .limit(filter.limit ?? 500)
      .toArray();
    return docs.map(toComplaint);
  }

  /** Complaints received within [from, to) and a jurisdiction (statistics). */
  async receivedBetween(jurisdiction: string, from: string, to: string): Promise<Complaint[]> {
    const docs = await this.complaints
      .find(
        { ...withinJurisdiction('scope', jurisdiction), receivedAt: { $gte: from, $lt: to } },
        { projection: withoutOutbox },
      )
      .limit(100_000)
      .toArray();
    return docs.map(toComplaint);
  }
}

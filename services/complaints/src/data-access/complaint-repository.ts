import { withinJurisdiction, withoutOutbox, newWithOutbox, type PendingEvent, SequenceCounter } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Complaint } from '../domain/complaint';

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

  /** A case's complaints within a jurisdiction, newest first. */
  async listForCase(caseId: string, jurisdiction: string): Promise<Complaint[]> {
    const docs = await this.complaints
      .find({ caseId, ...withinJurisdiction('township', jurisdiction) }, { projection: withoutOutbox })
      .sort({ receivedAt: -1 })
      .limit(500)
      .toArray();
    return docs.map(toComplaint);
  }
}

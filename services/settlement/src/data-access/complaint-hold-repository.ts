import { WHOLE_ANSWER, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { ComplaintHold } from '../domain/complaint-holds/complaint-hold';

const COLLECTION = 'complaint_holds';

export const complaintHoldMapping: StateMapping<ComplaintHold> = {
  collection: COLLECTION,
  toDocument: ({ complaintId: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ complaintId: _id, ...fields }) as ComplaintHold,
};

/** Complaints about visits, as statements read them. */
export class ComplaintHoldRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get holds() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.holds.createIndex({ visitId: 1 });
  }

  /** The complaints about any of these visits, by visit id. */
  async ofVisits(visitIds: readonly string[]): Promise<Map<string, ComplaintHold[]>> {
    const out = new Map<string, ComplaintHold[]>();
    if (visitIds.length === 0) return out;
    // Complaints about visits are few: read them all once rather than an $in of every visit id.
    const wanted = new Set(visitIds);
    const docs = await this.holds.find({}, { projection: withoutOutbox, ...WHOLE_ANSWER }).toArray();
    for (const d of docs) {
      const hold = complaintHoldMapping.fromDocument(d);
      if (!wanted.has(hold.visitId)) continue;
      out.set(hold.visitId, [...(out.get(hold.visitId) ?? []), hold]);
    }
    return out;
  }
}

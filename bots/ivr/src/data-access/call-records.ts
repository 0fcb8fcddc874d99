import {
  backfillOnce,
  dropIndexesIfPresent,
  MonthBuckets,
  monthOf,
  newestFirst,
  withDocumentLock,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { CallOutcome, CallState } from '../domain/call-flow';

/** A call as the hotline's statistics see it: who (masked), when, the path through the menu, the outcome. */
export interface CallRecord {
  callSid: string;
  region: string;
  callerMasked: string;
  personId?: string;
  startedAt: string;
  updatedAt: string;
  endedAt?: string;
  endStatus?: string;
  path: string[];
  outcome?: CallOutcome;
  caseNumber?: string;
  complaintNumber?: string;
}

/** `startedMonth`: the month the call started in, the bucket of the newest-first listing (docs/QUERIES.md). */
type CallDoc = Omit<CallRecord, 'callSid'> & { _id: string; startedMonth?: string };

/** 138****8000: enough for an operator to recognise a caller, not to call them. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Call records in MongoDB, kept after the live state in Redis expires. */
export class CallRecords {
  static readonly collection = 'calls';
  private readonly months: MonthBuckets;
  constructor(private readonly connection: Connection) {
    this.months = new MonthBuckets(connection, CallRecords.collection);
  }

  private get calls() {
    return this.connection.collection<CallDoc>(CallRecords.collection);
  }

  async prepare(): Promise<void> {
    await this.calls.createIndex({ region: 1, startedMonth: 1, startedAt: -1 });
    await dropIndexesIfPresent(this.connection, CallRecords.collection, ['region_1_startedAt_-1']);
    await this.months.prepare();
    await backfillOnce<CallDoc>(this.connection, 'calls: startedMonth', {
      collection: CallRecords.collection,
      missing: 'startedMonth',
      projection: { startedAt: 1 },
      fieldsOf: async (c) => {
        const startedMonth = monthOf(c.startedAt);
        await this.months.note(startedMonth);
        return { startedMonth };
      },
    });
  }

  /** Records where the call is now (idempotent: the record mirrors the state). */
  async update(state: CallState, now: Date): Promise<void> {
    const startedMonth = monthOf(state.startedAt);
    await this.months.note(startedMonth);
    await withDocumentLock(this.connection, CallRecords.collection, state.callSid, () =>
      this.calls.updateOne(
        { _id: state.callSid },
        {
          $set: {
            region: state.region,
            callerMasked: maskPhone(state.from.replace(/^\+86/, '')),
            ...(state.person ? { personId: state.person.personId } : {}),
            startedAt: state.startedAt,
            startedMonth,
            updatedAt: now.toISOString(),
            path: state.path,
            ...(state.outcome ? { outcome: state.outcome } : {}),
            ...(state.caseNumber ? { caseNumber: state.caseNumber } : {}),
            ...(state.complaintNumber ? { complaintNumber: state.complaintNumber } : {}),
          },
        },
        { upsert: true },
      ),
    );
  }

  /** The provider says the call ended: a call without an outcome was abandoned. */
  async end(callSid: string, status: string, now: Date): Promise<void> {
    await withDocumentLock(this.connection, CallRecords.collection, callSid, async () => {
      const doc = await this.calls.findOne({ _id: callSid });
      if (!doc) return;
      await this.calls.updateOne(
        { _id: callSid },
        { $set: { endedAt: now.toISOString(), endStatus: status, ...(doc.outcome ? {} : { outcome: 'abandoned' }) } },
      );
    });
  }

  async get(callSid: string): Promise<CallRecord | null> {
    const doc = await this.calls.findOne({ _id: callSid });
    if (!doc) return null;
    const { _id, startedMonth: _m, ...rest } = doc;
    return { callSid: _id, ...rest };
  }

  /** The region's calls started since a time, newest first (at most 5,000): read a month at a time. */
  async listSince(region: string, since: string): Promise<CallRecord[]> {
    const docs = await newestFirst(await this.months.months(monthOf(since)), 5000, (startedMonth, n) =>
      this.calls
        .find({ region, startedMonth, startedAt: { $gte: since } })
        .sort({ startedAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map(({ _id, startedMonth: _m, ...rest }) => ({ callSid: _id, ...rest }));
  }
}

import {
  backfillOnce,
  countByMonth,
  countUpTo,
  dropIndexesIfPresent,
  MonthBuckets,
  monthOf,
  newestFirst,
  newestFirstPage,
  WHOLE_ANSWER,
  withDocumentLock,
  type FieldCipher,
  type Page,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import { callBackAfter, recordAttempt, type CallBack, type CallBackAttempt } from '../domain/call-back/call-back';
import {
  nationalNumber,
  type CallOutcome,
  type CallRecording,
  type CallState,
  type TransferReason,
} from '../domain/call-flow';

/**
 * A call as the hotline sees it: who (the number only for the hotline, which calls back; masked for everyone
 * else), when, the path through the menu, the outcome, the recording left, and the call-back it needs.
 */
export interface CallRecord {
  callSid: string;
  region: string;
  callerMasked: string;
  /** The calling number (national form), unsealed: for the hotline to call back (see `call` in libs/auth). */
  callerNumber?: string;
  personId?: string;
  startedAt: string;
  updatedAt: string;
  endedAt?: string;
  endStatus?: string;
  /** How long the call lasted, once ended. */
  durationSeconds?: number;
  path: string[];
  outcome?: CallOutcome;
  transferReason?: TransferReason;
  caseNumber?: string;
  complaintNumber?: string;
  recording?: CallRecording;
  callBack?: CallBack;
}

/**
 * As stored: the number sealed (IVR_DATA_KEY); `startedMonth`, the month the call started in (the bucket of the
 * newest-first listings), and `callBackState`, the call-back's state at the top level (pushed down), beside it.
 */
type CallDoc = Omit<CallRecord, 'callSid' | 'callerNumber' | 'durationSeconds'> & {
  _id: string;
  callerSealed?: string;
  startedMonth?: string;
  callBackState?: CallBack['state'] | null;
};

/** 138****8000: enough for an operator to recognise a caller, not to call them. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** What a list of calls asks for, besides the region and the days. */
export interface CallQuery {
  outcomes?: (CallOutcome | 'in_progress')[];
  callBack?: CallBack['state'];
}

/** At most this many calls of a range are read (the hotline's statistics count them). */
export const RANGE_LIMIT = 5000;

/** Call records in MongoDB, kept after the live state in Redis expires. */
export class CallRecords {
  static readonly collection = 'calls';
  private readonly months: MonthBuckets;
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {
    this.months = new MonthBuckets(connection, CallRecords.collection);
  }

  private get calls() {
    return this.connection.collection<CallDoc>(CallRecords.collection);
  }

  async prepare(): Promise<void> {
    await this.calls.createIndex({ region: 1, startedMonth: 1, startedAt: -1 });
    await this.calls.createIndex({ region: 1, callBackState: 1, startedMonth: 1 });
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
    // Calls recorded before the call-back list: those that ended without serving the caller get one.
    await backfillOnce<CallDoc>(this.connection, 'calls: call-backs', {
      collection: CallRecords.collection,
      missing: 'callBackState',
      projection: { outcome: 1, transferReason: 1, path: 1 },
      fieldsOf: (c) => {
        const callBack = callBackAfter(undefined, { ...c, path: c.path ?? [] });
        return { callBackState: callBack?.state ?? null, ...(callBack ? { callBack } : {}) };
      },
    });
  }

  private toRecord({ _id, startedMonth: _m, callBackState: _s, callerSealed, ...rest }: CallDoc): CallRecord {
    return {
      callSid: _id,
      ...rest,
      ...(callerSealed ? { callerNumber: this.cipher.decrypt(callerSealed) } : {}),
      ...(rest.endedAt
        ? { durationSeconds: Math.max(0, Math.round((Date.parse(rest.endedAt) - Date.parse(rest.startedAt)) / 1000)) }
        : {}),
    };
  }

  /** Records where the call is now (idempotent: the record mirrors the state), and the call-back it needs. */
  async update(state: CallState, now: Date): Promise<void> {
    const startedMonth = monthOf(state.startedAt);
    await this.months.note(startedMonth);
    const caller = nationalNumber(state.from);
    await withDocumentLock(this.connection, CallRecords.collection, state.callSid, async () => {
      const before = await this.calls.findOne({ _id: state.callSid }, { projection: { callBack: 1 } });
      const callBack = callBackAfter(before?.callBack, state);
      await this.calls.updateOne(
        { _id: state.callSid },
        {
          $set: {
            region: state.region,
            callerMasked: maskPhone(caller),
            ...(caller ? { callerSealed: this.cipher.encrypt(caller) } : {}),
            ...(state.person ? { personId: state.person.personId } : {}),
            startedAt: state.startedAt,
            startedMonth,
            updatedAt: now.toISOString(),
            path: state.path,
            ...(state.outcome ? { outcome: state.outcome } : {}),
            ...(state.transferReason ? { transferReason: state.transferReason } : {}),
            ...(state.caseNumber ? { caseNumber: state.caseNumber } : {}),
            ...(state.complaintNumber ? { complaintNumber: state.complaintNumber } : {}),
            ...(state.recording ? { recording: state.recording } : {}),
            callBackState: callBack?.state ?? null,
            ...(callBack ? { callBack } : {}),
          },
        },
        { upsert: true },
      );
    });
  }

  /** The provider says the call ended: a call without an outcome was abandoned (and its caller is called back). */
  async end(callSid: string, status: string, now: Date): Promise<void> {
    await withDocumentLock(this.connection, CallRecords.collection, callSid, async () => {
      const doc = await this.calls.findOne({ _id: callSid });
      if (!doc) return;
      const outcome = doc.outcome ?? 'abandoned';
      const callBack = callBackAfter(doc.callBack, { ...doc, outcome, path: doc.path ?? [] });
      await this.calls.updateOne(
        { _id: callSid },
        {
          $set: {
            endedAt: now.toISOString(),
            endStatus: status,
            outcome,
            callBackState: callBack?.state ?? null,
            ...(callBack ? { callBack } : {}),
          },
        },
      );
    });
  }

  /**
   * A recording fetched after the call (by the job queue) reached its service: the call record says where it is,
   * and the complaint number it was filed under.
   */
  async noteDelivered(
    callSid: string,
    delivered: { recording?: CallRecording; complaintNumber?: string },
  ): Promise<void> {
    const set = {
      ...(delivered.recording ? { recording: delivered.recording } : {}),
      ...(delivered.complaintNumber ? { complaintNumber: delivered.complaintNumber } : {}),
    };
    if (Object.keys(set).length > 0) await this.calls.updateOne({ _id: callSid }, { $set: set });
  }

  /**
   * An operator's attempt to call the caller back, recorded with who and when: the call as it is then, or why
   * not (no such call in the caller's region; a call that needs no call back).
   */
  async recordCallBack(
    callSid: string,
    region: string,
    attempt: CallBackAttempt,
  ): Promise<CallRecord | 'not_found' | 'not_needed'> {
    return withDocumentLock(this.connection, CallRecords.collection, callSid, async () => {
      const doc = await this.calls.findOne({ _id: callSid });
      if (!doc || doc.region !== region) return 'not_found';
      const callBack = recordAttempt(doc.callBack, attempt);
      if (callBack === 'not_needed') return 'not_needed';
      await this.calls.updateOne({ _id: callSid }, { $set: { callBack, callBackState: callBack.state } });
      return this.toRecord({ ...doc, callBack, callBackState: callBack.state });
    });
  }

  async get(callSid: string): Promise<CallRecord | null> {
    const doc = await this.calls.findOne({ _id: callSid });
    return doc ? this.toRecord(doc) : null;
  }

  /** The region's calls since a time, newest first (at most 5,000): read a month at a time. */
  async listSince(region: string, since: string): Promise<CallRecord[]> {
    return this.between(region, since);
  }

  /**
   * The region's calls started within [from, to) (to: now when not given), newest first, at most RANGE_LIMIT:
   * the months the range touches, each an equality on region and month (pushed down); the range is checked on
   * their rows.
   */
  async between(region: string, from: string, to?: string): Promise<CallRecord[]> {
    const last = to ? monthOf(new Date(Date.parse(to) - 1).toISOString()) : undefined;
    const months = (await this.months.months(monthOf(from))).filter((m) => !last || m <= last);
    const docs = await newestFirst(months, RANGE_LIMIT, (startedMonth, n) =>
      this.calls
        .find({ region, startedMonth, startedAt: { $gte: from, ...(to ? { $lt: to } : {}) } }, WHOLE_ANSWER)
        .sort({ startedAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map((d) => this.toRecord(d));
  }

  /**
   * A page of the region's call-backs in one state (pending: still to call), newest call first, with how many
   * (up to TOTAL_CAP): a month at a time, region, month and state pushed down.
   */
  async callBacks(region: string, state: CallBack['state'], page: number, pageSize: number): Promise<Page<CallRecord>> {
    const filter = { region, callBackState: state };
    const months = await this.months.months();
    const [docs, counted] = await Promise.all([
      newestFirstPage(months, page, pageSize, (startedMonth, n) =>
        this.calls
          .find({ ...filter, startedMonth }, WHOLE_ANSWER)
          .sort({ startedAt: -1 })
          .limit(n)
          .toArray(),
      ),
      countByMonth(months, (startedMonth, limit) =>
        countUpTo(this.connection.db!, CallRecords.collection, { ...filter, startedMonth }, limit),
      ),
    ]);
    return { items: docs.map((d) => this.toRecord(d)), page, pageSize, ...counted };
  }
}

import { chinaMonth } from '@carelink/policy';
import { backfillOnce, WHOLE_ANSWER, withDocumentLock, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { VisitState } from '../domain/assignment';
import type { OpenConfirmation } from '../domain/verify-delivery/confirmation-sweep';

type VisitDoc = Omit<VisitState, 'visitId'> & { _id: string; scheduledMonth?: string; confirmationOpen?: boolean };

const COLLECTION = 'visits';

/** What is read back: no outbox, no version, no query fields, never the digest of the one-time code. */
const HIDDEN = { ...withoutOutbox, _version: 0, scheduledMonth: 0, confirmationOpen: 0, codeDigest: 0 } as const;

function toState(doc: Record<string, unknown>): VisitState {
  const { _id, _version: _v, scheduledMonth: _m, confirmationOpen: _o, ...rest } = doc;
  return { visitId: _id, ...rest } as VisitState;
}

/** A visit its recipient may still confirm or dispute (a query field: dotted paths are not pushed down). */
const confirmationOpen = (state: Pick<VisitState, 'verification'>) => state.verification?.state === 'awaiting';

/**
 * How a visit is stored: under its visit id, with the month (China time) it is scheduled in, for the calendar, and
 * whether its confirmation is open, for the sweep of lost deadlines.
 */
export const visitStates: StateMapping<VisitState> = {
  collection: COLLECTION,
  toDocument: ({ visitId: _id, ...state }) => ({
    ...state,
    scheduledMonth: chinaMonth(new Date(state.scheduledFor)),
    confirmationOpen: confirmationOpen(state),
  }),
  fromDocument: toState,
};

/** The months (YYYY-MM, China time) from `from` to `to`, both included. */
function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  for (let m = chinaMonth(from); m <= chinaMonth(to);) {
    months.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return months;
}

/** Visit queries; visits change through the commit port (`visitStates`). */
export class VisitRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get visits() {
    return this.connection.collection<VisitDoc>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.visits.createIndex({ referralId: 1, scheduledFor: 1 });
    await this.visits.createIndex({ providerId: 1, scheduledMonth: 1 });
    await this.visits.createIndex({ caseId: 1 });
    await this.visits.createIndex({ confirmationOpen: 1 });
    await backfillOnce<VisitDoc>(this.connection, 'visits.confirmationOpen', {
      collection: COLLECTION,
      missing: 'confirmationOpen',
      projection: { verification: 1 },
      fieldsOf: (doc) => ({ confirmationOpen: confirmationOpen(doc) }),
    });
    // Visits written before the calendar query existed get their month (once; each under its document's lock).
    const missing = await this.visits
      .find({ scheduledMonth: { $exists: false } }, { projection: { scheduledFor: 1 }, ...WHOLE_ANSWER })
      .toArray();
    for (const doc of missing)
      await withDocumentLock(this.connection, COLLECTION, doc._id, () =>
        this.visits.updateOne({ _id: doc._id }, { $set: { scheduledMonth: chinaMonth(new Date(doc.scheduledFor)) } }),
      );
  }

  async visitOf(visitId: string): Promise<VisitState | undefined> {
    const doc = await this.visits.findOne({ _id: visitId }, { projection: HIDDEN });
    return doc ? toState(doc) : undefined;
  }

  async listOf(referralId: string): Promise<VisitState[]> {
    const docs = await this.visits
      .find({ referralId }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .sort({ scheduledFor: 1 })
      .limit(1000)
      .toArray();
    return docs.map(toState);
  }

  async scheduledAfter(referralId: string, after: string): Promise<VisitState[]> {
    const docs = await this.visits
      .find({ referralId, status: 'scheduled' }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .toArray();
    const t = new Date(after).getTime();
    return docs
      .map(toState)
      .filter((v) => new Date(v.scheduledFor).getTime() > t)
      .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
  }

  /** A provider's visits scheduled in [from, to), in order: its calendar. */
  async calendarOf(providerId: string, from: Date, to: Date): Promise<VisitState[]> {
    const visits: VisitState[] = [];
    for (const scheduledMonth of monthsBetween(from, new Date(to.getTime() - 1))) {
      const docs = await this.visits
        .find({ providerId, scheduledMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
        .toArray();
      visits.push(...docs.map(toState));
    }
    return visits
      .filter((v) => v.scheduledFor >= from.toISOString() && v.scheduledFor < to.toISOString())
      .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
  }

  /** The visits whose confirmation is open (awaiting the recipient), with their deadlines: the sweep's candidates. */
  async openConfirmations(): Promise<OpenConfirmation[]> {
    const docs = await this.visits
      .find({ confirmationOpen: true }, { projection: { 'verification.confirmBy': 1 }, ...WHOLE_ANSWER })
      .toArray();
    return docs.flatMap((d) => (d.verification ? [{ visitId: d._id, confirmBy: d.verification.confirmBy }] : []));
  }

  /** The delivered visits of a case (their confirmation may be open), in scheduled order. */
  async deliveredOfCase(caseId: string): Promise<VisitState[]> {
    const docs = await this.visits
      .find({ caseId, status: 'delivered' }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .limit(1000)
      .toArray();
    return docs.map(toState).sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
  }
}

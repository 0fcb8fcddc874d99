import {
  dropIndexesIfPresent,
  inJurisdiction,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
  WHOLE_ANSWER,
  withoutOutbox,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { AssignmentLookup, AssignmentState, AssignmentStatus } from '../domain/assignment';
import type { Viewer } from '../domain/visibility';

/**
 * Stored with each assignment for queries FerretDB pushes down (docs/QUERIES.md): every jurisdiction its
 * township lies within, and the month it was offered in (the bucket of newest-first listings).
 */
interface QueryFields {
  jurisdictions: string[];
  offeredMonth: string;
}

type AssignmentDoc = Omit<AssignmentState, 'referralId'> & { _id: string } & Partial<QueryFields>;

const COLLECTION = 'assignments';

const queryFields = (a: Pick<AssignmentState, 'township' | 'offeredAt'>): QueryFields => ({
  jurisdictions: jurisdictionsOf(a.township ?? ''),
  offeredMonth: monthOf(a.offeredAt),
});

/**
 * Optional fields a later state may drop (a renewed offer drops the acceptance and the withdrawal): written
 * as null, so the commit port's update clears them, and read back as absent.
 */
const DROPPABLE = ['acceptedBy', 'acceptedAt', 'cancellation', 'withdrawal', 'closure'] as const;
const cleared = Object.fromEntries(DROPPABLE.map((field) => [field, null]));

/** What is read back: no outbox, no version, no query fields. */
const HIDDEN = { ...withoutOutbox, _version: 0, jurisdictions: 0, offeredMonth: 0 } as const;

function toState(doc: Record<string, unknown>): AssignmentState {
  const { _id, _version: _v, jurisdictions: _j, offeredMonth: _m, ...rest } = doc;
  const state = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null));
  return { referralId: _id, ...state } as AssignmentState;
}

/** How an assignment is stored: under its referral id, with the fields its listings query. */
export const assignmentStates: StateMapping<AssignmentState> = {
  collection: COLLECTION,
  toDocument: ({ referralId: _id, ...state }) => ({ ...cleared, ...state, ...queryFields(state) }),
  fromDocument: toState,
};

/** The query part that limits a listing to what the viewer may see. */
const visibleTo = (viewer: Viewer) =>
  viewer.kind === 'provider' ? { providerId: viewer.providerId } : inJurisdiction(viewer.jurisdiction);

/** Assignment queries; assignments change through the commit port (`assignmentStates`). */
export class AssignmentRepository implements AssignmentLookup {
  static readonly collection = COLLECTION;
  private readonly months: MonthBuckets;
  constructor(private readonly connection: Connection) {
    this.months = new MonthBuckets(connection, COLLECTION);
  }

  private get assignments() {
    return this.connection.collection<AssignmentDoc>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.assignments.createIndex({ providerId: 1, offeredMonth: 1, status: 1 });
    await this.assignments.createIndex({ jurisdictions: 1, offeredMonth: 1, status: 1 });
    await this.assignments.createIndex({ caseId: 1 });
    await dropIndexesIfPresent(this.connection, COLLECTION, ['providerId_1_status_1', 'township_1']);
    await this.months.prepare();
    await this.months.backfill('assignments: jurisdictions and offeredMonth', {
      missing: 'offeredMonth',
      projection: { township: 1, offeredAt: 1 },
      fieldsOf: queryFields,
    });
  }

  /** Notes the month of an offer before it is written, so newest-first listings look in that month. */
  async noteOffered(offer: Pick<AssignmentState, 'offeredAt'>): Promise<void> {
    await this.months.note(monthOf(offer.offeredAt));
  }

  async assignmentOf(referralId: string): Promise<AssignmentState | undefined> {
    const doc = await this.assignments.findOne({ _id: referralId }, { projection: HIDDEN });
    return doc ? toState(doc) : undefined;
  }

  /** The open (offered or accepted) assignments of a case's item: those a stop of the item ends. */
  async openOf(caseId: string, itemCode: string): Promise<AssignmentState[]> {
    const docs = await this.assignments.find({ caseId, itemCode }, { projection: HIDDEN, ...WHOLE_ANSWER }).toArray();
    return docs.map(toState).filter((a) => a.status === 'offered' || a.status === 'accepted');
  }

  /** The viewer's assignments (optionally in one status), newest offer first: read an offer month at a time. */
  async listFor(viewer: Viewer, status: AssignmentStatus | undefined, limit: number): Promise<AssignmentState[]> {
    const docs = await newestFirst(await this.months.months(), limit, (offeredMonth, n) =>
      this.assignments
        .find(
          { ...visibleTo(viewer), offeredMonth, ...(status ? { status } : {}) },
          { projection: HIDDEN, ...WHOLE_ANSWER },
        )
        .sort({ offeredAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map(toState);
  }
}

import { withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { VisitState } from '../domain/assignment';

type VisitDoc = Omit<VisitState, 'visitId'> & { _id: string };

const COLLECTION = 'visits';

/** What is read back: no outbox, no version. */
const HIDDEN = { ...withoutOutbox, _version: 0 } as const;

function toState(doc: Record<string, unknown>): VisitState {
  const { _id, _version: _v, ...rest } = doc;
  return { visitId: _id, ...rest } as VisitState;
}

/** How a visit is stored: under its visit id. */
export const visitStates: StateMapping<VisitState> = {
  collection: COLLECTION,
  toDocument: ({ visitId: _id, ...state }) => state,
  fromDocument: toState,
};

/** Visit queries; visits change through the commit port (`visitStates`). */
export class VisitRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get visits() {
    return this.connection.collection<VisitDoc>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.visits.createIndex({ referralId: 1, scheduledFor: 1 });
  }

  async visitOf(visitId: string): Promise<VisitState | undefined> {
    const doc = await this.visits.findOne({ _id: visitId }, { projection: HIDDEN });
    return doc ? toState(doc) : undefined;
  }

  async listOf(referralId: string): Promise<VisitState[]> {
    const docs = await this.visits
      .find({ referralId }, { projection: HIDDEN })
      .sort({ scheduledFor: 1 })
      .limit(1000)
      .toArray();
    return docs.map(toState);
  }
}

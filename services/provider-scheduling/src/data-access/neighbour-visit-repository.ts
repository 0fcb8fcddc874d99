import { inJurisdiction, jurisdictionsOf, WHOLE_ANSWER, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { NeighbourVisitState } from '../domain/neighbour-help/record-neighbour-visit';

const COLLECTION = 'neighbour_visits';

const HIDDEN = { ...withoutOutbox, jurisdictions: 0 } as const;

function toState(doc: Record<string, unknown>): NeighbourVisitState {
  const { _id, _version: _v, jurisdictions: _j, ...rest } = doc;
  return { visitId: _id, ...rest } as NeighbourVisitState;
}

/** How a help visit is stored: under its id, with the jurisdictions of its village (the count's query). */
export const neighbourVisitStates: StateMapping<NeighbourVisitState> = {
  collection: COLLECTION,
  toDocument: ({ visitId: _id, ...state }) => ({ ...state, jurisdictions: jurisdictionsOf(state.village) }),
  fromDocument: toState,
};

/** Help-visit queries; visits are recorded through the commit port (`neighbourVisitStates`). */
export class NeighbourVisitRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get visits() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.visits.createIndex({ jurisdictions: 1, year: 1 });
    await this.visits.createIndex({ neighbourId: 1 });
  }

  /** The visits of a year within a jurisdiction of a region. */
  async ofYear(jurisdiction: string, region: string, year: string): Promise<NeighbourVisitState[]> {
    const docs = await this.visits
      .find({ ...inJurisdiction(jurisdiction), year, region }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .limit(100_000)
      .toArray();
    return docs.map(toState);
  }

  /** One neighbour's visits, newest first. */
  async ofNeighbour(neighbourId: string): Promise<NeighbourVisitState[]> {
    const docs = await this.visits
      .find({ neighbourId }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .limit(5000)
      .toArray();
    return docs.map(toState).sort((a, b) => b.date.localeCompare(a.date) || b.recordedAt.localeCompare(a.recordedAt));
  }
}

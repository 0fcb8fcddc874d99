import { WHOLE_ANSWER, withinJurisdiction, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { StoredNeighbourVisit } from '../domain/neighbour-help/counted-visit';

const COLLECTION = 'neighbour_visits';

/** A counted neighbour visit is stored under its visit id. */
export const neighbourVisitMapping: StateMapping<StoredNeighbourVisit> = {
  collection: COLLECTION,
  toDocument: ({ visitId: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ visitId: _id, ...fields }) as StoredNeighbourVisit,
};

/** The neighbours' help visits the villages counted. Returns plain objects. */
export class NeighbourVisitRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get visits() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.visits.createIndex({ year: 1, township: 1 });
  }

  /** The counted visits of a year within a jurisdiction code prefix (a county or a township). */
  async ofYear(within: string, year: number): Promise<StoredNeighbourVisit[]> {
    const docs = await this.visits
      .find({ year, ...withinJurisdiction('township', within) }, { projection: withoutOutbox, ...WHOLE_ANSWER })
      .toArray();
    return docs.map((d) => neighbourVisitMapping.fromDocument(d));
  }
}

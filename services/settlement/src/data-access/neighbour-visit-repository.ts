import {
  backfillOnce,
  dropIndexesIfPresent,
  inJurisdiction,
  jurisdictionsOf,
  WHOLE_ANSWER,
  withoutOutbox,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { StoredNeighbourVisit } from '../domain/neighbour-help/counted-visit';

const COLLECTION = 'neighbour_visits';

/**
 * A counted neighbour visit is stored under its visit id, with `jurisdictions` (every code its township lies within,
 * `jurisdictionsOf`): "within a township or a county" is then an equality FerretDB pushes down (docs/QUERIES.md).
 */
export const neighbourVisitMapping: StateMapping<StoredNeighbourVisit> = {
  collection: COLLECTION,
  toDocument: ({ visitId: _id, ...fields }) => ({ ...fields, jurisdictions: jurisdictionsOf(fields.township) }),
  fromDocument: ({ _id, _version: _v, jurisdictions: _j, ...fields }) =>
    ({ visitId: _id, ...fields }) as StoredNeighbourVisit,
};

/** The neighbours' help visits the villages counted. Returns plain objects. */
export class NeighbourVisitRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get visits() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.visits.createIndex({ year: 1, jurisdictions: 1 });
    await backfillOnce<{ _id: string; township: string }>(this.connection, 'neighbour_visits: jurisdictions', {
      collection: COLLECTION,
      missing: 'jurisdictions',
      projection: { township: 1 },
      fieldsOf: (doc) => ({ jurisdictions: jurisdictionsOf(doc.township) }),
    });
    // The index of the `township` prefix regex the query above replaced.
    await dropIndexesIfPresent(this.connection, COLLECTION, ['year_1_township_1']);
  }

  /** The counted visits of a year within a jurisdiction (a county or a township): equalities on year and code. */
  async ofYear(within: string, year: number): Promise<StoredNeighbourVisit[]> {
    const docs = await this.visits
      .find({ year, ...inJurisdiction(within) }, { projection: withoutOutbox, ...WHOLE_ANSWER })
      .toArray();
    return docs.map((d) => neighbourVisitMapping.fromDocument(d));
  }
}

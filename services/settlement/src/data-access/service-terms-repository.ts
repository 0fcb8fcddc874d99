import { WHOLE_ANSWER, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { ServiceTerms } from '../domain/service-terms/service-terms';

const COLLECTION = 'service_terms';

export const serviceTermsMapping: StateMapping<ServiceTerms> = {
  collection: COLLECTION,
  toDocument: ({ termsId: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ termsId: _id, ...fields }) as ServiceTerms,
};

/** The plans' starts and the services' stops settlement learnt, by township. */
export class ServiceTermsRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get terms() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.terms.createIndex({ township: 1 });
  }

  async ofTownship(township: string): Promise<Map<string, ServiceTerms>> {
    const docs = await this.terms.find({ township }, { projection: withoutOutbox, ...WHOLE_ANSWER }).toArray();
    return new Map(docs.map((d) => [d._id, serviceTermsMapping.fromDocument(d)]));
  }
}

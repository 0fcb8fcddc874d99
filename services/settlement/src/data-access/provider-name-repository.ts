import { WHOLE_ANSWER, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { ProviderName } from '../domain/provider-names/provider-name';

const COLLECTION = 'provider_names';

/** A provider's name is stored under `<region>/<providerId>` (`providerNameId`); the state carries both. */
export const providerNameMapping: StateMapping<ProviderName> = {
  collection: COLLECTION,
  toDocument: (name) => ({ ...name }),
  fromDocument: ({ _id: _i, _version: _v, ...fields }) => fields as unknown as ProviderName,
};

/** The names of the providers counties contract with, learnt from contract.registered.v1. Plain objects. */
export class ProviderNameRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get names() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.names.createIndex({ region: 1 });
  }

  /** The names of a region's providers, by id (a region has tens of providers: read whole). */
  async namesIn(region: string): Promise<Map<string, string>> {
    const docs = await this.names.find({ region }, { projection: withoutOutbox, ...WHOLE_ANSWER }).toArray();
    return new Map(docs.map((d) => [String(d.providerId), String(d.name)]));
  }
}

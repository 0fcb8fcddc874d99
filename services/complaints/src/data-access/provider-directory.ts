import { WHOLE_ANSWER, withDocumentLock } from '@carelink/store';
import type { Connection } from 'mongoose';
import { learnName, providerNameId, type ProviderName } from '../domain/provider-names/provider-name';

type ProviderNameDoc = ProviderName & { _id: string; learntAt: Date };

/**
 * The names of the providers counties contract with, learnt from referral's contract.registered.v1 (no personal
 * data): what complaints' statistics show beside a provider's id. Returns plain objects.
 */
export class ProviderDirectory {
  static readonly collection = 'provider_names';
  constructor(private readonly connection: Connection) {}

  private get names() {
    return this.connection.collection<ProviderNameDoc>(ProviderDirectory.collection);
  }

  async prepare(): Promise<void> {
    await this.names.createIndex({ region: 1 });
  }

  /** Keeps the name a contract gives its provider if it is the latest one (idempotent: a redelivery changes nothing). */
  async learn(learnt: ProviderName): Promise<void> {
    const id = providerNameId(learnt.region, learnt.providerId);
    await withDocumentLock(this.connection, ProviderDirectory.collection, id, async () => {
      const stored = await this.names.findOne({ _id: id });
      const kept = learnName(stored ? toName(stored) : undefined, learnt);
      if (kept) await this.names.replaceOne({ _id: id }, { ...kept, learntAt: new Date() }, { upsert: true });
    });
  }

  /** The names of a region's providers, by id (a region has tens of providers: read whole). */
  async namesIn(region: string): Promise<Map<string, string>> {
    const docs = await this.names.find({ region }, WHOLE_ANSWER).toArray();
    return new Map(docs.map((d) => [d.providerId, d.name]));
  }
}

const toName = ({ region, providerId, name, contractId, validFrom }: ProviderNameDoc): ProviderName => ({
  region,
  providerId,
  name,
  contractId,
  validFrom,
});

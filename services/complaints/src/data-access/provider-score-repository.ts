import { appendToOutbox, withDocumentLock, withoutOutbox, type PendingEvent } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { ProviderRecord } from '../domain/provider-score/provider-score';

type ProviderDoc = ProviderRecord & { _id: string };

/** Per-provider facts (ratings, upheld complaints) the provider score is computed from. */
export class ProviderScoreRepository {
  static readonly collection = 'provider_scores';
  constructor(private readonly connection: Connection) {}

  private get providers() {
    return this.connection.collection<ProviderDoc>(ProviderScoreRepository.collection);
  }

  async get(region: string, providerId: string): Promise<ProviderRecord | null> {
    const doc = await this.providers.findOne({ _id: `${region}/${providerId}` }, { projection: withoutOutbox });
    if (!doc) return null;
    const { _id, ...record } = doc;
    return record;
  }

  /** Changes one provider's record under its lock; creates it on first use. */
  async update(
    region: string,
    providerId: string,
    decide: (current: ProviderRecord) => { record: ProviderRecord; events: PendingEvent[] },
  ): Promise<ProviderRecord> {
    const id = `${region}/${providerId}`;
    return withDocumentLock(this.connection, ProviderScoreRepository.collection, id, async () => {
      const current = (await this.get(region, providerId)) ?? { region, providerId, ratings: {}, upheld: [] };
      const { record, events } = decide(current);
      if (events.length === 0) return current;
      const outbox = appendToOutbox(events);
      await this.providers.updateOne(
        { _id: id },
        { $set: { ...record, ...outbox.$set }, $push: outbox.$push } as never,
        { upsert: true },
      );
      return record;
    });
  }
}

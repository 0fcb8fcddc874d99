import { WHOLE_ANSWER, withDocumentLock } from '@carelink/store';
import type { Connection } from 'mongoose';

interface ScoreDoc {
  _id: string;
  region: string;
  providerId: string;
  score: number;
  computedAt: string;
}

/** The latest complaint score per provider, as published by complaints (provider.score.updated.v1). */
export class ProviderScoreRepository {
  static readonly collection = 'provider_scores';
  constructor(private readonly connection: Connection) {}

  private get scores() {
    return this.connection.collection<ScoreDoc>(ProviderScoreRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.scores.createIndex({ region: 1 });
  }

  /** Keeps the newest score (by computedAt): an older, redelivered or reordered update changes nothing. */
  async record(update: { region: string; providerId: string; score: number; computedAt: string }): Promise<void> {
    const _id = `${update.region}:${update.providerId}`;
    await withDocumentLock(this.connection, ProviderScoreRepository.collection, _id, async () => {
      const current = await this.scores.findOne({ _id });
      if (current && current.computedAt >= update.computedAt) return;
      await this.scores.replaceOne({ _id }, update, { upsert: true });
    });
  }

  async inRegion(region: string): Promise<Map<string, number>> {
    const docs = await this.scores.find({ region }, WHOLE_ANSWER).toArray();
    return new Map(docs.map((d) => [d.providerId, d.score]));
  }
}

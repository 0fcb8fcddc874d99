import { isDuplicateKeyError, WHOLE_ANSWER, withinJurisdiction } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { LedgerEntry } from '../domain/needs-ledger/needs-ledger';

type LedgerDoc = Omit<LedgerEntry, 'entryId'> & { _id: string };

export class NeedsLedgerRepository {
  constructor(private readonly connection: Connection) {}

  private get entries() {
    return this.connection.collection<LedgerDoc>('needs_ledger');
  }

  async prepare(): Promise<void> {
    await this.entries.createIndex({ township: 1, recordedAt: -1 });
  }

  /** Adds entries once each (their ids derive from the event). */
  async add(entries: LedgerEntry[]): Promise<void> {
    for (const { entryId, ...rest } of entries) {
      try {
        await this.entries.insertOne({ _id: entryId, ...rest });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
  }

  async within(jurisdiction: string, from?: string, to?: string): Promise<LedgerEntry[]> {
    const docs = await this.entries
      .find(
        {
          ...withinJurisdiction('township', jurisdiction),
          ...(from || to ? { recordedAt: { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) } } : {}),
        },
        WHOLE_ANSWER,
      )
      .sort({ recordedAt: -1 })
      .limit(10_000)
      .toArray();
    return docs.map(({ _id, ...rest }) => ({ entryId: _id, ...rest }));
  }
}

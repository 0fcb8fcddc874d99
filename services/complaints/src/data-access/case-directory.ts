import { withDocumentLock } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { KnownCase } from '../domain/complaint';

type KnownCaseDoc = Omit<KnownCase, 'caseId'> & { _id: string; knownSince: Date };

const toKnownCase = (doc: KnownCaseDoc): KnownCase => ({
  caseId: doc._id,
  caseNumber: doc.caseNumber,
  region: doc.region,
  township: doc.township,
  personId: doc.personId,
});

/** The cases complaints can be about, learnt from intake's registrations. Returns plain objects. */
export class CaseDirectory {
  static readonly collection = 'known_cases';
  constructor(private readonly connection: Connection) {}

  private get cases() {
    return this.connection.collection<KnownCaseDoc>(CaseDirectory.collection);
  }

  async prepare(): Promise<void> {
    await this.cases.createIndex({ caseNumber: 1 });
  }

  /** Records a case once (idempotent: a redelivered registration changes nothing). */
  async remember(known: KnownCase): Promise<void> {
    const { caseId, ...rest } = known;
    await withDocumentLock(this.connection, CaseDirectory.collection, caseId, () =>
      this.cases.updateOne({ _id: caseId }, { $setOnInsert: { ...rest, knownSince: new Date() } }, { upsert: true }),
    );
  }

  async get(caseId: string): Promise<KnownCase | null> {
    const doc = await this.cases.findOne({ _id: caseId });
    return doc ? toKnownCase(doc) : null;
  }

  async getByNumber(caseNumber: string): Promise<KnownCase | null> {
    const doc = await this.cases.findOne({ caseNumber });
    return doc ? toKnownCase(doc) : null;
  }
}

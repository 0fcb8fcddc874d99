import {
  withinJurisdiction,
  withoutOutbox,
  appendToOutbox,
  isDuplicateKeyError,
  newWithOutbox,
  withDocumentLock,
  type PendingEvent,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { CaseState, CaseStatus, LevelDecision } from '../domain/case';

type CaseDoc = Omit<CaseState, 'caseId'> & { _id: string };

const toState = ({ _id, ...rest }: CaseDoc): CaseState => ({ caseId: _id, ...rest });

export class CaseRepository {
  static readonly collection = 'cases';
  constructor(private readonly connection: Connection) {}

  private get cases() {
    return this.connection.collection<CaseDoc>(CaseRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.cases.createIndex({ 'address.township': 1, status: 1 });
  }

  /** Opens a case once: a second call with the same case id changes nothing and returns false. */
  async open(state: CaseState, events: PendingEvent[]): Promise<boolean> {
    const { caseId, ...rest } = state;
    try {
      await this.cases.insertOne({ _id: caseId, ...rest, ...newWithOutbox(events) } as never);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async get(caseId: string): Promise<CaseState | null> {
    const doc = await this.cases.findOne({ _id: caseId }, { projection: withoutOutbox });
    return doc ? toState(doc) : null;
  }

  /** Appends a decision if nobody changed the case meanwhile (optimistic, single-document). */
  async recordDecision(
    caseId: string,
    expectedVersion: number,
    status: CaseStatus,
    decision: LevelDecision,
    events: PendingEvent[],
  ): Promise<boolean> {
    const outbox = appendToOutbox(events);
    return withDocumentLock(this.connection, CaseRepository.collection, caseId, async () => {
      const result = await this.cases.updateOne({ _id: caseId, version: expectedVersion }, {
        $set: { status, version: expectedVersion + 1, ...outbox.$set },
        $push: { decisions: decision, ...outbox.$push },
      } as never);
      return result.modifiedCount === 1;
    });
  }

  async listWithin(jurisdiction: string, status: CaseStatus | undefined, limit: number): Promise<CaseState[]> {
    const docs = await this.cases
      .find(
        { ...withinJurisdiction('address.township', jurisdiction), ...(status ? { status } : {}) },
        { projection: withoutOutbox },
      )
      .sort({ openedAt: -1 })
      .limit(limit)
      .toArray();
    return docs.map(toState);
  }
}

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
    await this.cases.createIndex({ 'person.personId': 1 });
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

  /**
   * Applies a change if nobody changed the case meanwhile (version check under the document lock), with
   * the events it causes in the same single-document update. False when the case moved on.
   */
  async applyChange(
    caseId: string,
    expectedVersion: number,
    change: { set: Partial<Omit<CaseState, 'caseId' | 'version'>>; decision?: LevelDecision },
    events: PendingEvent[],
  ): Promise<boolean> {
    const outbox = appendToOutbox(events);
    const push = { ...outbox.$push, ...(change.decision ? { decisions: change.decision } : {}) };
    return withDocumentLock(this.connection, CaseRepository.collection, caseId, async () => {
      const result = await this.cases.updateOne({ _id: caseId, version: expectedVersion }, {
        $set: { ...change.set, version: expectedVersion + 1, ...outbox.$set },
        $push: push,
      } as never);
      return result.modifiedCount === 1;
    });
  }

  async ofPerson(personId: string): Promise<CaseState[]> {
    const docs = await this.cases.find({ 'person.personId': personId }, { projection: withoutOutbox }).toArray();
    return docs.map(toState);
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

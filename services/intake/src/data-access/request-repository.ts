import {
  appendToOutbox,
  withinJurisdiction,
  withoutOutbox,
  newWithOutbox,
  SequenceCounter,
  withDocumentLock,
  type PendingEvent,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import { nextProgress, type ProgressFact, type ResidentProgress } from '../domain/follow-progress/resident-progress';

export type RequestStatus = 'registered' | 'decided';

export interface RequestRecord {
  _id: string;
  caseNumber: string;
  region: string;
  channel: string;
  personId: string;
  applicant: { name: string; idNumberMasked: string; birthDate: string; sex: string };
  proxy?: { name: string; relation: string };
  household: { name: string; relation: string; idNumberMasked?: string; idNumberSealed?: string; birthDate?: string }[];
  address: { county: string; township: string; village?: string; detail?: string };
  declaredGroups: string[];
  declaredConditions: string[];
  itemCodes: string[];
  description?: string;
  status: RequestStatus;
  registeredAt: Date;
  registeredBy: string;
  consent: { given: boolean; givenBy: 'applicant' | 'proxy'; recordedAt: string };
  /** Where the request stands for the resident, followed from the case's events. */
  progress?: ResidentProgress;
}

/** Requests and case-number counters of intake. Returns plain objects. */
export class RequestRepository {
  static readonly collection = 'requests';
  constructor(private readonly connection: Connection) {}

  private get requests() {
    return this.connection.collection<RequestRecord>(RequestRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.requests.createIndex({ personId: 1, status: 1 });
    await this.requests.createIndex({ 'address.township': 1, registeredAt: -1 });
    await this.requests.createIndex({ caseNumber: 1 }, { unique: true });
  }

  /** Next number in a county's yearly sequence. */
  async nextSequence(scope: string): Promise<number> {
    return new SequenceCounter(this.connection).next(scope);
  }

  async openRequestsOf(personId: string): Promise<RequestRecord[]> {
    return this.requests.find({ personId, status: 'registered' }).toArray();
  }

  async insert(record: RequestRecord, events: PendingEvent[]): Promise<void> {
    await this.requests.insertOne({ ...record, ...newWithOutbox(events) } as never);
  }

  /** Records more events of an existing request (e.g. the acknowledgement of a merged duplicate). */
  async appendEvents(caseId: string, events: PendingEvent[]): Promise<void> {
    await withDocumentLock(this.connection, RequestRepository.collection, caseId, () =>
      this.requests.updateOne({ _id: caseId }, appendToOutbox(events) as never),
    );
  }

  async findById(caseId: string): Promise<RequestRecord | null> {
    return this.requests.findOne({ _id: caseId }, { projection: withoutOutbox });
  }

  async listWithin(jurisdiction: string, limit: number): Promise<RequestRecord[]> {
    return this.requests
      .find({ ...withinJurisdiction('address.township', jurisdiction) }, { projection: withoutOutbox })
      .sort({ registeredAt: -1 })
      .limit(limit)
      .toArray();
  }

  /** The latest requests of these persons within a region and jurisdiction, newest first. */
  async latestOf(
    personIds: string[],
    limit: number,
    scope: { region: string; jurisdiction: string },
  ): Promise<RequestRecord[]> {
    if (personIds.length === 0) return [];
    return this.requests
      .find(
        {
          personId: { $in: personIds },
          region: scope.region,
          ...withinJurisdiction('address.township', scope.jurisdiction),
        },
        { projection: withoutOutbox },
      )
      .sort({ registeredAt: -1 })
      .limit(limit)
      .toArray();
  }

  /** Moves the resident-facing progress on (a request intake does not know is ignored). */
  async recordProgress(caseId: string, fact: ProgressFact): Promise<void> {
    await withDocumentLock(this.connection, RequestRepository.collection, caseId, async () => {
      const current = await this.requests.findOne({ _id: caseId }, { projection: { progress: 1 } });
      if (!current) return;
      const progress = nextProgress(current.progress, fact);
      await this.requests.updateOne({ _id: caseId }, { $set: { progress } });
    });
  }

  /** Marks a request decided (idempotent). */
  async markDecided(caseId: string): Promise<void> {
    await withDocumentLock(this.connection, RequestRepository.collection, caseId, () =>
      this.requests.updateOne({ _id: caseId, status: 'registered' }, { $set: { status: 'decided' } }),
    );
  }
}

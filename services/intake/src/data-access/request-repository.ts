import {
  appendToOutbox,
  backfillOnce,
  dropIndexesIfPresent,
  inJurisdiction,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
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

/**
 * Stored with each request for queries FerretDB pushes down (docs/QUERIES.md): every jurisdiction its
 * township lies within, and the month it was registered in (the bucket of newest-first listings).
 */
interface QueryFields {
  jurisdictions: string[];
  registeredMonth: string;
}

const queryFields = (r: Pick<RequestRecord, 'address' | 'registeredAt'>): QueryFields => ({
  jurisdictions: jurisdictionsOf(r.address?.township ?? ''),
  registeredMonth: monthOf(r.registeredAt),
});

/** What repositories return: no outbox, no query fields. */
const HIDDEN = { ...withoutOutbox, jurisdictions: 0, registeredMonth: 0 } as const;

const CASE_NUMBER_BLOCK = 20;

/** Requests and case-number counters of intake. Returns plain objects. */
export class RequestRepository {
  static readonly collection = 'requests';
  private readonly months: MonthBuckets;
  constructor(private readonly connection: Connection) {
    this.months = new MonthBuckets(connection, RequestRepository.collection);
  }

  private get requests() {
    return this.connection.collection<RequestRecord & Partial<QueryFields>>(RequestRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.requests.createIndex({ personId: 1, status: 1 });
    await this.requests.createIndex({ jurisdictions: 1, registeredMonth: 1, registeredAt: -1 });
    await this.requests.createIndex({ caseNumber: 1 }, { unique: true });
    await dropIndexesIfPresent(this.connection, RequestRepository.collection, ['address.township_1_registeredAt_-1']);
    await this.months.prepare();
    await backfillOnce<RequestRecord>(this.connection, 'requests: jurisdictions and registeredMonth', {
      collection: RequestRepository.collection,
      missing: 'registeredMonth',
      projection: { address: 1, registeredAt: 1 },
      fieldsOf: async (r) => {
        const fields = queryFields(r);
        await this.months.note(fields.registeredMonth);
        return fields;
      },
    });
  }

  /**
   * Next number in a county's yearly sequence. Numbers are reserved 20 at a time (one store round trip per
   * 20 registrations at the morning peak); a restart skips the rest of a block, so numbers have gaps.
   */
  async nextSequence(scope: string): Promise<number> {
    return new SequenceCounter(this.connection, 'counters', CASE_NUMBER_BLOCK).next(scope);
  }

  async openRequestsOf(personId: string): Promise<RequestRecord[]> {
    return this.requests.find({ personId, status: 'registered' }).toArray();
  }

  async insert(record: RequestRecord, events: PendingEvent[]): Promise<void> {
    const fields = queryFields(record);
    await this.months.note(fields.registeredMonth);
    await this.requests.insertOne({ ...record, ...fields, ...newWithOutbox(events) } as never);
  }

  /** Records more events of an existing request (e.g. the acknowledgement of a merged duplicate). */
  async appendEvents(caseId: string, events: PendingEvent[]): Promise<void> {
    await withDocumentLock(this.connection, RequestRepository.collection, caseId, () =>
      this.requests.updateOne({ _id: caseId }, appendToOutbox(events) as never),
    );
  }

  async findById(caseId: string): Promise<RequestRecord | null> {
    return this.requests.findOne({ _id: caseId }, { projection: HIDDEN });
  }

  /** Requests within a jurisdiction, newest first: read a registration month at a time. */
  async listWithin(jurisdiction: string, limit: number): Promise<RequestRecord[]> {
    return newestFirst(await this.months.months(), limit, (registeredMonth, n) =>
      this.requests
        .find({ ...inJurisdiction(jurisdiction), registeredMonth }, { projection: HIDDEN })
        .sort({ registeredAt: -1 })
        .limit(n)
        .toArray(),
    );
  }

  /** One person's requests within a jurisdiction, newest first. */
  async ofPersonWithin(personId: string, jurisdiction: string, limit: number): Promise<RequestRecord[]> {
    return this.requests
      .find({ personId, ...inJurisdiction(jurisdiction) }, { projection: HIDDEN })
      .sort({ registeredAt: -1 })
      .limit(limit)
      .toArray();
  }

  /**
   * The latest requests of these persons within a region and jurisdiction, newest first: one query per
   * person (an equality on `personId`, indexed), side by side, merged.
   */
  async latestOf(
    personIds: string[],
    limit: number,
    scope: { region: string; jurisdiction: string },
  ): Promise<RequestRecord[]> {
    const each = await Promise.all(
      [...new Set(personIds)].map((personId) =>
        this.requests
          .find({ personId, region: scope.region, ...inJurisdiction(scope.jurisdiction) }, { projection: HIDDEN })
          .sort({ registeredAt: -1 })
          .limit(limit)
          .toArray(),
      ),
    );
    return each
      .flat()
      .sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime())
      .slice(0, limit);
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

import {
  backfillOnce,
  countByMonth,
  countUpTo,
  dayOf,
  dropIndexesIfPresent,
  inJurisdiction,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
  newestFirstByDay,
  withoutOutbox,
  WHOLE_ANSWER,
  SequenceCounter,
  type DayBucketReads,
  type FieldCipher,
  type Page,
  type StateMapping,
} from '@carelink/store';
import { ageInFullYears, maskResidentId } from '@carelink/contracts';
import type { Connection } from 'mongoose';
import { caseSerialOf, namePrefixes, type RequestFilter } from '../domain/find-requests/find-requests';
import type { LatestRequests, ResidentRequest } from '../domain/follow-progress/find-resident-requests';
import type { FollowedRequest } from '../domain/follow-progress/follow-progress';
import type { ResidentProgress } from '../domain/follow-progress/resident-progress';
import type { Records } from '../domain/intake-records';
import type { RegistrationLookups } from '../domain/register-request/handle-register-request';
import type { HouseholdMember, OpenRequest, ServiceRequest } from '../domain/register-request/register-request';
import { recordsOf, type IntakeCommits } from './records';

const REQUESTS = 'requests';

/**
 * A request as stored and read by staff: the request as registered, its household ID numbers sealed, and
 * where it stands for the resident (followed from the case's events).
 */
export interface RequestRecord extends Omit<ServiceRequest, 'caseId' | 'household'> {
  _id: string;
  household: (Omit<HouseholdMember, 'idNumber'> & { idNumberSealed?: string })[];
  progress?: ResidentProgress;
}

/**
 * Stored with each request for queries FerretDB pushes down (docs/QUERIES.md): every jurisdiction its
 * township lies within, the month and the day it was registered on (the buckets of newest-first listings: a
 * township's month holds hundreds of requests, its day a few dozen), and what a search finds it by: the serial
 * of its case number and the first characters of the applicant's name.
 */
interface QueryFields extends SearchKeys, MonthFields {
  registeredDay: string;
}

interface MonthFields {
  jurisdictions: string[];
  registeredMonth: string;
}

interface SearchKeys {
  caseSerial: number;
  applicantNameKeys: string[];
}

const searchKeys = (r: Pick<RequestRecord, 'caseNumber' | 'applicant'>): SearchKeys => ({
  caseSerial: caseSerialOf(r.caseNumber ?? '') ?? 0,
  applicantNameKeys: namePrefixes(r.applicant?.name ?? ''),
});

/** What the first backfill gave older requests (`registeredDay` has its own: the day must be noted with it). */
const monthFields = (
  r: Pick<RequestRecord, 'address' | 'registeredAt' | 'caseNumber' | 'applicant'>,
): MonthFields & SearchKeys => ({
  jurisdictions: jurisdictionsOf(r.address?.township ?? ''),
  registeredMonth: monthOf(r.registeredAt),
  ...searchKeys(r),
});

const queryFields = (r: Pick<RequestRecord, 'address' | 'registeredAt' | 'caseNumber' | 'applicant'>): QueryFields => ({
  ...monthFields(r),
  registeredDay: dayOf(r.registeredAt),
});

/**
 * A request stored before masks were cut to 3+2: the applicant's and household members' birth dates (and
 * the applicant's sex) in clear beside the sealed ID numbers, and masks that hid only the birth date.
 */
interface RegisteredBeforeAges {
  _id: string;
  registeredAt: Date;
  applicant: { name: string; idNumberMasked: string; birthDate?: string; ageAtRegistration?: number };
  household?: (RequestRecord['household'][number] & { birthDate?: string })[];
}

/** The same request with ages on the day of registration instead of birth dates, and 3+2 masks. */
function withAgesInsteadOfBirthDates(r: RegisteredBeforeAges) {
  const ageOf = (birthDate: string | undefined) =>
    birthDate ? { ageAtRegistration: ageInFullYears(birthDate, r.registeredAt) } : {};
  return {
    applicant: {
      name: r.applicant.name,
      idNumberMasked: maskResidentId(r.applicant.idNumberMasked),
      ...ageOf(r.applicant.birthDate),
    },
    household: (r.household ?? []).map(({ birthDate, idNumberMasked, ...member }) => ({
      ...member,
      ...(idNumberMasked ? { idNumberMasked: maskResidentId(idNumberMasked) } : {}),
      ...ageOf(birthDate),
    })),
  };
}

/** What repositories return: no outbox, no query fields. */
const HIDDEN = {
  ...withoutOutbox,
  jurisdictions: 0,
  registeredMonth: 0,
  registeredDay: 0,
  caseSerial: 0,
  applicantNameKeys: 0,
} as const;

/** What merging and replaying read of a request. */
const OPEN_REQUEST = { caseNumber: 1, personId: 1, itemCodes: 1 } as const;
const openRequestOf = (r: Pick<RequestRecord, '_id' | 'caseNumber' | 'personId' | 'itemCodes'>): OpenRequest => ({
  caseId: r._id,
  caseNumber: r.caseNumber,
  personId: r.personId,
  itemCodes: r.itemCodes,
});

/** A request as registering decides it, stored: household ID numbers sealed, with the query fields. */
function registrationMapping(cipher: FieldCipher): StateMapping<ServiceRequest> {
  return {
    collection: REQUESTS,
    toDocument: ({ caseId: _stored, household, ...request }) => {
      const record = {
        ...request,
        household: household.map(({ idNumber, ...member }) => ({
          ...member,
          ...(idNumber ? { idNumberSealed: cipher.encrypt(idNumber) } : {}),
        })),
      };
      return { ...record, ...queryFields(record) };
    },
    fromDocument: (document) => {
      const {
        _id,
        household,
        jurisdictions: _jurisdictions,
        registeredMonth: _month,
        registeredDay: _day,
        caseSerial: _serial,
        applicantNameKeys: _nameKeys,
        progress: _progress,
        ...request
      } = document as unknown as RequestRecord & QueryFields;
      return {
        ...request,
        caseId: _id,
        household: household.map(({ idNumberSealed, ...member }) => ({
          ...member,
          ...(idNumberSealed ? { idNumber: cipher.decrypt(idNumberSealed) } : {}),
        })),
      };
    },
  };
}

/** What following a case writes on its request: the status and the resident's progress, nothing else. */
const followedMapping: StateMapping<FollowedRequest> = {
  collection: REQUESTS,
  toDocument: ({ status, progress }) => ({ status, ...(progress ? { progress } : {}) }),
  fromDocument: (document) => {
    const { status, progress } = document as unknown as RequestRecord;
    return { status, ...(progress ? { progress } : {}) };
  },
};

/**
 * Requests as use cases change them, through the commit port: registering (the whole request; a new
 * request's month and day are noted before it is written, so that listings find it) and following (status and
 * progress).
 */
export function requestRecords(
  connection: Connection,
  commits: IntakeCommits,
  cipher: FieldCipher,
): { registering: Records<ServiceRequest>; following: Records<FollowedRequest> } {
  const months = new MonthBuckets(connection, REQUESTS);
  const registration = registrationMapping(cipher);
  return {
    registering: {
      commit: (caseId, decide) =>
        commits.commit(registration, caseId, async (current, ctx) => {
          const decision = await decide(current, ctx);
          if (!current && decision.state) await months.noteDay(dayOf(decision.state.registeredAt));
          return decision;
        }),
    },
    following: recordsOf(commits, followedMapping),
  };
}

const CASE_NUMBER_BLOCK = 20;

/** Requests and case-number counters of intake: the reads. Returns plain objects. */
export class RequestRepository implements RegistrationLookups, LatestRequests {
  static readonly collection = REQUESTS;
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
    await this.requests.createIndex({ jurisdictions: 1, registeredDay: 1, registeredAt: -1 });
    await this.requests.createIndex({ caseNumber: 1 }, { unique: true });
    await this.requests.createIndex({ applicantNameKeys: 1, jurisdictions: 1 });
    await this.requests.createIndex({ caseSerial: 1, jurisdictions: 1 });
    await dropIndexesIfPresent(this.connection, RequestRepository.collection, ['address.township_1_registeredAt_-1']);
    await this.months.prepare();
    await this.months.prepareDays();
    await this.months.backfill('requests: jurisdictions and registeredMonth', {
      missing: 'registeredMonth',
      projection: { address: 1, registeredAt: 1, caseNumber: 1, applicant: 1 },
      fieldsOf: monthFields,
    });
    await backfillOnce<Pick<RequestRecord, '_id' | 'registeredAt'>>(this.connection, 'requests: registeredDay', {
      collection: REQUESTS,
      missing: 'registeredDay',
      projection: { registeredAt: 1 },
      fieldsOf: async (r) => {
        const registeredDay = dayOf(r.registeredAt);
        await this.months.noteDay(registeredDay);
        return { registeredDay };
      },
    });
    await backfillOnce<Pick<RequestRecord, '_id' | 'caseNumber' | 'applicant'>>(
      this.connection,
      'requests: search keys',
      {
        collection: REQUESTS,
        missing: 'caseSerial',
        projection: { caseNumber: 1, applicant: 1 },
        fieldsOf: searchKeys,
      },
    );
    await backfillOnce<RegisteredBeforeAges>(this.connection, 'requests: ages instead of birth dates, 3+2 masks', {
      collection: REQUESTS,
      missing: 'applicant.ageAtRegistration',
      projection: { applicant: 1, household: 1, registeredAt: 1 },
      fieldsOf: withAgesInsteadOfBirthDates,
    });
  }

  /**
   * Next number in a county's yearly sequence. Numbers are reserved 20 at a time (one store round trip per
   * 20 registrations at the morning peak); a restart skips the rest of a block, so numbers have gaps.
   */
  async nextSequence(scope: string): Promise<number> {
    return new SequenceCounter(this.connection, 'counters', CASE_NUMBER_BLOCK).next(scope);
  }

  async openRequestsOf(personId: string): Promise<OpenRequest[]> {
    const open = await this.requests
      .find({ personId, status: 'registered' }, { projection: OPEN_REQUEST, ...WHOLE_ANSWER })
      .toArray();
    return open.map(openRequestOf);
  }

  async requestOf(caseId: string): Promise<OpenRequest | null> {
    const found = await this.requests.findOne({ _id: caseId }, { projection: OPEN_REQUEST });
    return found ? openRequestOf(found) : null;
  }

  async findById(caseId: string): Promise<RequestRecord | null> {
    return this.requests.findOne({ _id: caseId }, { projection: HIDDEN });
  }

  /** A request by its case id, or by its case number (CZ341702-2026-000053): what staff read out and type in. */
  async findByIdOrNumber(caseIdOrNumber: string): Promise<RequestRecord | null> {
    return (
      (await this.findById(caseIdOrNumber)) ??
      this.requests.findOne({ caseNumber: caseIdOrNumber }, { projection: HIDDEN })
    );
  }

  /**
   * A page of the requests within a jurisdiction and region that match a worklist filter or a search, newest
   * first, with how many match (up to TOTAL_CAP). Each month, or each day of a month that holds more than the
   * page still wants (`newestFirstByDay`), is read with equalities FerretDB pushes down (the jurisdiction or
   * place, the month or day, and status, item, channel, case number, serial, person or name key where given); a
   * date range, several channels, a village and "no team yet" are checked on those rows.
   */
  async page(
    scope: { jurisdiction: string; region: string },
    filter: RequestFilter & { personId?: string },
    page: number,
    pageSize: number,
  ): Promise<Page<RequestRecord>> {
    const query = listQuery(scope, filter);
    const months = await this.monthsOf(filter);
    const skip = (page - 1) * pageSize;
    const [read, counted] = await Promise.all([
      newestFirstByDay(months, skip + pageSize, this.reads(query, filter)),
      // The newest month is mostly this month, only begun: the one before it alone may pass the cap.
      countByMonth(
        months,
        (registeredMonth, limit) => countUpTo(this.connection.db!, REQUESTS, { ...query, registeredMonth }, limit),
        2,
      ),
    ]);
    return { items: read.slice(skip), page, pageSize, ...counted };
  }

  /** The newest `limit` requests matching a worklist filter or a search (uncounted). */
  async newest(
    scope: { jurisdiction: string; region: string },
    filter: RequestFilter & { personId?: string },
    limit: number,
  ): Promise<RequestRecord[]> {
    const query = listQuery(scope, filter);
    return newestFirstByDay(await this.monthsOf(filter), limit, this.reads(query, filter));
  }

  /** How a listing reads the requests of `query` by month and day bucket (the days of its day range). */
  private reads(query: Record<string, unknown>, filter: RequestFilter): DayBucketReads<RequestRecord> {
    const { from, to } = filter.registered ?? {};
    const firstDay = from ? dayOf(from) : undefined;
    const lastDay = to ? dayOf(new Date(to.getTime() - 1)) : undefined;
    return {
      days: async (month) =>
        (await this.months.daysOf(month)).filter((d) => (!firstDay || d >= firstDay) && (!lastDay || d <= lastDay)),
      month: (registeredMonth, n) =>
        this.requests
          .find({ ...query, registeredMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
          .limit(n)
          .toArray(),
      monthNewestFirst: (registeredMonth, n) =>
        this.requests
          .find({ ...query, registeredMonth }, { projection: HIDDEN, ...WHOLE_ANSWER })
          .sort({ registeredAt: -1 })
          .limit(n)
          .toArray(),
      day: (registeredDay, n) =>
        this.requests
          .find({ ...query, registeredDay }, { projection: HIDDEN, ...WHOLE_ANSWER })
          .sort({ registeredAt: -1 })
          .limit(n)
          .toArray(),
      newestFirst: (a, b) => b.registeredAt.getTime() - a.registeredAt.getTime(),
    };
  }

  /** The registration months a filter's day range touches (all months without one), newest first. */
  private async monthsOf(filter: RequestFilter): Promise<string[]> {
    const { from, to } = filter.registered ?? {};
    return (await this.months.months(from ? monthOf(from) : undefined)).filter(
      (m) => !to || m <= monthOf(new Date(to.getTime() - 1)),
    );
  }

  /**
   * What the dashboard counts of the requests registered within [from, to) in a jurisdiction and region: the
   * months the range touches, each read with equalities (the range is checked on the month's rows).
   */
  async countedBetween(
    scope: { jurisdiction: string; region: string },
    from: Date,
    to: Date,
  ): Promise<{ channel: string; township: string; status: string }[]> {
    const last = monthOf(new Date(to.getTime() - 1));
    const months = (await this.months.months(monthOf(from))).filter((m) => m <= last);
    const each = await Promise.all(
      months.map((registeredMonth) =>
        this.requests
          .find(
            {
              ...inJurisdiction(scope.jurisdiction),
              registeredMonth,
              region: scope.region,
              registeredAt: { $gte: from, $lt: to },
            },
            { projection: { channel: 1, address: 1, status: 1 }, ...WHOLE_ANSWER },
          )
          .toArray(),
      ),
    );
    return each.flat().map((r) => ({ channel: r.channel, township: r.address.township, status: r.status }));
  }

  /** Requests within a jurisdiction (and region, when given), newest first: read a registration month at a time. */
  async listWithin(jurisdiction: string, limit: number, region?: string): Promise<RequestRecord[]> {
    return newestFirst(await this.months.months(), limit, (registeredMonth, n) =>
      this.requests
        .find(
          { ...inJurisdiction(jurisdiction), registeredMonth, ...(region ? { region } : {}) },
          { projection: HIDDEN, ...WHOLE_ANSWER },
        )
        .sort({ registeredAt: -1 })
        .limit(n)
        .toArray(),
    );
  }

  /** The townships of a person's requests (what a person's file that keeps no township is judged on). */
  async townshipsOf(personId: string): Promise<string[]> {
    const found = await this.requests
      .find({ personId }, { projection: { 'address.township': 1 }, ...WHOLE_ANSWER })
      .toArray();
    return [...new Set(found.map((r) => r.address.township))];
  }

  /** The assistance statuses the person declared on their latest request (none when they have no request). */
  async declaredGroupsOf(personId: string): Promise<string[]> {
    const [latest] = await this.requests
      .find({ personId }, { projection: { declaredGroups: 1, registeredAt: 1 } })
      .sort({ registeredAt: -1 })
      .limit(1)
      .toArray();
    return latest?.declaredGroups ?? [];
  }

  /** One person's requests within a jurisdiction, newest first. */
  async ofPersonWithin(personId: string, jurisdiction: string, limit: number): Promise<RequestRecord[]> {
    return this.requests
      .find({ personId, ...inJurisdiction(jurisdiction) }, { projection: HIDDEN, ...WHOLE_ANSWER })
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
  ): Promise<ResidentRequest[]> {
    const each = await Promise.all(
      [...new Set(personIds)].map((personId) =>
        this.requests
          .find(
            { personId, region: scope.region, ...inJurisdiction(scope.jurisdiction) },
            { projection: HIDDEN, ...WHOLE_ANSWER },
          )
          .sort({ registeredAt: -1 })
          .limit(limit)
          .toArray(),
      ),
    );
    return each
      .flat()
      .sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime())
      .slice(0, limit)
      .map((r) => ({
        caseId: r._id,
        caseNumber: r.caseNumber,
        personId: r.personId,
        applicantName: r.applicant.name,
        registeredAt: r.registeredAt,
        itemCodes: r.itemCodes,
        ...(r.progress ? { progress: r.progress } : {}),
      }));
  }
}

/**
 * The filter of a worklist or search within a jurisdiction and region, without the month: equalities first
 * (pushed down), then what FerretDB checks on the rows they return.
 */
function listQuery(
  scope: { jurisdiction: string; region: string },
  filter: RequestFilter & { personId?: string },
): Record<string, unknown> {
  const { stage, place, channels, itemCode, registered, search, personId } = filter;
  const query: Record<string, unknown> = {
    ...inJurisdiction(place?.township ?? scope.jurisdiction),
    region: scope.region,
  };
  if (stage === 'decided') query.status = 'decided';
  if (stage === 'open' || stage === 'new') query.status = 'registered';
  if (itemCode) query.itemCodes = itemCode;
  if (channels?.length === 1) query.channel = channels[0];
  if (personId) query.personId = personId;
  if (search?.kind === 'case_number') query.caseNumber = search.caseNumber;
  if (search?.kind === 'serial') query.caseSerial = search.serial;
  if (search?.kind === 'name') query.applicantNameKeys = search.name;
  // Checked on the rows the equalities return:
  if (channels && channels.length > 1) query.channel = { $in: channels };
  if (place?.village) query['address.village'] = place.village;
  if (registered?.from || registered?.to)
    query.registeredAt = {
      ...(registered.from ? { $gte: registered.from } : {}),
      ...(registered.to ? { $lt: registered.to } : {}),
    };
  // New: nobody has been sent to the home yet (no progress beyond registered).
  if (stage === 'new') query['progress.stage'] = { $in: [null, 'registered'] };
  return query;
}

import type { StaffPrincipal } from '@carelink/auth';
import {
  buildEvent,
  ReferralCreated,
  useCaseContext,
  type Decision,
  type DomainError,
  type EventData,
} from '@carelink/contracts';
import type { AssignmentState, VisitState } from '../src/domain/assignment';
import type { PlanState } from '../src/domain/service-plan/plan';
import type { TrainingRule, WorkerState } from '../src/domain/worker';

export const now = new Date('2026-11-25T09:00:00+08:00');

/** A use case's context with the clock at `now`. */
export const ctx = useCaseContext(now);

export function givenAssignment(over: Partial<AssignmentState> = {}): AssignmentState {
  return {
    referralId: 'ref-1',
    caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
    caseNumber: 'CZ341702-2026-000001',
    region: 'chizhou',
    township: '341702001',
    itemCode: 'CZ-QJ-01',
    person: { personId: 'p_0123456789abcdef', name: '张三' },
    providerId: 'prov-a',
    contractId: 'contract-1',
    status: 'offered',
    version: 0,
    offeredAt: '2026-11-24T10:00:00.000Z',
    ...over,
  };
}

/** Referral's referral.created.v1 of `givenAssignment()`'s referral, routed as given. */
export function givenReferral(
  route: EventData<typeof ReferralCreated>['route'],
  over: { referralId?: string; caseId?: string; time?: Date } = {},
) {
  const { referralId, caseId } = givenAssignment(over);
  return buildEvent(ReferralCreated, {
    source: '/carelink/referral',
    key: caseId,
    time: over.time ?? new Date('2026-11-24T10:00:00Z'),
    data: {
      referralId,
      caseId,
      caseNumber: 'CZ341702-2026-000001',
      region: 'chizhou',
      itemCode: 'CZ-QJ-01',
      township: '341702001',
      person: { personId: 'p_0123456789abcdef', name: '张三' },
      route,
      explanation: '按服务合同转介',
      sharingBasis: { basis: 'consent', givenBy: 'applicant' },
      createdAt: '2026-11-24T10:00:00Z',
    },
  });
}

export function givenVisit(over: Partial<VisitState> = {}): VisitState {
  return {
    visitId: '0193a000-0000-7000-8000-000000000001',
    referralId: 'ref-1',
    caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
    region: 'chizhou',
    township: '341702001',
    providerId: 'prov-a',
    workerId: 'worker-7',
    itemCode: 'CZ-QJ-01',
    scheduledFor: '2026-11-25T00:00:00.000Z',
    status: 'scheduled',
    scheduledBy: 'staff-a',
    scheduledAt: '2026-11-24T12:00:00.000Z',
    ...over,
  };
}

/** Provider staff of `providerId`; null for a token that names no provider. */
export function providerStaff(providerId: string | null = 'prov-a', sub = 'staff-a'): StaffPrincipal {
  return {
    sub,
    role: 'provider_staff',
    region: 'chizhou',
    jurisdiction: '341702',
    ...(providerId ? { providerId } : {}),
  };
}

export function townshipCaseworker(jurisdiction = '341702001'): StaffPrincipal {
  return { sub: 'clerk', role: 'township_caseworker', region: 'chizhou', jurisdiction };
}

/** The DomainError code a call throws, 'no error' when it returns. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
}

/** The error a call throws (fails the test when it returns). */
export function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected an error, got none');
}

/** The events a decision causes: topic, type, key and data. */
export function eventsOf(decision: Decision<unknown, unknown>) {
  return (decision.events ?? []).map(({ topic, type, key, data }) => ({ topic: topic.name, type, key, data }));
}

/** Chizhou's rule (policy/chizhou.yaml): 8 hours, with the safety course. */
export const trainingRule: TrainingRule = { minHours: 8, courses: ['服务规范与安全'], source: '000 四(六)' };

/** A registered worker of prov-a, trained and qualified for CZ-QJ-01 since 2026-11-01. */
export function givenWorker(over: Partial<WorkerState> = {}): WorkerState {
  return {
    workerId: 'worker-7',
    providerId: 'prov-a',
    region: 'chizhou',
    name: '李护理',
    idNumberMasked: '341*************76',
    phoneMasked: '138****8000',
    qualifications: ['养老护理员（初级）'],
    itemCodes: ['CZ-QJ-01'],
    training: [
      {
        course: '服务规范与安全',
        date: '2026-11-01',
        hours: 8,
        recordedBy: 'staff-a',
        recordedAt: '2026-11-01T08:00:00.000Z',
      },
    ],
    registeredBy: 'staff-a',
    registeredAt: '2026-11-01T08:00:00.000Z',
    ...over,
  };
}

/** What scheduling needs besides the command when there is no plan: the worker as registered and the rule. */
export const servedBy = (worker: WorkerState | undefined = givenWorker()) => ({
  worker,
  plan: undefined as PlanState | undefined,
  trainingRule,
});

/** A proposed plan of `givenAssignment()` (accepted): Tue and Fri 09:00, an hour, December 2026. */
export function givenPlan(over: Partial<PlanState> = {}): PlanState {
  return {
    planId: 'ref-1',
    referralId: 'ref-1',
    caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
    caseNumber: 'CZ341702-2026-000001',
    region: 'chizhou',
    township: '341702001',
    providerId: 'prov-a',
    itemCode: 'CZ-QJ-01',
    person: { personId: 'p_0123456789abcdef', name: '张三' },
    status: 'proposed',
    versions: [
      {
        version: 1,
        rrule: 'FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=0',
        startDate: '2026-12-01',
        endDate: '2026-12-31',
        durationMinutes: 60,
        tasks: ['打扫卫生', '测量血压'],
        workerId: 'worker-7',
        proposedBy: 'staff-a',
        proposedAt: '2026-11-25T01:00:00.000Z',
      },
    ],
    ...over,
  };
}

/**
 * A minute from now, as an ISO time, so that a 15-minute visit from it ends on its China day (a worker's bookings
 * are per day): near midnight, five past midnight (still less than a day ahead, so a delivery now may be recorded).
 */
export function soon(): string {
  const at = new Date(Date.now() + 60_000);
  const china = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  if (china(at) === china(new Date(at.getTime() + 16 * 60_000))) return at.toISOString();
  return new Date(`${china(new Date(at.getTime() + 16 * 60_000))}T00:05:00+08:00`).toISOString();
}

/** Chizhou's verification rules (policy/chizhou.yaml visitVerification): 500 m, 72 hours, 3 tries. */
export const verificationRules = { farFromHomeMeters: 500, confirmWithinHours: 72, codeAttempts: 3 };

/** A one-time code as the route issues it (the digest here is a stand-in for the keyed digest). */
export const issuedCode = { code: '042917', digest: 'digest-of-042917' };

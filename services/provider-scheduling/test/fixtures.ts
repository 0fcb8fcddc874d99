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

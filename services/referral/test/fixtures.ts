import type { StaffPrincipal } from '@carelink/auth';
import { useCaseContext, type Decision, type DomainError, type EventDraft } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import type { ProviderContract, ReferralContext, ReferralRecord } from '../src/domain/referral';
import type { ReferralCommits } from '../src/domain/referral-commits';

export const policies = PolicyPacks.load();
export const chizhou = policies.get('chizhou')!;

/** A referral decision's context at a fixed time. */
export const contextAt = (now: Date): ReferralContext => ({ ...useCaseContext(now), policies });

/** A consented referral of Chizhou's health item, sent to the health department. */
export const aReferral = (over: Partial<ReferralRecord> = {}): ReferralRecord => ({
  referralId: '0192f3a4-5b6c-7d8e-9f00-112233445566:CZ-JK-01',
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  itemCode: 'CZ-JK-01',
  township: '341702001',
  person: { personId: 'p_0123456789abcdef', name: '张三' },
  status: 'requested',
  route: { kind: 'department', departmentCode: 'health' },
  explanation: 'x',
  month: '2026-11',
  createdAt: '2026-11-25T00:00:00.000Z',
  sharingBasis: { basis: 'consent', givenBy: 'applicant' },
  ...over,
});

/** A purchase-of-service contract for Chizhou's cleaning item in one township. */
export const aContract = (over: Partial<ProviderContract> = {}): ProviderContract => ({
  contractId: 'k1',
  providerId: 'sunshine',
  providerName: '阳光社工',
  region: 'chizhou',
  itemCodes: ['CZ-QJ-01'],
  townships: ['341702001'],
  monthlyCapacity: 10,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  ...over,
});

export const staff = (over: Partial<StaffPrincipal> = {}): StaffPrincipal => ({
  sub: 'd-1',
  role: 'department_staff',
  region: 'chizhou',
  jurisdiction: '341702',
  departmentCode: 'health',
  ...over,
});

/** A case worker of the referral's township. */
export const townshipClerk = staff({
  sub: 'clerk',
  role: 'township_caseworker',
  jurisdiction: '341702001',
  departmentCode: undefined,
});

/** The code of the domain error `fn` throws ('no error' when it throws none). */
export const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};

/** Drafts as their topic, type, id and data: what a decision says happened. */
export const said = (events: EventDraft[] | undefined) =>
  (events ?? []).map((e) => ({
    topic: e.topic.name,
    type: e.type,
    id: e.id,
    data: e.data as Record<string, unknown>,
  }));

/**
 * The referral store in memory: commits decide on the referral held (undefined: none) at the given time
 * and keep what was decided, as the commit port would write it.
 */
export function referralsInMemory(held: ReferralRecord | undefined, now: Date) {
  const decisions: Decision<ReferralRecord, unknown>[] = [];
  let current = held;
  const commits: ReferralCommits = {
    commit: async (_id, decide) => {
      const decision = await decide(current, contextAt(now));
      decisions.push(decision);
      current = decision.state ?? current;
      return decision.result as never;
    },
  };
  return { commits, decisions, current: () => current };
}

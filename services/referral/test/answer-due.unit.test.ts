import { PolicyPacks } from '@carelink/policy';
import type { ReferralRepository } from '../src/data-access/referral-repository';
import type { ReferralRecord } from '../src/domain/referral';
import { handleAnswerDue } from '../src/domain/reroute-referral/handle-answer-due';
import type { RerouteDeps } from '../src/domain/reroute-referral/reroute-referral';

const due = new Date('2026-11-30T01:00:00.000Z');
const waiting: ReferralRecord = {
  referralId: 'c:CZ-JK-01',
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
  attempt: 2,
  answerDueAt: due.toISOString(),
};

/** The answer timer against a referral store that only records the changes asked of it. */
async function fire(job: { attempt: number; dueAt?: number }) {
  const changes: unknown[] = [];
  const referrals = {
    get: async () => waiting,
    change: async (_id: string, change: unknown) => (changes.push(change), true),
  } as unknown as ReferralRepository;
  const deps = {
    policies: PolicyPacks.load(),
    referrals,
    timers: { answerDue: async () => undefined },
    eventsWritten: () => undefined,
    now: () => due,
  } as unknown as RerouteDeps & { now: () => Date };
  await handleAnswerDue({ referralId: waiting.referralId, ...job }, deps);
  return changes;
}

describe('the answer timer', () => {
  it('escalates a referral still waiting for the answer it was set for', async () => {
    expect(await fire({ attempt: 2, dueAt: due.getTime() })).toHaveLength(1);
  });

  it('does nothing when it was set for another due time (a change that lost its race) or attempt', async () => {
    expect(await fire({ attempt: 2, dueAt: due.getTime() - 1000 })).toHaveLength(0);
    expect(await fire({ attempt: 1, dueAt: due.getTime() })).toHaveLength(0);
  });
});

describe('re-routing after a time-out', () => {
  it('checks and counts capacity in the month it re-routes in, not the month the referral was made', async () => {
    const contract = (contractId: string, providerId: string) => ({
      contractId,
      providerId,
      providerName: providerId,
      region: 'chizhou',
      itemCodes: ['CZ-QJ-01'],
      townships: ['341702001'],
      monthlyCapacity: 5,
      validFrom: '2026-01-01',
      validTo: '2030-12-31',
    });
    const october: ReferralRecord = {
      ...waiting,
      itemCode: 'CZ-QJ-01',
      route: { kind: 'provider', providerId: 'alpha', contractId: 'a' },
      attempt: 1,
      month: '2026-10',
    };
    const counted: string[] = [];
    const changes: { set: { month?: string; route?: unknown } }[] = [];
    const deps = {
      policies: PolicyPacks.load(),
      contracts: { inRegion: async () => [contract('a', 'alpha'), contract('b', 'beta')] },
      scores: { inRegion: async () => new Map() },
      referrals: {
        get: async () => october,
        // October is full for beta; November is not.
        countForContract: async (_c: string, month: string) => (counted.push(month), month === '2026-10' ? 5 : 0),
        countOpenForProvider: async () => 0,
        change: async (_id: string, change: (typeof changes)[number]) => (changes.push(change), true),
      },
      timers: { answerDue: async () => undefined },
      eventsWritten: () => undefined,
      now: () => due,
    } as unknown as RerouteDeps & { now: () => Date };
    await handleAnswerDue({ referralId: october.referralId, attempt: 1, dueAt: due.getTime() }, deps);
    expect(new Set(counted)).toEqual(new Set(['2026-11']));
    expect(changes[0]!.set).toMatchObject({ month: '2026-11', route: { providerId: 'beta' } });
  });
});

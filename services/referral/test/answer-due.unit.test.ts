import { PolicyPacks } from '@carelink/policy';
import type { ReferralRepository } from '../src/data-access/referral-repository';
import type { ReferralRecord } from '../src/domain/referral';
import { handleAnswerDue } from '../src/domain/reroute-referral/handle-answer-due';
import { rerouteOrEscalate, type RerouteDeps } from '../src/domain/reroute-referral/reroute-referral';

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
  sharingBasis: { basis: 'override', reason: '独居，患抑郁症，无法表达意愿', by: 'clerk' },
};
interface Change {
  set: { month?: string; route?: unknown };
  events: { topic: { name: string }; event: { type: string; data: Record<string, unknown> } }[];
}

/** Re-routing against stores in memory: alpha and beta are contracted; October is full for both. */
function rerouting() {
  const counted: string[] = [];
  const changes: Change[] = [];
  const deps = {
    policies: PolicyPacks.load(),
    contracts: { inRegion: async () => [contract('a', 'alpha'), contract('b', 'beta')] },
    scores: { inRegion: async () => new Map() },
    referrals: {
      get: async () => october,
      countForContract: async (_c: string, month: string) => (counted.push(month), month === '2026-10' ? 5 : 0),
      countOpenForProvider: async () => 0,
      change: async (_id: string, change: Change) => (changes.push(change), true),
    },
    timers: { answerDue: async () => undefined },
    eventsWritten: () => undefined,
    now: () => due,
  } as unknown as RerouteDeps & { now: () => Date };
  return { deps, counted, changes };
}

describe('re-routing', () => {
  it('checks and counts capacity in the month it re-routes in, not the month the referral was made', async () => {
    const { deps, counted, changes } = rerouting();
    await handleAnswerDue({ referralId: october.referralId, attempt: 1, dueAt: due.getTime() }, deps);
    expect(new Set(counted)).toEqual(new Set(['2026-11']));
    expect(changes[0]!.set).toMatchObject({ month: '2026-11', route: { providerId: 'beta' } });
  });

  it('tells the next receiver neither the previous one’s rejection text nor the consent override’s reason', async () => {
    const { deps, changes } = rerouting();
    const cause = {
      from: ['requested' as const],
      causeEvents: [],
      causeHistory: [],
      reason: '接收方拒绝：家属说老人有抑郁症，不便上门',
      reroutedReason: '接收方拒绝',
      by: 'alpha-staff',
      at: due,
    };
    expect(await rerouteOrEscalate(october, cause, deps)).toBe(true);
    const events = changes[0]!.events.map((e) => e.event);
    expect(events.map((e) => e.type)).toEqual(['referral.rerouted.v1', 'referral.created.v1']);
    expect(events[0]!.data.reason).toBe('接收方拒绝');
    expect(events[1]!.data.sharingBasis).toEqual({ basis: 'override', by: 'clerk' });
    expect(JSON.stringify(events)).not.toMatch(/抑郁症/);
  });
});

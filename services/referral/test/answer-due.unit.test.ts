import { decideAnswerDue } from '../src/domain/reroute-referral/answer-due';
import { handleAnswerDue } from '../src/domain/reroute-referral/handle-answer-due';
import { rerouteOrEscalate } from '../src/domain/reroute-referral/reroute-referral';
import type { CandidateLoad } from '../src/domain/route-referral/route-referral';
import { aContract, aReferral, contextAt, referralsInMemory, said } from './fixtures';

const due = new Date('2026-11-30T01:00:00.000Z');
const waiting = aReferral({ attempt: 2, answerDueAt: due.toISOString() });

describe('the answer timer', () => {
  it('escalates a referral still waiting for the answer it was set for', () => {
    const d = decideAnswerDue(
      waiting,
      { referralId: waiting.referralId, attempt: 2, dueAt: due.getTime() },
      [],
      contextAt(due),
    );
    expect(d.state).toMatchObject({ status: 'awaiting_provider', triedProviders: [] });
    expect(d.state!.route).toBeUndefined();
    expect(d.state!.explanation).toContain('个工作日内未答复');
    // The escalation concerns the health department: its topic gets the same event.
    const events = said(d.events);
    expect(events.map((e) => [e.type, e.topic])).toEqual([
      ['referral.escalated.v1', 'carelink.referral.referrals.v1'],
      ['referral.escalated.v1', 'carelink.referral.department.chizhou.health.v1'],
    ]);
    expect(events[1]!.id).toBe(events[0]!.id);
    expect(events[0]!.data).toMatchObject({ from: 'requested', to: 'awaiting_provider', attempt: 2, by: 'system' });
  });

  it('does nothing when it was set for another due time (a change that lost its race) or attempt', () => {
    const ctx = contextAt(due);
    expect(decideAnswerDue(waiting, { referralId: 'x', attempt: 2, dueAt: due.getTime() - 1000 }, [], ctx)).toEqual({});
    expect(decideAnswerDue(waiting, { referralId: 'x', attempt: 1, dueAt: due.getTime() }, [], ctx)).toEqual({});
    expect(decideAnswerDue({ ...waiting, status: 'accepted' }, { referralId: 'x', attempt: 2 }, [], ctx)).toEqual({});
    expect(decideAnswerDue(undefined, { referralId: 'x', attempt: 2 }, [], ctx)).toEqual({});
  });
});

const october = aReferral({
  itemCode: 'CZ-QJ-01',
  route: { kind: 'provider', providerId: 'alpha', contractId: 'a' },
  attempt: 1,
  month: '2026-10',
  answerDueAt: due.toISOString(),
  sharingBasis: { basis: 'override', reason: '独居，患抑郁症，无法表达意愿', by: 'clerk' },
});
const alpha = aContract({ contractId: 'a', providerId: 'alpha', validTo: '2030-12-31', monthlyCapacity: 5 });
const beta = aContract({ contractId: 'b', providerId: 'beta', validTo: '2030-12-31', monthlyCapacity: 5 });

/** Alpha and beta are contracted; October is full for both, November empty. */
function sources() {
  const counted: string[] = [];
  return {
    counted,
    contracts: { inRegion: async () => [alpha, beta] },
    scores: { inRegion: async () => new Map<string, number>() },
    referrals: {
      countForContract: async (_c: string, month: string) => (counted.push(month), month === '2026-10' ? 5 : 0),
      countOpenForProvider: async () => 0,
    },
  };
}

describe('re-routing', () => {
  it('checks and counts capacity in the month it re-routes in, and starts the next answer timer first', async () => {
    const store = referralsInMemory(october, due);
    const timers: unknown[][] = [];
    const deps = {
      ...sources(),
      commits: store.commits,
      timers: { answerDue: async (...args: unknown[]) => void timers.push(args) },
    };
    await handleAnswerDue({ referralId: october.referralId, attempt: 1, dueAt: due.getTime() }, deps);
    expect(new Set(deps.counted)).toEqual(new Set(['2026-11']));
    const next = store.current()!;
    expect(next).toMatchObject({
      month: '2026-11',
      route: { providerId: 'beta' },
      attempt: 2,
      triedProviders: ['alpha'],
    });
    expect(timers).toEqual([[october.referralId, 2, new Date(next.answerDueAt!)]]);
    // Fired again (BullMQ retried the job): the referral moved on, nothing more happens.
    await handleAnswerDue({ referralId: october.referralId, attempt: 1, dueAt: due.getTime() }, deps);
    expect(store.decisions[1]).toEqual({});
    expect(timers).toHaveLength(1);
  });

  it('tells the next receiver neither the previous one’s rejection text nor the consent override’s reason', () => {
    const candidates: CandidateLoad[] = [
      { contract: alpha, referralsThisMonth: 0 },
      { contract: beta, referralsThisMonth: 0 },
    ];
    const cause = {
      causeEvents: [],
      causeHistory: [],
      reason: '接收方拒绝：家属说老人有抑郁症，不便上门',
      reroutedReason: '接收方拒绝',
      by: 'alpha-staff',
    };
    const d = rerouteOrEscalate(october, cause, candidates, contextAt(due));
    const events = said(d.events);
    expect(events.map((e) => e.type)).toEqual(['referral.rerouted.v1', 'referral.created.v1', 'referral.created.v3']);
    expect(events[2]!.data.sharingBasis).toEqual({ basis: 'override', by: 'clerk' });
    expect(events[0]!.data.reason).toBe('接收方拒绝');
    expect(events[1]!.data.sharingBasis).toEqual({ basis: 'override', by: 'clerk' });
    expect(JSON.stringify(events)).not.toMatch(/抑郁症/);
    // The referral's own record keeps why (for the township).
    expect(d.state!.explanation).toContain('改派原因：接收方拒绝：家属说老人有抑郁症');
  });

  it('escalates once the pack’s routings are used up, even with providers left', () => {
    const lastTry = { ...october, attempt: 3, triedProviders: ['gamma', 'delta'] };
    const d = rerouteOrEscalate(
      lastTry,
      { causeEvents: [], causeHistory: [], reason: '未答复', by: 'system' },
      [{ contract: beta, referralsThisMonth: 0 }],
      contextAt(due),
    );
    expect(d.state).toMatchObject({ status: 'awaiting_provider', triedProviders: ['gamma', 'delta', 'alpha'] });
    expect(said(d.events).map((e) => e.type)).toEqual(['referral.escalated.v1']);
  });
});

import { buildEvent, EligibilityDecided, type Decision } from '@carelink/contracts';
import type { ReferralRecord } from '../src/domain/referral';
import type { ReferralCommits } from '../src/domain/referral-commits';
import { handleEligibilityDecided } from '../src/domain/route-referral/handle-eligibility-decided';
import { referralIdOf, routeApprovedItem } from '../src/domain/route-referral/route-approved-item';
import { aContract, contextAt, policies, said } from './fixtures';

const caseId = '0192f3a4-5b6c-7d8e-9f00-112233445566';
const decidedAt = new Date('2026-11-25T02:00:00.000Z');

function decided(consent: boolean) {
  return buildEvent(EligibilityDecided, {
    source: '/carelink/assessment',
    key: caseId,
    time: decidedAt,
    data: {
      caseId,
      caseNumber: 'CZ341702-2026-000001',
      region: 'chizhou',
      packVersion: 'test',
      person: { personId: 'p_0123456789abcdef', name: '王秀英' },
      address: { county: '341702', township: '341702001' },
      items: [
        { itemCode: 'CZ-JK-01', approved: true, reason: '符合条件' },
        { itemCode: 'CZ-QJ-01', approved: true, reason: '符合条件' },
        { itemCode: 'CZ-SH-01', approved: false, reason: '不符合条件' },
      ],
      consent: { given: consent, givenBy: 'applicant', recordedAt: decidedAt.toISOString() },
      // An elder who cannot look after themselves, nobody caring: purchased services go to a provider (000 三(六)1).
      circumstances: {
        age: 78,
        groups: ['dibao'],
        conditions: ['disabled_elder'],
        barthelScore: 40,
        carer: 'absent',
        illnesses: [],
      },
      decidedBy: 'clerk',
      decidedAt: decidedAt.toISOString(),
    },
  });
}

const candidates = [{ contract: aContract(), referralsThisMonth: 0 }];
// Decided on a later clock (a redelivery, a retry): the referral is the decision's, not the clock's.
const later = contextAt(new Date('2026-11-27T09:00:00.000Z'));

describe('routing an approved item into a referral', () => {
  it('makes a referral sent to its department, with the answer due time and a referral.created for it', () => {
    const event = decided(true);
    const d = routeApprovedItem(undefined, { decided: event, itemCode: 'CZ-JK-01', candidates }, later);
    expect(d.state).toMatchObject({
      referralId: `${caseId}:CZ-JK-01`,
      status: 'requested',
      route: { kind: 'department', departmentCode: 'health' },
      sharingBasis: { basis: 'consent', givenBy: 'applicant' },
      month: '2026-11',
      createdAt: event.time,
      attempt: 1,
      history: [{ from: 'requested', to: 'requested', attempt: 1, by: 'system', at: event.time }],
    });
    expect(d.state!.answerDueAt! > event.time).toBe(true);
    const events = said(d.events);
    expect(events.map((e) => [e.type, e.topic])).toEqual([
      ['referral.created.v1', 'carelink.referral.referrals.v1'],
      ['referral.created.v1', 'carelink.referral.department.chizhou.health.v1'],
      ['referral.created.v3', 'carelink.referral.referrals.v1'],
    ]);
    expect(events[0]!.data.createdAt).toBe(event.time);
    expect(events[1]!.id).toBe(events[0]!.id);
    expect(events[2]!.id).not.toBe(events[0]!.id);
    expect(events[2]!.data).toMatchObject({
      route: { kind: 'department', departmentCode: 'health' },
      mode: { code: 'department_linked', name: '部门联动服务', handover: 'referral' },
    });
  });

  it('makes the same referral and event id when decided again, and nothing once the referral exists', () => {
    const event = decided(true);
    const command = { decided: event, itemCode: 'CZ-QJ-01', candidates };
    const first = routeApprovedItem(undefined, command, contextAt(new Date()));
    const again = routeApprovedItem(undefined, command, later);
    expect(again).toEqual(first);
    expect(first.state!.route).toMatchObject({ kind: 'provider', providerId: 'sunshine' });
    expect(routeApprovedItem(first.state, command, later)).toEqual({});
  });

  it('holds a referral without consent: nothing is sent and no answer is due', () => {
    const d = routeApprovedItem(undefined, { decided: decided(false), itemCode: 'CZ-JK-01', candidates }, later);
    expect(d.state).toMatchObject({ status: 'awaiting_consent', route: { departmentCode: 'health' } });
    expect(d.state!.answerDueAt).toBeUndefined();
    expect(d.state!.sharingBasis).toBeUndefined();
    expect(d.events).toEqual([]);
  });

  it('waits for the township when no provider can take the item', () => {
    const d = routeApprovedItem(undefined, { decided: decided(true), itemCode: 'CZ-QJ-01', candidates: [] }, later);
    expect(d.state).toMatchObject({ status: 'awaiting_provider' });
    expect(d.state!.route).toBeUndefined();
    expect(d.events).toEqual([]);
  });
});

/** Referrals in memory by id, committed as the port would (decide on what is there, keep what was decided). */
function store() {
  const held = new Map<string, ReferralRecord>();
  const decisions: Decision<ReferralRecord, unknown>[] = [];
  const commits: ReferralCommits = {
    commit: async (id, decide) => {
      const d = await decide(held.get(id), later);
      decisions.push(d);
      if (d.state) held.set(id, d.state);
      return d.result as never;
    },
  };
  return { held, decisions, commits };
}

describe('an eligibility decision fanning out into referrals', () => {
  it('makes one referral per approved item, each once however often the decision is delivered', async () => {
    const { held, decisions, commits } = store();
    const timers: string[] = [];
    let reads = 0;
    const deps = {
      commits,
      timers: { answerDue: async (id: string, attempt: number) => void timers.push(`${id}#${attempt}`) },
      contracts: { inRegion: async () => (reads++, [aContract()]) },
      scores: { inRegion: async () => new Map<string, number>() },
      referrals: {
        exists: async (id: string) => held.has(id),
        countForContract: async () => 0,
        countOpenForProvider: async () => 0,
        countOpenForReceiver: async () => 0,
      },
      policies,
    };
    const event = decided(true);
    // The first delivery fails after its first referral was written …
    held.set(
      referralIdOf(caseId, 'CZ-JK-01'),
      routeApprovedItem(undefined, { decided: event, itemCode: 'CZ-JK-01', candidates }, later).state!,
    );
    // … and is delivered again, twice.
    await handleEligibilityDecided(event, deps);
    await handleEligibilityDecided(event, deps);
    expect([...held.keys()].sort()).toEqual([`${caseId}:CZ-JK-01`, `${caseId}:CZ-QJ-01`]);
    expect(decisions).toHaveLength(1);
    expect(reads).toBe(1);
    expect(timers).toEqual([`${caseId}:CZ-QJ-01#1`]);
  });
});

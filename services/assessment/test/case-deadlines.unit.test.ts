import { addWorkingDays } from '@carelink/policy';
import {
  byDeadline,
  caseDeadline,
  currentDecisionDueAt,
  decisionStatistics,
  decisionTimes,
} from '../src/domain/worklist/case-deadlines';
import type { CaseState, LevelDecision, TeamMember } from '../src/domain/case';
import { givenCase, policies } from './fixtures';

const chizhou = policies.get('chizhou')!;
const changji = policies.get('changji')!;
const now = new Date('2026-11-25T09:00:00+08:00');
const team: [TeamMember, TeamMember] = [
  { staffId: 's1', name: '甲', office: '341702001' },
  { staffId: 's2', name: '乙', office: '341702001201' },
];
const investigation = (over: Partial<NonNullable<CaseState['investigation']>> = {}) => ({
  assignment: 1,
  team,
  assignedBy: 'clerk',
  assignedAt: '2026-11-20T01:00:00.000Z',
  dueAt: '2026-11-27T01:00:00.000Z',
  overdue: false,
  ...over,
});
const result = (recordedAt: string) => ({
  recordedBy: 's1',
  recordedAt,
  household: { members: 1, livingAlone: true },
  difficulty: { types: ['失能'], degree: 'severe' as const },
  needs: [],
  verifiedConditions: [],
  conditionReasons: [],
});
const decision = (level: 'township' | 'county', at: string, approved = true): LevelDecision => ({
  level,
  by: 'x',
  at,
  packVersion: 'v',
  items: [{ itemCode: 'CZ-QJ-01', approved, reason: 'r' }],
});

describe('what a case waits for, and by when', () => {
  it('an investigation: its team’s due date, overdue once past', () => {
    const c = givenCase({ status: 'investigating', investigation: investigation() });
    expect(caseDeadline(c, chizhou, now)).toEqual({
      kind: 'investigation',
      dueAt: '2026-11-27T01:00:00.000Z',
      overdue: false,
    });
    expect(caseDeadline(c, chizhou, new Date('2026-11-28T00:00:00Z'))?.overdue).toBe(true);
    expect(currentDecisionDueAt(c, chizhou)).toBeUndefined();
  });

  it("the township's review: working days from the recorded investigation, on the region's calendar", () => {
    const recordedAt = '2026-11-25T02:00:00.000Z';
    const c = givenCase({ status: 'investigated', investigation: { ...investigation(), result: result(recordedAt) } });
    const due = addWorkingDays(
      new Date(recordedAt),
      chizhou.timeLimits.townshipReviewWorkingDays,
      chizhou.workingCalendar,
    );
    expect(currentDecisionDueAt(c, chizhou)).toBe(due.toISOString());
    expect(caseDeadline(c, chizhou, now)).toEqual({
      kind: 'township_review',
      dueAt: due.toISOString(),
      overdue: false,
    });
  });

  it("the county's approval: working days from the township's decision", () => {
    const at = '2026-11-26T02:00:00.000Z';
    const c = givenCase({ region: 'changji', status: 'awaiting_county', decisions: [decision('township', at)] });
    const due = addWorkingDays(new Date(at), changji.timeLimits.countyApprovalWorkingDays!, changji.workingCalendar);
    expect(caseDeadline(c, changji, now)).toEqual({
      kind: 'county_approval',
      dueAt: due.toISOString(),
      overdue: false,
    });
  });

  it('nothing for an open or decided case', () => {
    expect(caseDeadline(givenCase(), chizhou, now)).toBeUndefined();
    expect(
      caseDeadline(
        givenCase({ status: 'decided', decisions: [decision('township', now.toISOString())] }),
        chizhou,
        now,
      ),
    ).toBeUndefined();
  });

  it('sorts soonest first, filters overdue and due by a time', () => {
    const at = (caseId: string, dueAt?: string) => ({
      state: givenCase({ caseId, openedAt: `2026-11-0${caseId}T00:00:00.000Z` }),
      deadline: dueAt ? { kind: 'investigation' as const, dueAt, overdue: dueAt < now.toISOString() } : undefined,
    });
    const cases = [at('1', '2026-11-30T00:00:00.000Z'), at('2'), at('3', '2026-11-20T00:00:00.000Z'), at('4')];
    expect(byDeadline(cases, {}).map((c) => c.state.caseId)).toEqual(['3', '1', '4', '2']);
    expect(byDeadline(cases, { overdue: true }).map((c) => c.state.caseId)).toEqual(['3']);
    expect(byDeadline(cases, { overdue: false }).map((c) => c.state.caseId)).toEqual(['1', '4', '2']);
    expect(byDeadline(cases, { dueBy: new Date('2026-11-25T00:00:00Z') }).map((c) => c.state.caseId)).toEqual(['3']);
  });
});

describe('time to decision', () => {
  it('counts decided cases, approved or not, with the median and the 90th percentile in days', () => {
    const decided = (days: number, approved = true) =>
      givenCase({
        status: 'decided',
        openedAt: '2026-11-01T00:00:00.000Z',
        decisions: [
          decision(
            'township',
            new Date(Date.parse('2026-11-01T00:00:00Z') + days * 86_400_000).toISOString(),
            approved,
          ),
        ],
      });
    const cases = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => decided(d, d !== 4));
    expect(decisionTimes([...cases, givenCase()])).toEqual({
      decided: 10,
      approved: 9,
      rejected: 1,
      medianDays: 5,
      p90Days: 9,
    });
    expect(decisionTimes([decided(1.25)])).toMatchObject({ medianDays: 1.3, p90Days: 1.3 });
    expect(decisionTimes([])).toEqual({ decided: 0, approved: 0, rejected: 0, medianDays: null, p90Days: null });
    // Per township, busiest first, each named beside its code by the region's pack.
    const elsewhere = { ...decided(3), address: { ...decided(3).address, township: '341702002' } };
    const stats = decisionStatistics([...cases, elsewhere], policies.get('chizhou'));
    expect(stats).toMatchObject({ decided: 11 });
    expect(stats.byTownship.map((t) => [t.township, t.name, t.decided])).toEqual([
      [cases[0]!.address.township, '池阳街道', 10],
      ['341702002', '秋浦街道', 1],
    ]);
    const unnamed = { ...elsewhere, address: { ...elsewhere.address, township: '341702999' } };
    expect(decisionStatistics([unnamed], policies.get('chizhou')).byTownship[0]).toMatchObject({ name: null });
  });
});

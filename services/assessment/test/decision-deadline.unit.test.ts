import { loadPolicyPacks } from '@carelink/policy';
import type { CaseState } from '../src/domain/case';
import { decideDecisionOverdue, decisionDueAt, decisionTimer } from '../src/domain/decision-deadline/decision-deadline';
import { contextAt, givenCase, said } from './fixtures';

const packs = loadPolicyPacks();
const base = { caseId: 'c', caseNumber: 'n', region: 'changji', version: 1 } as unknown as CaseState;

describe('decision time limits', () => {
  it('counts the township review and county approval in working days from the pack', () => {
    const wed = new Date('2026-11-25T02:00:00Z');
    expect(decisionDueAt(packs.get('changji')!, 'township', wed).toISOString()).toBe('2026-12-02T02:00:00.000Z');
    expect(decisionDueAt(packs.get('changji')!, 'county', wed).toISOString()).toBe('2026-12-02T02:00:00.000Z');
  });

  it('escalates only while the level is still awaited, and once', () => {
    expect(decisionTimer({ ...base, status: 'investigated' }, 'township')).toBe('escalate');
    expect(decisionTimer({ ...base, status: 'awaiting_county' }, 'township')).toBe('nothing');
    expect(decisionTimer({ ...base, status: 'awaiting_county' }, 'county')).toBe('escalate');
    expect(decisionTimer({ ...base, status: 'decided' }, 'county')).toBe('nothing');
    expect(decisionTimer({ ...base, status: 'investigated', escalatedLevels: ['township'] }, 'township')).toBe(
      'nothing',
    );
    expect(decisionTimer(null, 'township')).toBe('nothing');
  });
});

describe('a decision that runs out of time (the decision-overdue job)', () => {
  const ctx = contextAt(new Date('2026-12-03T02:00:00Z'));
  const timer = { level: 'township' as const, dueAt: '2026-12-02T02:00:00.000Z' };

  it('escalates to the county once, with the same event however often the job runs', () => {
    const waiting = givenCase({ status: 'investigated', version: 3 });
    const escalated = decideDecisionOverdue(waiting, timer, ctx);
    expect(escalated.state).toMatchObject({ escalatedLevels: ['township'], version: 4 });
    expect(said(escalated.events)).toEqual([
      {
        type: 'decision.overdue.v1',
        key: waiting.caseId,
        id: decideDecisionOverdue(waiting, timer, contextAt(new Date())).events![0]!.id,
        data: {
          caseId: waiting.caseId,
          caseNumber: waiting.caseNumber,
          township: '341702001',
          level: 'township',
          dueAt: timer.dueAt,
          escalatedTo: '341702',
        },
      },
    ]);
    expect(escalated.events![0]!.id).toEqual(expect.any(String));
    expect(decideDecisionOverdue(escalated.state, timer, ctx)).toEqual({});
  });

  it('does nothing once the level has decided, or for a case that is not there', () => {
    expect(decideDecisionOverdue(givenCase({ status: 'awaiting_county' }), timer, ctx)).toEqual({});
    expect(decideDecisionOverdue(undefined, timer, ctx)).toEqual({});
  });
});

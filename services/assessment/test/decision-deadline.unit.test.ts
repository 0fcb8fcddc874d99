import { loadPolicyPacks } from '@carelink/policy';
import type { CaseState } from '../src/domain/case';
import { decisionDueAt, decisionTimer } from '../src/domain/decision-deadline/decision-deadline';

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

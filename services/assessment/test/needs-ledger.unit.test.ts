import { buildEvent, InvestigationRecorded } from '@carelink/contracts';
import { ledgerEntries, ledgerView } from '../src/domain/needs-ledger/needs-ledger';

const recorded = (caseId: string, needs: { kind: 'common' | 'individual'; category: string; description: string }[]) =>
  buildEvent(InvestigationRecorded, {
    source: '/test',
    key: caseId,
    data: {
      caseId,
      caseNumber: `CZ-${caseId.slice(0, 4)}`,
      region: 'chizhou',
      township: '341702001',
      recordedBy: 's1',
      recordedAt: '2026-11-25T02:00:00.000Z',
      difficulty: { types: ['失能'], degree: 'severe' },
      verifiedConditions: [],
      needs,
    },
  });

describe('needs ledger (需求台账)', () => {
  const a = recorded('0192f3a4-5b6c-7d8e-9f00-112233445566', [
    { kind: 'common', category: '助洁', description: '居家清洁' },
    { kind: 'individual', category: '心理', description: '丧偶后情绪低落' },
  ]);
  const b = recorded('0192f3a4-5b6c-7d8e-9f00-112233445577', [
    { kind: 'common', category: '助洁', description: '厨房清洁' },
  ]);

  it('derives the same entry ids from the same event (a redelivery adds nothing)', () => {
    expect(ledgerEntries(a).map((e) => e.entryId)).toEqual(ledgerEntries(a).map((e) => e.entryId));
    expect(new Set([...ledgerEntries(a), ...ledgerEntries(b)].map((e) => e.entryId)).size).toBe(3);
  });

  it('groups needs into common and individual and counts them by category', () => {
    const view = ledgerView([...ledgerEntries(a), ...ledgerEntries(b)]);
    expect(view.common.map((e) => e.description)).toEqual(['居家清洁', '厨房清洁']);
    expect(view.individual.map((e) => e.description)).toEqual(['丧偶后情绪低落']);
    expect(view.summary).toEqual([
      { kind: 'common', category: '助洁', count: 2 },
      { kind: 'individual', category: '心理', count: 1 },
    ]);
  });
});

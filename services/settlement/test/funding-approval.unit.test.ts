/**
 * Funding a statement at county approval (fundStatement): lines allocated in the pack's order, the purchased-services
 * cap refused with its figures, the 低保 top-up drawn first under consent, an adjusting line reversing what its visit
 * was paid from, and the ledger reconciling with the approved statements.
 */
import { DomainError } from '@carelink/contracts';
import { loadPolicyPacks, type PolicyPack } from '@carelink/policy';
import { reconcileLedger } from '../src/domain/funding/allocation-ledger';
import { fundStatement, type FundingFacts } from '../src/domain/funding/fund-statement';
import { statementsToReconcile } from '../src/domain/funding/funding-overview';
import type { StoredStatement } from '../src/domain/statement/statement';
import type { StatementLine } from '../src/domain/statement/statement-lines';

const packs = loadPolicyPacks();
/** Chizhou with a small county-year: cap 1 % of ¥10,000 = ¥100; ¥30 of general funds before the capped work funds. */
function smallChizhou(): PolicyPack {
  const pack = packs.get('chizhou')!;
  return {
    ...pack,
    funding: {
      ...pack.funding,
      countyYears: [
        {
          county: '341702',
          year: 2026,
          pooledAssistanceFundsFen: 1_000_000,
          demo: true,
          budgets: { temporary_assistance: 3000, assistance_work_funds: 10_000 },
          source: 'local: test',
        },
      ],
    },
  };
}

const line = (visitId: string, amountFen: number, over: Partial<StatementLine> = {}): StatementLine => ({
  lineId: visitId,
  kind: 'visit',
  visitId,
  caseId: 'case-1',
  referralId: 'ref-1',
  workerId: 'w-1',
  region: 'chizhou',
  county: '341702',
  township: '341702001',
  providerId: 'prov-1',
  month: '2026-10',
  serviceDate: '2026-10-10',
  deliveredAt: '2026-10-10T02:00:00.000Z',
  itemCode: 'CZ-SH-01',
  itemName: { zh: '助餐送餐', en: 'Meal help' },
  unit: { zh: '次', en: 'visit' },
  quantity: 1,
  unitFeeFen: amountFen,
  amountFen,
  status: 'payable',
  ...over,
});

const statement = (providerId: string, month: string, lines: StatementLine[]): StoredStatement => ({
  statementId: `${month}:341702001:${providerId}`,
  region: 'chizhou',
  township: '341702001',
  providerId,
  month,
  state: 'confirmed',
  history: [],
  frozen: { lines, excluded: [] },
});

const facts = (pack: PolicyPack, over: Partial<FundingFacts> = {}): FundingFacts => ({
  pack,
  ledger: [],
  place: [],
  persons: new Map(),
  topUps: new Map(),
  ...over,
});

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
  }
  throw new Error('not refused');
};

describe('fundStatement at county approval', () => {
  const pack = smallChizhou();

  it('refuses a statement that would pass the 1 % cap, with cap, used, this statement and the excess in fen', () => {
    const big = statement('prov-b', '2026-10', [line('b1', 7500), line('b2', 7500)]);
    const e = refusal(() => fundStatement(big, facts(pack)));
    expect(e.code).toBe('purchased_services_cap_exceeded');
    // ¥30 from temporary assistance, ¥120 would come from the capped work funds: ¥20 over the ¥100 cap.
    expect(e.details?.[0]).toMatchObject({ capFen: 10_000, usedFen: 0, thisStatementFen: 12_000, overByFen: 2000 });
    expect(e.messageZh).toContain('超出 ¥20.00');
  });

  it('books a smaller statement source by source, its entries summing to its lines, and counts it as used', () => {
    const small = statement('prov-a', '2026-10', [line('a1', 1500), line('a2', 1500), line('a3', 1500)]);
    const { entries, cap } = fundStatement(small, facts(pack));
    expect(entries.map((e) => [e.lineId, e.sourceCode, e.fen])).toEqual([
      ['a1', 'temporary_assistance', 1500],
      ['a2', 'temporary_assistance', 1500],
      ['a3', 'assistance_work_funds', 1500],
    ]);
    expect(cap).toMatchObject({ usedFen: 0, thisStatementFen: 1500, remainingFen: 8500 });
    const approved = { ...small, state: 'approved' as const, ledger: entries };
    // The next statement sees what this one used.
    const next = statement('prov-b', '2026-10', [line('b1', 9000)]);
    const e = refusal(() => fundStatement(next, facts(pack, { ledger: entries })));
    expect(e.details?.[0]).toMatchObject({ usedFen: 1500, thisStatementFen: 9000, overByFen: 500 });
    // An adjusting line of November reverses what October's a2 was paid from; the ledger still reconciles.
    const november = statement('prov-a', '2026-11', [
      line('a2', -1500, {
        lineId: 'a2@2026-11',
        kind: 'adjustment',
        month: '2026-11',
        adjusts: { month: '2026-10', lineId: 'a2' },
      }),
    ]);
    const reversal = fundStatement(november, facts(pack, { ledger: entries, place: [approved] }));
    expect(reversal.entries).toEqual([
      expect.objectContaining({
        kind: 'reversal',
        sourceCode: 'temporary_assistance',
        fen: -1500,
        reverses: `${small.statementId}/a2/temporary_assistance`,
      }),
    ]);
    const both = [approved, { ...november, state: 'approved' as const, ledger: reversal.entries }];
    const proof = reconcileLedger(
      both.flatMap((s) => s.ledger),
      statementsToReconcile(both),
    );
    expect(proof).toMatchObject({ balanced: true, allocatedFen: 3000, statementFen: 3000 });
    expect(proof.bySource).toEqual({ temporary_assistance: 1500, assistance_work_funds: 1500 });
  });

  it('draws a consenting 低保 family’s top-up first in Changji, and not after the consent is withdrawn', () => {
    const changji = packs.get('changji')!;
    const cj = (visitId: string, serviceDate: string) =>
      line(visitId, 3000, {
        region: 'changji',
        county: '652301',
        township: '652301001',
        itemCode: 'CJ-ZH-01',
        serviceDate,
        month: '2026-10',
      });
    const s: StoredStatement = {
      ...statement('prov-c', '2026-10', [cj('c1', '2026-10-05'), cj('c2', '2026-10-25')]),
      statementId: '2026-10:652301001:prov-c',
      region: 'changji',
      township: '652301001',
    };
    const persons = new Map([
      [
        'case-1',
        {
          caseId: 'case-1',
          caseNumber: 'N-1',
          region: 'changji',
          age: 40,
          groups: ['dibao'],
          conditions: [],
          decidedAt: '2026-09-01T00:00:00.000Z',
        },
      ],
    ]);
    const topUps = new Map([
      [
        'case-1',
        {
          familyId: 'case-1',
          monthlyFen: 2000,
          consent: { from: '2026-10-01', until: '2026-10-20', recordedBy: 'tw' },
        },
      ],
    ]);
    const { entries } = fundStatement(s, facts(changji, { persons, topUps }));
    expect(entries.filter((e) => e.lineId === 'c1')[0]).toMatchObject({
      sourceCode: 'dibao_top_up',
      fen: 2000,
      topUp: { familyId: 'case-1', month: '2026-10' },
    });
    expect(entries.filter((e) => e.lineId === 'c2').map((e) => e.sourceCode)).not.toContain('dibao_top_up');
    expect(entries.reduce((sum, e) => sum + e.fen, 0)).toBe(6000);
  });

  it('refuses a statement of a county-year the pack has no funding of', () => {
    const s = { ...statement('prov-a', '2031-01', [line('x', 100)]) };
    expect(refusal(() => fundStatement(s, facts(pack))).code).toBe('no_funding_year');
  });
});

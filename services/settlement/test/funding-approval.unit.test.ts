/**
 * Funding a statement at county approval (fundStatement): lines allocated in the pack's order, the purchased-services
 * cap refused with its figures, the 低保 top-up drawn first under consent, an adjusting line reversing what its visit
 * was paid from, and the ledger reconciling with the approved statements.
 */
import { reconcileLedger } from '../src/domain/funding/allocation-ledger';
import { fundStatement } from '../src/domain/funding/fund-statement';
import { statementsToReconcile } from '../src/domain/funding/funding-overview';
import type { StoredStatement } from '../src/domain/statement/statement';
import { aLine, aNovemberAdjustment, aStatement, fundingFacts, packs, refusal } from './funding-fixture';

describe('fundStatement at county approval', () => {
  it('refuses a statement that would pass the 1 % cap, with cap, used, this statement and the excess in fen', async () => {
    const big = aStatement('prov-b', '2026-10', [aLine('b1', 7500), aLine('b2', 7500)]);
    const e = await refusal(() => fundStatement(big, fundingFacts()));
    expect(e.code).toBe('purchased_services_cap_exceeded');
    // ¥30 from temporary assistance, ¥120 would come from the capped work funds: ¥20 over the ¥100 cap.
    expect(e.details?.[0]).toMatchObject({ capFen: 10_000, usedFen: 0, thisStatementFen: 12_000, overByFen: 2000 });
    expect(e.messageZh).toContain('超出 ¥20.00');
  });

  it('books a smaller statement source by source, its entries summing to its lines, and counts it as used', async () => {
    const small = aStatement('prov-a', '2026-10', [aLine('a1', 1500), aLine('a2', 1500), aLine('a3', 1500)]);
    const { entries, cap } = fundStatement(small, fundingFacts());
    expect(entries.map((e) => [e.lineId, e.sourceCode, e.fen])).toEqual([
      ['a1', 'temporary_assistance', 1500],
      ['a2', 'temporary_assistance', 1500],
      ['a3', 'assistance_work_funds', 1500],
    ]);
    expect(cap).toMatchObject({ usedFen: 0, thisStatementFen: 1500, remainingFen: 8500 });
    const approved = { ...small, state: 'approved' as const, ledger: entries };
    // The next statement sees what this one used.
    const next = aStatement('prov-b', '2026-10', [aLine('b1', 9000)]);
    const e = await refusal(() => fundStatement(next, fundingFacts({ ledger: entries })));
    expect(e.details?.[0]).toMatchObject({ usedFen: 1500, thisStatementFen: 9000, overByFen: 500 });
    // An adjusting line of November reverses what October's a2 was paid from; the ledger still reconciles.
    const november = aStatement('prov-a', '2026-11', [aNovemberAdjustment('a2', -1500)]);
    const reversal = fundStatement(november, fundingFacts({ ledger: entries, place: [approved] }));
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
      aLine(visitId, 3000, {
        region: 'changji',
        county: '652301',
        township: '652301001',
        itemCode: 'CJ-ZH-01',
        serviceDate,
        month: '2026-10',
      });
    const s: StoredStatement = {
      ...aStatement('prov-c', '2026-10', [cj('c1', '2026-10-05'), cj('c2', '2026-10-25')]),
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
    const { entries } = fundStatement(s, fundingFacts({ pack: changji, persons, topUps }));
    expect(entries.filter((e) => e.lineId === 'c1')[0]).toMatchObject({
      sourceCode: 'dibao_top_up',
      fen: 2000,
      topUp: { familyId: 'case-1', month: '2026-10' },
    });
    expect(entries.filter((e) => e.lineId === 'c2').map((e) => e.sourceCode)).not.toContain('dibao_top_up');
    expect(entries.reduce((sum, e) => sum + e.fen, 0)).toBe(6000);
  });

  it('refuses a statement of a county-year the pack has no funding of', async () => {
    const s = { ...aStatement('prov-a', '2031-01', [aLine('x', 100)]) };
    expect((await refusal(() => fundStatement(s, fundingFacts()))).code).toBe('no_funding_year');
  });
});

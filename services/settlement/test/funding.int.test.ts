/**
 * Funding at county approval on the real servers (Kafka, FerretDB, Redis): visits published as provider-scheduling
 * does, statements confirmed by the township and approved by the county over HTTP. The packs are the repository's,
 * with Chizhou's 341702 budget year 2026 made small in this run's copy (pooled ¥10,000 → a 1 % cap of ¥100; ¥30 of
 * temporary assistance before the capped work funds), so a handful of visits reaches the cap.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, EligibilityDecided, topics } from '@carelink/contracts';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { october, settlementOnServers, statementPath, type Json } from './funding-servers-fixture';
import { VISIT } from './visit-fixture';

/** Changji's township caseworker and county officer, for the 低保 top-up. */
const CHANGJI_STAFF: Record<string, StaffPrincipal> = {
  cjTownship: { sub: 'cj-tw-1', role: 'township_caseworker', region: 'changji', jurisdiction: '652301001' },
  cjCounty: { sub: 'cj-cty-1', role: 'county_officer', region: 'changji', jurisdiction: '652301' },
};

describe('funding at county approval on the real servers', () => {
  const settlement = settlementOnServers('fund', CHANGJI_STAFF);
  const { call, deliver, statementOnceItHolds, reconciled } = settlement;

  it('the 1 % cap refuses a statement that would pass it, with cap, used, this statement and the excess to the fen; a smaller one is approved and booked', async () => {
    const big = await deliver('prov-big', october('big', 10));
    expect(big.payableFen).toBe(15_000); // 10 visits at the pack's ¥15.00
    expect((await call('POST', `${statementPath('2026-10', 'prov-big')}/confirm`, 'township')).status).toBe(201);
    const refused = await call('POST', `${statementPath('2026-10', 'prov-big')}/approve`, 'county');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('purchased_services_cap_exceeded');
    // ¥30 from temporary assistance; ¥120 would come from the capped work funds: ¥20 over the ¥100 cap.
    expect(refused.body.errors[0]).toMatchObject({
      capFen: 10_000,
      usedFen: 0,
      thisStatementFen: 12_000,
      overByFen: 2000,
    });
    expect(refused.body.errors[0].message).toBe(
      '本结算单将使政府购买社会救助服务资金超出上限：上限 ¥100.00（社会救助资金总额 ¥10,000.00 的 1%），本年度已使用 ¥0.00，本结算单 ¥120.00，超出 ¥20.00。',
    );
    expect((await call('GET', statementPath('2026-10', 'prov-big'), 'county')).body.state).toBe('confirmed');

    const small = await deliver('prov-small', october('small', 3));
    expect((await call('POST', `${statementPath('2026-10', 'prov-small')}/confirm`, 'township')).status).toBe(201);
    const approved = await call('POST', `${statementPath('2026-10', 'prov-small')}/approve`, 'county');
    expect(approved.status).toBe(201);
    expect(approved.body.state).toBe('approved');
    const ledger = (await call('GET', '/ledger?year=2026', 'county')).body;
    const ofSmall = (ledger.entries as Json[]).filter((e) => e.providerId === 'prov-small');
    expect(ofSmall.map((e) => [e.visitId, e.sourceCode, e.fen])).toEqual([
      ['small-1', 'temporary_assistance', 1500],
      ['small-2', 'temporary_assistance', 1500],
      ['small-3', 'assistance_work_funds', 1500],
    ]);
    expect(ofSmall.reduce((sum, e) => sum + e.fen, 0)).toBe(small.payableFen);

    // The big one again: now what the small one used counts, and temporary assistance is spent.
    const again = await call('POST', `${statementPath('2026-10', 'prov-big')}/approve`, 'county');
    expect(again.body.errors[0]).toMatchObject({ usedFen: 1500, thisStatementFen: 15_000, overByFen: 6500 });

    const funding = (await call('GET', '/funding?year=2026', 'county')).body;
    expect(funding.cap).toEqual({ basisPoints: 100, capFen: 10_000, usedFen: 1500, remainingFen: 8500 });
    expect((funding.sources as Json[]).find((s) => s.code === 'temporary_assistance')).toMatchObject({
      budgetFen: 3000,
      allocatedFen: 3000,
      remainingFen: 0,
    });
    expect(funding.reconciliation.balanced).toBe(true);
  });

  it('an adjusting line after approval reverses what its visit was paid from, and the ledger still reconciles', async () => {
    const plan = await settlement.approvePlan('plan-adj', 'prov-adj');
    await deliver('prov-adj', [
      { id: 'adj-1', at: '2026-10-05T09:00:00+08:00' },
      { id: 'adj-2', at: '2026-10-25T09:00:00+08:00' },
    ]);
    await call('POST', `${statementPath('2026-10', 'prov-adj')}/confirm`, 'township');
    expect((await call('POST', `${statementPath('2026-10', 'prov-adj')}/approve`, 'county')).status).toBe(201);
    // Learnt after approval: the plan stopped on October 20th, so adj-2 is taken back on November's statement.
    await plan.stop('2026-10-20T10:00:00+08:00');
    const novPath = statementPath('2026-11', 'prov-adj');
    expect((await statementOnceItHolds(novPath, 1)).lines[0]).toMatchObject({
      lineId: 'adj-2@2026-11',
      amountFen: -1500,
    });
    expect((await call('POST', `${novPath}/confirm`, 'township')).status).toBe(201);
    expect((await call('POST', `${novPath}/approve`, 'county')).status).toBe(201);

    const ledger = (await call('GET', '/ledger?year=2026', 'county')).body.entries as Json[];
    const reversal = ledger.filter((e) => e.kind === 'reversal');
    expect(reversal).toHaveLength(1);
    expect(reversal[0]).toMatchObject({ lineId: 'adj-2@2026-11', visitId: 'adj-2', fen: -1500, month: '2026-11' });
    expect(reversal[0]!.reverses).toBe(`2026-10:${VISIT.township}:prov-adj/adj-2/${reversal[0]!.sourceCode}`);

    // The ledger, read from the store, reconciles with the approved statements' lines, source by source.
    const proof = await reconciled();
    expect(proof.balanced).toBe(true);
    expect(proof.allocatedFen).toBe(4500 + 3000 - 1500);
    expect((await call('GET', '/funding?year=2026', 'county')).body.reconciliation.balanced).toBe(true);

    // The export for finance: the same entries, formula cells neutralised.
    const csv = await call('GET', '/ledger?year=2026&format=csv', 'county');
    expect(csv.bytes.toString('utf8')).toContain("'-15.00");
    const xlsx = await call('GET', '/ledger?year=2026&format=xlsx', 'county');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as never);
    expect(book.getWorksheet('资金台账')!.rowCount).toBe(ledger.length + 1);
  });

  it('Changji: a 低保 family with consent draws its top-up first; Chizhou records no consent', async () => {
    const caseId = randomUUID();
    const caseNumber = `CJ652301-2026-${caseId.slice(0, 6)}`;
    await settlement.running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityDecided, {
        source: '/test/assessment',
        key: caseId,
        data: {
          caseId,
          caseNumber,
          region: 'changji',
          packVersion: 'test',
          person: { personId: `p_${caseId.replace(/-/g, '').slice(0, 16)}`, name: '阿依古丽' },
          address: { county: '652301', township: '652301001' },
          items: [{ itemCode: 'CJ-ZH-01', approved: true, reason: '符合条件' }],
          consent: { given: false, givenBy: 'applicant', recordedAt: new Date().toISOString() },
          decidedBy: 'clerk',
          decidedAt: new Date().toISOString(),
          circumstances: { age: 45, groups: ['dibao'], conditions: [] },
        },
      }),
    );
    const record = { caseNumber, township: '652301001', monthlyFen: 2000, from: '2026-10-01' };
    let recorded = await call('POST', '/top-up-consents', 'cjTownship', record);
    for (let i = 0; recorded.status === 422 && recorded.body.code === 'unknown_case' && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 200));
      recorded = await call('POST', '/top-up-consents', 'cjTownship', record);
    }
    expect(recorded.status).toBe(201);
    expect((await call('POST', '/top-up-consents', 'township', { ...record, township: '341702001' })).body.code).toBe(
      'no_dibao_top_up',
    );
    expect(
      (await call('POST', `/top-up-consents/${caseId}/withdraw`, 'cjTownship', { until: '2026-10-20' })).status,
    ).toBe(201);
    expect((await call('GET', '/top-up-consents', 'cjTownship')).body.items).toEqual([
      expect.objectContaining({
        caseId,
        monthlyFen: 2000,
        consent: expect.objectContaining({ from: '2026-10-01', until: '2026-10-20' }),
      }),
    ]);

    const over = { region: 'changji', township: '652301001', caseId, itemCode: 'CJ-ZH-01' };
    const s = await deliver(
      'prov-cj',
      [
        { id: 'cj-1', at: '2026-10-06T09:00:00+08:00' },
        { id: 'cj-2', at: '2026-10-07T09:00:00+08:00' },
        { id: 'cj-3', at: '2026-10-22T09:00:00+08:00' },
      ],
      over,
      'cjTownship',
    );
    const fee = s.lines[0].amountFen as number;
    // The family's ¥20 of October goes first to its first visit; the rest from the next sources in the pack's order.
    await call('POST', `${statementPath('2026-10', 'prov-cj', '652301001')}/confirm`, 'cjTownship');
    expect((await call('POST', `${statementPath('2026-10', 'prov-cj', '652301001')}/approve`, 'cjCounty')).status).toBe(
      201,
    );
    const entries = (await call('GET', '/ledger?year=2026', 'cjCounty')).body.entries as Json[];
    const byVisit = (v: string) => entries.filter((e) => e.visitId === v).map((e) => [e.sourceCode, e.fen]);

    expect(fee).toBeGreaterThanOrEqual(2000);
    expect(byVisit('cj-1')[0]).toEqual(['dibao_top_up', 2000]);
    expect(byVisit('cj-2').map((e) => e[0])).not.toContain('dibao_top_up');
    // After the withdrawal (October 20th) nothing is drawn from the family.
    expect(byVisit('cj-3').map((e) => e[0])).not.toContain('dibao_top_up');
    expect(entries.filter((e) => e.familyMonth === '2026-10').reduce((sum, e) => sum + e.fen, 0)).toBe(2000);
    expect(entries.reduce((sum, e) => sum + e.fen, 0)).toBe(3 * fee);
  });
});

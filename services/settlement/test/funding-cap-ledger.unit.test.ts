/**
 * The purchased-services cap (000 三(四)3 ≤ 1 %, 001 四(五) ≤ 3 % of the pooled assistance funds), checked when the
 * county approves a statement, and the allocation ledger that traces every fen from source to visit (000 六(二),
 * 001 四(六)二 专款专用).
 */
import { DomainError } from '@carelink/contracts';
import { countyFundingYearOf, loadPolicyPacks } from '@carelink/policy';
import { allocateStatement, cappedFen, type FundingState, type LineToFund } from '../src/domain/funding/allocate-line';
import {
  fundingStateOf,
  ledgerEntriesOf,
  reconcileLedger,
  reversalOf,
  type LedgerEntry,
} from '../src/domain/funding/allocation-ledger';
import {
  capFenOf,
  checkPurchasedServicesCap,
  purchasedServicesCapExceeded,
} from '../src/domain/funding/purchased-services-cap';
import { yuan } from '../src/domain/funding/yuan';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;

describe('000 三(四)3 / 001 四(五): the purchased-services cap', () => {
  it('Chizhou’s cap is 1 % of the county’s pooled assistance funds, Changji’s 3 %', () => {
    const guichi = countyFundingYearOf(chizhou, '341702', 2026)!;
    expect(capFenOf(guichi.pooledAssistanceFundsFen, chizhou.funding.purchasedServicesCap.basisPoints)).toBe(
      200_000_000,
    );
    const changjiCity = countyFundingYearOf(changji, '652301', 2026)!;
    expect(capFenOf(changjiCity.pooledAssistanceFundsFen, changji.funding.purchasedServicesCap.basisPoints)).toBe(
      450_000_000,
    );
  });

  it('passes a statement that reaches the cap exactly, and says what is left', () => {
    const ok = checkPurchasedServicesCap({
      capBasisPoints: 100,
      baseFen: 10_000_000,
      usedFen: 60_000,
      thisStatementFen: 40_000,
    });
    expect(ok).toMatchObject({ ok: true, capFen: 100_000, remainingFen: 0 });
    const under = checkPurchasedServicesCap({
      capBasisPoints: 100,
      baseFen: 10_000_000,
      usedFen: 0,
      thisStatementFen: 1,
    });
    expect(under).toMatchObject({ ok: true, remainingFen: 99_999 });
  });

  it('refuses a statement that would pass the cap, saying the cap, the use, the statement and by how much', () => {
    const refused = checkPurchasedServicesCap({
      capBasisPoints: 100,
      baseFen: 10_000_000,
      usedFen: 60_000,
      thisStatementFen: 40_001,
    });
    expect(refused).toMatchObject({
      ok: false,
      capFen: 100_000,
      usedFen: 60_000,
      thisStatementFen: 40_001,
      overByFen: 1,
    });
    if (refused.ok) throw new Error('expected a refusal');
    expect(refused.message.zh).toBe(
      '本结算单将使政府购买社会救助服务资金超出上限：上限 ¥1,000.00（社会救助资金总额 ¥100,000.00 的 1%），' +
        '本年度已使用 ¥600.00，本结算单 ¥400.01，超出 ¥0.01。',
    );
    expect(refused.message.en).toContain('cap ¥1,000.00 (1% of ¥100,000.00 pooled assistance funds)');
    expect(refused.message.en).toContain('over by ¥0.01');
    const error = purchasedServicesCapExceeded(refused);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'unprocessable', code: 'purchased_services_cap_exceeded' });
    expect(error.messageZh).toBe(refused.message.zh);
    expect(error.details?.[0]).toMatchObject({
      capFen: 100_000,
      usedFen: 60_000,
      thisStatementFen: 40_001,
      overByFen: 1,
    });
  });

  it('rounds the cap down to the fen and never goes through a float (3 % of an odd base; a base near 2^53)', () => {
    expect(capFenOf(1_001, 300)).toBe(30); // 30.03 fen → 30
    const base = 9_007_199_254_740_991; // Number.MAX_SAFE_INTEGER fen
    expect(capFenOf(base, 300)).toBe(Number((BigInt(base) * 300n) / 10_000n));
    const refused = checkPurchasedServicesCap({
      capBasisPoints: 300,
      baseFen: 1_001,
      usedFen: 30,
      thisStatementFen: 1,
    });
    expect(refused).toMatchObject({ ok: false, capFen: 30, overByFen: 1 });
    expect(refused.ok || refused.message.zh).toContain('3%');
  });

  it('refuses figures that are not whole fen or basis points', () => {
    expect(() =>
      checkPurchasedServicesCap({ capBasisPoints: 1.5, baseFen: 100, usedFen: 0, thisStatementFen: 0 }),
    ).toThrow(/capBasisPoints/);
    expect(() =>
      checkPurchasedServicesCap({ capBasisPoints: 100, baseFen: 100, usedFen: -1, thisStatementFen: 0 }),
    ).toThrow(/usedFen/);
  });

  it('the cap counts only money from capped sources: the ledger of approved statements plus this statement', () => {
    const funding = {
      ...chizhou.funding,
      countyYears: [
        {
          ...countyFundingYearOf(chizhou, '341702', 2026)!,
          budgets: { charity_funds: 3000, assistance_work_funds: 10_000_000 },
        },
      ],
    };
    const lines: LineToFund[] = [1, 2].map((i) => ({
      statementId: 'approved',
      lineId: `a${i}`,
      visitId: `a${i}`,
      county: '341702',
      month: '2026-10',
      serviceDate: '2026-10-05',
      itemCode: 'CZ-SH-01',
      itemCategory: 'daily_living_care',
      mode: 'purchased',
      person: { groups: ['dibao'], who: [] },
      amountFen: 2500,
    }));
    const approved = allocateStatement(lines, funding, fundingStateOf([], new Map()));
    const booked = approved.allocations.flatMap(ledgerEntriesOf);
    // 3000 from charity, then 2000 from the capped work funds.
    expect(cappedFen(booked, funding, '341702', 2026)).toBe(2000);
    const next = allocateStatement(
      [{ ...lines[0]!, statementId: 'next', lineId: 'b1', visitId: 'b1', month: '2026-11', amountFen: 1500 }],
      funding,
      fundingStateOf(booked, new Map()),
    );
    const thisStatementFen = cappedFen(
      next.allocations.flatMap((a) => a.shares),
      funding,
      '341702',
      2026,
    );
    expect(thisStatementFen).toBe(1500);
    const check = checkPurchasedServicesCap({
      capBasisPoints: 100,
      baseFen: 300_000, // cap 3000
      usedFen: cappedFen(booked, funding, '341702', 2026),
      thisStatementFen,
    });
    expect(check).toMatchObject({ ok: false, capFen: 3000, usedFen: 2000, thisStatementFen: 1500, overByFen: 500 });
  });
});

describe('the allocation ledger traces every fen from source to visit', () => {
  const funding = {
    ...changji.funding,
    countyYears: [
      {
        county: '652301',
        year: 2026,
        pooledAssistanceFundsFen: 1_000_000,
        budgets: { lottery_funds: 2500, hardship_assistance_funds: 100_000 },
        demo: true,
        source: 'local: test',
      },
    ],
  };
  const topUps = new Map([
    ['fam-1', { familyId: 'fam-1', monthlyFen: 1000, consent: { from: '2026-01-01', recordedBy: 'c' } }],
  ]);
  const visit = (i: number, familyId?: string): LineToFund => ({
    statementId: 'st-11',
    lineId: `v${i}`,
    visitId: `v${i}`,
    county: '652301',
    month: '2026-11',
    serviceDate: '2026-11-03',
    itemCode: 'CJ-ZH-01',
    itemCategory: 'care',
    mode: 'purchased',
    person: { groups: ['dibao'], who: [], ...(familyId ? { familyId } : {}) },
    amountFen: 3000,
  });
  const lines = [visit(1, 'fam-1'), visit(2), visit(3)];
  const start: FundingState = fundingStateOf([], topUps);
  const { allocations } = allocateStatement(lines, funding, start);
  const entries = allocations.flatMap(ledgerEntriesOf);
  const statement = { statementId: 'st-11', lines: lines.map((l) => ({ lineId: l.lineId, amountFen: l.amountFen })) };

  it('an entry per source per line: source, budget year, county, statement, line, visit, fen', () => {
    expect(entries).toEqual([
      expect.objectContaining({
        entryId: 'st-11/v1/dibao_top_up',
        sourceCode: 'dibao_top_up',
        visitId: 'v1',
        fen: 1000,
        topUp: { familyId: 'fam-1', month: '2026-11' },
      }),
      expect.objectContaining({
        entryId: 'st-11/v1/lottery_funds',
        sourceCode: 'lottery_funds',
        visitId: 'v1',
        fen: 2000,
        budgetYear: 2026,
        county: '652301',
      }),
      expect.objectContaining({ entryId: 'st-11/v2/lottery_funds', fen: 500 }),
      expect.objectContaining({ entryId: 'st-11/v2/hardship_assistance_funds', fen: 2500 }),
      expect.objectContaining({ entryId: 'st-11/v3/hardship_assistance_funds', fen: 3000 }),
    ]);
  });

  it('reconciles: sum by source = allocated = statement total, line by line', () => {
    const r = reconcileLedger(entries, [statement]);
    expect(r).toMatchObject({
      balanced: true,
      allocatedFen: 9000,
      statementFen: 9000,
      lineMismatches: [],
      strayEntries: [],
    });
    expect(r.bySource).toEqual({ dibao_top_up: 1000, lottery_funds: 2500, hardship_assistance_funds: 5500 });
  });

  it('does not reconcile when a line is unfunded, an entry is booked twice, or an entry names no line', () => {
    const unfunded = reconcileLedger(entries.slice(0, 4), [statement]);
    expect(unfunded.balanced).toBe(false);
    expect(unfunded.lineMismatches).toEqual([{ statementId: 'st-11', lineId: 'v3', lineFen: 3000, allocatedFen: 0 }]);
    const twice = reconcileLedger([...entries, entries[4]!], [statement]);
    expect(twice.balanced).toBe(false);
    expect(twice.allocatedFen).toBe(12_000);
    const stray: LedgerEntry = { ...entries[4]!, entryId: 'st-11/v9/x', lineId: 'v9' };
    expect(reconcileLedger([...entries, stray], [statement])).toMatchObject({
      balanced: false,
      strayEntries: ['st-11/v9/x'],
    });
    // Entries of other statements are not this reconciliation's business.
    expect(reconcileLedger([...entries, { ...stray, statementId: 'st-12' }], [statement]).balanced).toBe(true);
  });

  it('booking the same allocation twice gives the same entries (ids are stable)', () => {
    const again = allocateStatement(lines, funding, start).allocations.flatMap(ledgerEntriesOf);
    expect(again).toEqual(entries);
  });

  it('a reversal returns each fen to its source, budget year and top-up month, once', () => {
    const reversal = reversalOf(
      entries,
      { statementId: 'st-11', lineId: 'v1' },
      { statementId: 'st-12', lineId: 'v1@2026-12' },
    );
    expect(reversal).toEqual([
      expect.objectContaining({
        kind: 'reversal',
        entryId: 'st-12/v1@2026-12/dibao_top_up/reversal',
        fen: -1000,
        reverses: 'st-11/v1/dibao_top_up',
        topUp: { familyId: 'fam-1', month: '2026-11' },
      }),
      expect.objectContaining({
        kind: 'reversal',
        sourceCode: 'lottery_funds',
        fen: -2000,
        budgetYear: 2026,
        visitId: 'v1',
      }),
    ]);
    const ledger = [...entries, ...reversal];
    expect(
      reversalOf(ledger, { statementId: 'st-11', lineId: 'v1' }, { statementId: 'st-13', lineId: 'v1@2027-01' }),
    ).toEqual([]);
    const state = fundingStateOf(ledger, topUps);
    expect(state.topUpDrawn.get('fam-1|2026-11')).toBe(0);
    expect(state.drawn.get('652301|2026|lottery_funds')).toBe(500);
    // The reversing statement reconciles with its negative adjusting line.
    const december = { statementId: 'st-12', lines: [{ lineId: 'v1@2026-12', amountFen: -3000 }] };
    expect(reconcileLedger(ledger, [statement, december])).toMatchObject({
      balanced: true,
      allocatedFen: 6000,
      statementFen: 6000,
    });
    expect(cappedFen(ledger, funding, '652301', 2026)).toBe(5500);
  });
});

describe('amounts as clerks read them', () => {
  it('yuan with thousands separators, exact at any size', () => {
    expect(yuan(123456)).toBe('¥1,234.56');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(-250)).toBe('-¥2.50');
    expect(yuan(9_007_199_254_740_991)).toBe('¥90,071,992,547,409.91');
    expect(() => yuan(1.5)).toThrow(RangeError);
  });
});

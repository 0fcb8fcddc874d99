/**
 * Which sources pay a statement line (Chizhou 000 三(四), Changji 001 四(五)): in the pack's allocation order, each
 * paying what it may and has left, a line splitting when one runs out, never a float; Changji's consented 低保
 * top-up first, up to the family's monthly amount.
 */
import { loadPolicyPacks, type CountyFundingYear } from '@carelink/policy';
import fc from 'fast-check';
import {
  allocateLine,
  allocateStatement,
  budgetKey,
  cappedFen,
  topUpKey,
  type FamilyTopUp,
  type FundingRules,
  type FundingState,
  type LineToFund,
} from '../src/domain/funding/allocate-line';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!.funding;
const changji = packs.get('changji')!.funding;

const empty = (topUps: FamilyTopUp[] = []): FundingState => ({
  drawn: new Map(),
  topUpDrawn: new Map(),
  topUps: new Map(topUps.map((t) => [t.familyId, t])),
});

/** The pack's rules with this county's budgets for 2026 instead of the DEMO ones. */
function withBudgets(rules: FundingRules, county: string, budgets: Record<string, number>): FundingRules {
  const year: CountyFundingYear = {
    county,
    year: 2026,
    pooledAssistanceFundsFen: 1_000_000,
    budgets,
    demo: true,
    source: 'local: test',
  };
  return { ...rules, countyYears: [year] };
}

let n = 0;
function line(over: Partial<LineToFund> = {}): LineToFund {
  n += 1;
  return {
    statementId: 'st-1',
    lineId: `v-${n}`,
    visitId: `v-${n}`,
    county: '341702',
    month: '2026-11',
    serviceDate: '2026-11-10',
    itemCode: 'CZ-QJ-01',
    itemCategory: 'cleaning',
    mode: 'purchased',
    person: { groups: ['dibao'], who: ['elder'] },
    amountFen: 5000,
    ...over,
  };
}

describe('000 三(四): Chizhou’s sources pay in the pack’s order, earmarked first', () => {
  it('a 特困 person’s service is paid from the 特困 care funds', () => {
    const { allocation } = allocateLine(line({ person: { groups: ['tekun'], who: [] } }), chizhou, empty());
    expect(allocation.shares).toEqual([{ sourceCode: 'tekun_care', budgetYear: 2026, county: '341702', fen: 5000 }]);
    expect(allocation.unfundedFen).toBe(0);
  });

  it('an elder’s cleaning is paid from the home-care funds; the 特困 and child funds are not for them', () => {
    const { allocation } = allocateLine(line(), chizhou, empty());
    expect(allocation.shares.map((s) => s.sourceCode)).toEqual(['home_care']);
    expect(allocation.skipped).toEqual([
      { sourceCode: 'tekun_care', reason: 'not_for_this_line' },
      { sourceCode: 'minor_protection', reason: 'not_for_this_line' },
      { sourceCode: 'disability_rehabilitation', reason: 'not_for_this_line' },
    ]);
  });

  it('a line splits across sources when one runs out, to the fen', () => {
    const rules = withBudgets(chizhou, '341702', { home_care: 1234, other_service_funds: 100_000 });
    const { allocation, state } = allocateLine(line({ amountFen: 5001 }), rules, empty());
    expect(allocation.shares.map((s) => [s.sourceCode, s.fen])).toEqual([
      ['home_care', 1234],
      ['other_service_funds', 3767],
    ]);
    expect(state.drawn.get(budgetKey('341702', 2026, 'home_care'))).toBe(1234);
    const next = allocateLine(line({ amountFen: 100 }), rules, state).allocation;
    expect(next.shares.map((s) => [s.sourceCode, s.fen])).toEqual([['other_service_funds', 100]]);
    expect(next.skipped).toContainEqual({ sourceCode: 'home_care', reason: 'exhausted' });
  });

  it('000 三(四)3: the capped work funds pay last, after every other source that may pay', () => {
    const rules = withBudgets(chizhou, '341702', { charity_funds: 1000, assistance_work_funds: 100_000 });
    const { allocation } = allocateLine(line({ person: { groups: ['dibao'], who: [] } }), rules, empty());
    expect(allocation.shares.map((s) => [s.sourceCode, s.fen])).toEqual([
      ['charity_funds', 1000],
      ['assistance_work_funds', 4000],
    ]);
    expect(cappedFen(allocation.shares, chizhou, '341702', 2026)).toBe(4000);
    expect(cappedFen(allocation.shares, chizhou, '341702', 2027)).toBe(0);
  });

  it('what no source can pay is left unfunded, with why each source paid nothing', () => {
    const rules = withBudgets(chizhou, '341702', { home_care: 3000 });
    const { allocation } = allocateLine(line(), rules, empty());
    expect(allocation.unfundedFen).toBe(2000);
    expect(allocation.skipped).toContainEqual({ sourceCode: 'assistance_work_funds', reason: 'no_budget' });
    const elsewhere = allocateLine(line({ county: '341799' }), chizhou, empty()).allocation;
    expect(elsewhere.shares).toEqual([]);
    expect(elsewhere.unfundedFen).toBe(5000);
  });

  it('the budget year is the statement month’s (a December visit on January’s statement is paid from January’s year)', () => {
    const { allocation } = allocateLine(
      line({ month: '2027-01', serviceDate: '2026-12-30', person: { groups: ['tekun'], who: [] } }),
      chizhou,
      empty(),
    );
    expect(allocation.shares[0]).toMatchObject({ sourceCode: 'tekun_care', budgetYear: 2027 });
  });

  it('a zero line draws nothing; a negative or fractional one is refused (reversals go through the ledger)', () => {
    expect(allocateLine(line({ amountFen: 0 }), chizhou, empty()).allocation.shares).toEqual([]);
    expect(() => allocateLine(line({ amountFen: -500 }), chizhou, empty())).toThrow(/reversalOf/);
    expect(() => allocateLine(line({ amountFen: 12.5 }), chizhou, empty())).toThrow(RangeError);
  });

  it('leaves the state it was given as it was', () => {
    const state = empty();
    allocateLine(line(), chizhou, state);
    expect(state.drawn.size).toBe(0);
  });
});

describe('001 四(五): Changji’s 低保 top-up pays first, with the family’s consent, up to its monthly amount', () => {
  const consented: FamilyTopUp = {
    familyId: 'fam-1',
    monthlyFen: 3000,
    consent: { from: '2026-11-01', recordedBy: 'clerk-1' },
  };
  const dibaoLine = (over: Partial<LineToFund> = {}) =>
    line({
      county: '652301',
      itemCode: 'CJ-ZH-01',
      itemCategory: 'care',
      person: { groups: ['dibao'], who: ['elderly'], familyId: 'fam-1' },
      amountFen: 2000,
      ...over,
    });

  it('draws the top-up first, then the next source once the month’s top-up is used', () => {
    const { allocations, state } = allocateStatement([dibaoLine(), dibaoLine()], changji, empty([consented]));
    expect(allocations[0]!.shares).toEqual([
      {
        sourceCode: 'dibao_top_up',
        budgetYear: 2026,
        county: '652301',
        fen: 2000,
        topUp: { familyId: 'fam-1', month: '2026-11' },
      },
    ]);
    expect(allocations[1]!.shares.map((s) => [s.sourceCode, s.fen])).toEqual([
      ['dibao_top_up', 1000],
      ['lottery_funds', 1000],
    ]);
    expect(state.topUpDrawn.get(topUpKey('fam-1', '2026-11'))).toBe(3000);
    // A new month has the family's whole top-up again.
    const december = allocateLine(dibaoLine({ month: '2026-12', serviceDate: '2026-12-02' }), changji, state);
    expect(december.allocation.shares).toEqual([expect.objectContaining({ sourceCode: 'dibao_top_up', fen: 2000 })]);
  });

  it('without consent, before it or after it was withdrawn, the top-up pays nothing', () => {
    const noConsent: FamilyTopUp = { familyId: 'fam-1', monthlyFen: 3000 };
    const withdrawn: FamilyTopUp = { ...consented, consent: { ...consented.consent!, until: '2026-11-10' } };
    for (const [topUp, serviceDate] of [
      [noConsent, '2026-11-10'],
      [consented, '2026-10-31'],
      [withdrawn, '2026-11-10'],
    ] as const) {
      const { allocation } = allocateLine(
        dibaoLine({ serviceDate, month: serviceDate.slice(0, 7) }),
        changji,
        empty([topUp]),
      );
      expect(allocation.skipped[0]).toEqual({ sourceCode: 'dibao_top_up', reason: 'no_consent' });
      expect(allocation.shares[0]!.sourceCode).toBe('lottery_funds');
    }
    const noFamily = allocateLine(dibaoLine({ person: { groups: ['dibao'], who: [] } }), changji, empty([consented]));
    expect(noFamily.allocation.skipped[0]).toEqual({ sourceCode: 'dibao_top_up', reason: 'no_consent' });
  });

  it('a person who is not a 低保 recipient is not paid from a family’s top-up', () => {
    const { allocation } = allocateLine(
      dibaoLine({ person: { groups: ['tekun'], who: [], familyId: 'fam-1' } }),
      changji,
      empty([consented]),
    );
    expect(allocation.skipped[0]).toEqual({ sourceCode: 'dibao_top_up', reason: 'not_for_this_line' });
  });

  it('the departments’ integrated funds pay their integrated items (001 四(二)); the capped funds only purchased services', () => {
    const care = line({
      county: '652301',
      itemCode: 'CJ-ZH-04',
      itemCategory: 'care',
      person: { groups: ['tekun'], who: [] },
    });
    expect(allocateLine(care, changji, empty()).allocation.shares[0]!.sourceCode).toBe('integrated_department_funds');
    const rules = withBudgets(changji, '652301', { hardship_assistance_funds: 100_000 });
    const visit = (mode: string | undefined) =>
      allocateLine(line({ county: '652301', itemCode: 'CJ-ZH-01', itemCategory: 'care', mode }), rules, empty())
        .allocation;
    expect(visit('purchased').shares.map((s) => s.sourceCode)).toEqual(['hardship_assistance_funds']);
    expect(visit(undefined).unfundedFen).toBe(5000);
    expect(visit('basic_public_service').skipped).toContainEqual({
      sourceCode: 'hardship_assistance_funds',
      reason: 'not_for_this_line',
    });
  });
});

describe('every fen is accounted for (any lines, any budgets)', () => {
  it('shares + unfunded = the line; no budget or top-up is overdrawn; every share is whole fen', () => {
    const sources = chizhou.allocation.order;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 30 }),
        fc.dictionary(fc.constantFrom(...sources), fc.integer({ min: 0, max: 80_000 })),
        fc.array(fc.constantFrom('dibao', 'tekun', 'orphan'), { maxLength: 2 }),
        fc.array(fc.constantFrom('elder', 'minor', 'severely_disabled'), { maxLength: 2 }),
        (amounts, budgets, groups, who) => {
          const rules = withBudgets(chizhou, '341702', budgets);
          const lines = amounts.map((amountFen) => line({ amountFen, person: { groups, who } }));
          const { allocations, state } = allocateStatement(lines, rules, empty());
          allocations.forEach((a, i) => {
            const paid = a.shares.reduce((sum, s) => sum + s.fen, 0);
            expect(paid + a.unfundedFen).toBe(amounts[i]);
            for (const s of a.shares) expect(Number.isSafeInteger(s.fen) && s.fen > 0).toBe(true);
          });
          for (const [code, budget] of Object.entries(budgets))
            expect(state.drawn.get(budgetKey('341702', 2026, code)) ?? 0).toBeLessThanOrEqual(budget);
        },
      ),
      { numRuns: 200 },
    );
  });
});

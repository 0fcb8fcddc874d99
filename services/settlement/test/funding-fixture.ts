/**
 * What the funding tests fund at county approval: Chizhou with a small county-year, and its statements' lines.
 */
import { DomainError } from '@carelink/contracts';
import { loadPolicyPacks, type PolicyPack } from '@carelink/policy';
import type { FundingFacts } from '../src/domain/funding/fund-statement';
import type { StoredStatement } from '../src/domain/statement/statement';
import type { StatementLine } from '../src/domain/statement/statement-lines';

export const packs = loadPolicyPacks();

/** Chizhou with a small county-year: cap 1 % of ¥10,000 = ¥100; ¥30 of temporary assistance before the capped work funds. */
export const smallChizhou: PolicyPack = (() => {
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
})();

/** A payable visit line of October in Chizhou's 341702001, at its own fee. */
export const aLine = (visitId: string, amountFen: number, over: Partial<StatementLine> = {}): StatementLine => ({
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

/** November's adjusting line of the visit's October line (e.g. taking it back once a stop before it is learnt). */
export const aNovemberAdjustment = (visitId: string, amountFen: number): StatementLine =>
  aLine(visitId, amountFen, {
    lineId: `${visitId}@2026-11`,
    kind: 'adjustment',
    month: '2026-11',
    adjusts: { month: '2026-10', lineId: visitId },
  });

/** A provider's statement of 341702001 for the month, confirmed by the township and awaiting the county. */
export const aStatement = (
  providerId: string,
  month: string,
  lines: StatementLine[],
  over: Partial<StoredStatement> = {},
): StoredStatement => ({
  statementId: `${month}:341702001:${providerId}`,
  region: 'chizhou',
  township: '341702001',
  providerId,
  month,
  state: 'confirmed',
  history: [{ state: 'confirmed', by: 'tw-1', at: `${month}-28T00:00:00.000Z` }],
  frozen: { lines, excluded: [] },
  ...over,
});

/** What funding a statement reads: the small Chizhou pack, nothing booked yet, unless told otherwise. */
export const fundingFacts = (over: Partial<FundingFacts> = {}): FundingFacts => ({
  pack: smallChizhou,
  ledger: [],
  place: [],
  persons: new Map(),
  topUps: new Map(),
  ...over,
});

/** The DomainError that f is refused with; throws when f succeeds, and rethrows any other error. */
export const refusal = async (f: () => unknown): Promise<DomainError> => {
  try {
    await f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
};

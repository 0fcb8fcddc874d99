import { countyFundingYearOf, type PolicyPack } from '@carelink/policy';
import type { StoredStatement } from '../statement/statement';
import { cappedFen } from './allocate-line';
import { reconcileLedger, type LedgerEntry, type Reconciliation, type StatementToReconcile } from './allocation-ledger';
import { capFenOf } from './purchased-services-cap';

/** One funding source of a county-year: its budget, what approved statements drew from it and what is left. */
export interface SourceFunds {
  code: string;
  name: { zh: string; en: string };
  kind: string;
  countsTowardCap: boolean;
  /** Absent for the 低保 top-up (the families' money, no county budget). */
  budgetFen?: number;
  allocatedFen: number;
  remainingFen?: number;
}

export interface FundingOverview {
  county: string;
  year: number;
  /** DEMO amounts of a demo county (the pack says so), not a published budget. */
  demo: boolean;
  pooledAssistanceFundsFen: number;
  sources: SourceFunds[];
  cap: { basisPoints: number; capFen: number; usedFen: number; remainingFen: number };
  statements: number;
  /** The ledger proved against the approved statements' payable lines (every fen source → line). */
  reconciliation: Pick<
    Reconciliation,
    'balanced' | 'allocatedFen' | 'statementFen' | 'lineMismatches' | 'strayEntries'
  >;
}

/** The payable lines of approved statements as the reconciliation reads them. */
export function statementsToReconcile(statements: readonly StoredStatement[]): StatementToReconcile[] {
  return statements.map((s) => ({
    statementId: s.statementId,
    lines: s.frozen.lines
      .filter((l) => l.status === 'payable' && l.amountFen !== 0)
      .map((l) => ({ lineId: l.lineId, amountFen: l.amountFen })),
  }));
}

/** 资金来源: a county-year's sources with budget, allocated and remaining, and the purchased-services cap. */
export function fundingOverview(
  pack: Pick<PolicyPack, 'funding'>,
  county: string,
  year: number,
  approved: readonly StoredStatement[],
): FundingOverview | undefined {
  const countyYear = countyFundingYearOf(pack, county, year);
  if (!countyYear) return undefined;
  const all = approved.flatMap((s) => s.ledger ?? []);
  const ofYear: LedgerEntry[] = all.filter((e) => e.county === county && e.budgetYear === year);
  const sources = pack.funding.sources.map((s): SourceFunds => {
    const allocatedFen = ofYear.filter((e) => e.sourceCode === s.code).reduce((sum, e) => sum + e.fen, 0);
    const budgetFen = s.kind === 'dibao_top_up' ? undefined : (countyYear.budgets[s.code] ?? 0);
    return {
      code: s.code,
      name: s.name,
      kind: s.kind,
      countsTowardCap: s.countsTowardCap,
      allocatedFen,
      ...(budgetFen === undefined ? {} : { budgetFen, remainingFen: budgetFen - allocatedFen }),
    };
  });
  const capFen = capFenOf(countyYear.pooledAssistanceFundsFen, pack.funding.purchasedServicesCap.basisPoints);
  const usedFen = cappedFen(ofYear, pack.funding, county, year);
  const { balanced, allocatedFen, statementFen, lineMismatches, strayEntries } = reconcileLedger(
    all,
    statementsToReconcile(approved),
  );
  return {
    county,
    year,
    demo: countyYear.demo,
    pooledAssistanceFundsFen: countyYear.pooledAssistanceFundsFen,
    sources,
    cap: {
      basisPoints: pack.funding.purchasedServicesCap.basisPoints,
      capFen,
      usedFen,
      remainingFen: capFen - usedFen,
    },
    statements: approved.length,
    reconciliation: { balanced, allocatedFen, statementFen, lineMismatches, strayEntries },
  };
}

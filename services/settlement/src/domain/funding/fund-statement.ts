import { DomainError } from '@carelink/contracts';
import { countyFundingYearOf, type PolicyPack } from '@carelink/policy';
import type { StoredStatement } from '../statement/statement';
import { statementIdOf } from '../statement/statement';
import {
  allocateLine,
  allocateStatement,
  cappedFen,
  type FamilyTopUp,
  type LineShare,
  type LineToFund,
} from './allocate-line';
import { fundingStateOf, ledgerEntriesOf, reversalOf, type LedgerEntry } from './allocation-ledger';
import { fundedPersonOf, type PersonFacts } from './person-facts';
import { checkPurchasedServicesCap, purchasedServicesCapExceeded, type CapCheck } from './purchased-services-cap';
import { yuan } from './yuan';

/**
 * Funding a statement at county approval (县级审批): every payable line allocated to its sources in the pack's
 * order (`allocateStatement`, on the state the county-year's ledger adds up to), a negative adjusting line booked
 * as the reversal of what its visit's line was paid from (`reversalOf`) plus a fresh allocation of what stays due,
 * then the purchased-services cap checked over the capped sources. Refused (422) when a line finds no money or the
 * cap would be passed; otherwise the ledger entries to store with the approved statement, in the same write.
 *
 * Settlement pays contracted providers only, so every statement line went by government purchase (`purchased`).
 */
export const STATEMENT_MODE = 'purchased';

export interface FundingFacts {
  pack: Pick<PolicyPack, 'funding' | 'elderAge' | 'catalogue'>;
  /** Entries of the county's approved statements that may touch this budget year (earlier and later months). */
  ledger: readonly LedgerEntry[];
  /** The provider's statements in the township (for the lines a negative adjustment reverses). */
  place: readonly Pick<StoredStatement, 'ledger'>[];
  /** Eligibility facts of the persons served, by case id. */
  persons: ReadonlyMap<string, PersonFacts>;
  /** The families' 低保 top-ups, by family (case) id. */
  topUps: ReadonlyMap<string, FamilyTopUp>;
}

export interface StatementFunding {
  entries: LedgerEntry[];
  cap: Extract<CapCheck, { ok: true }>;
}

/** A statement's payable lines as the ledger books them: reversals of what adjusted visits were paid from, and
 * the lines (or the rest of an adjusting line) to allocate afresh; `unreversed`: adjusting lines that take back
 * more than the ledger shows their visit was paid. */
interface LinesToBook {
  reversals: LedgerEntry[];
  toFund: LineToFund[];
  unreversed: { lineId: string; fen: number }[];
}

function linesToBook(statement: StoredStatement, facts: FundingFacts): LinesToBook {
  const { pack } = facts;
  const county = statement.township.slice(0, 6);
  const payable = statement.frozen.lines.filter((l) => l.status === 'payable' && l.amountFen !== 0);
  const reversals: LedgerEntry[] = [];
  const toFund: LineToFund[] = [];
  const unreversed: LinesToBook['unreversed'] = [];
  const lineOf = (l: (typeof payable)[number], amountFen: number): LineToFund => ({
    statementId: statement.statementId,
    lineId: l.lineId,
    visitId: l.visitId,
    county,
    month: statement.month,
    serviceDate: l.serviceDate,
    itemCode: l.itemCode,
    itemCategory: pack.catalogue.find((i) => i.code === l.itemCode)?.category ?? '',
    mode: STATEMENT_MODE,
    person: fundedPersonOf(l.caseId, facts.persons.get(l.caseId), pack.elderAge),
    amountFen,
  });
  for (const l of payable) {
    if (l.amountFen > 0 && !l.adjusts) {
      toFund.push(lineOf(l, l.amountFen));
      continue;
    }
    // An adjusting line: what its visit was paid from is reversed (returned to its source), and what the visit
    // is due now is allocated afresh, so the line's entries add up to its amount.
    const original = l.adjusts
      ? { statementId: statementIdOf({ ...statement, month: l.adjusts.month }), lineId: l.adjusts.lineId }
      : undefined;
    const paidEarlier = original
      ? [...facts.ledger, ...facts.place.flatMap((s) => s.ledger ?? [])].filter(
          (e) => e.statementId === original.statementId && e.lineId === original.lineId,
        )
      : [];
    const unique = [...new Map(paidEarlier.map((e) => [e.entryId, e])).values()];
    const reversal = original
      ? reversalOf(unique, original, { statementId: statement.statementId, lineId: l.lineId })
      : [];
    reversals.push(...reversal);
    const rest = l.amountFen - reversal.reduce((sum, e) => sum + e.fen, 0);
    if (rest > 0) toFund.push(lineOf(l, rest));
    else if (rest < 0) unreversed.push({ lineId: l.lineId, fen: -rest });
  }
  return { reversals, toFund, unreversed };
}

export function fundStatement(statement: StoredStatement, facts: FundingFacts): StatementFunding {
  const { pack } = facts;
  const county = statement.township.slice(0, 6);
  const year = Number(statement.month.slice(0, 4));
  const countyYear = countyFundingYearOf(pack, county, year);
  if (!countyYear)
    throw DomainError.unprocessable(
      'no_funding_year',
      `the pack has no funding of county ${county} for ${year}`,
      `政策包中没有 ${county} ${year} 年度的资金预算，无法审批`,
    );
  const { reversals, toFund, unreversed } = linesToBook(statement, facts);
  const [first] = unreversed;
  if (first)
    throw DomainError.unprocessable(
      'reversal_unbooked',
      `line ${first.lineId} takes back ${first.fen} fen more than the ledger shows its visit was paid (when the statement of the visit's month is not approved yet, approve that one first)`,
      `调整行 ${first.lineId} 冲减的金额比台账中该服务已拨付的多 ${yuan(first.fen)}，无法确定资金来源（如该服务所在月份的结算单尚未审批，请先审批该月）`,
    );
  const entries: LedgerEntry[] = [...reversals];
  const state = fundingStateOf(facts.ledger, facts.topUps);
  // The cap first, on what the statement would draw from the capped sources were their budgets no limit: where a
  // capped source's budget is the cap itself (Chizhou's work funds), passing the cap is refused as such, with the
  // excess, rather than as money running out.
  const capped = pack.funding.sources.filter((s) => s.countsTowardCap).map((s) => s.code);
  const wouldDraw = allocateStatement(toFund, withBudgetsLifted(pack.funding, county, year, capped), state);
  const check = checkPurchasedServicesCap({
    capBasisPoints: pack.funding.purchasedServicesCap.basisPoints,
    baseFen: countyYear.pooledAssistanceFundsFen,
    usedFen: Math.max(0, cappedFen(facts.ledger, pack.funding, county, year)),
    thisStatementFen: Math.max(
      0,
      cappedFen([...entries, ...wouldDraw.allocations.flatMap(ledgerEntriesOf)], pack.funding, county, year),
    ),
  });
  if (!check.ok) throw purchasedServicesCapExceeded(check);
  const allocated = allocateStatement(toFund, pack.funding, state);
  if (allocated.unfundedFen > 0)
    throw DomainError.unprocessable(
      'statement_unfunded',
      `no funding source has money left for ${yuan(allocated.unfundedFen)} of this statement`,
      `本结算单有 ${yuan(allocated.unfundedFen)} 没有可用的资金来源（预算已用完或无适用资金），无法审批`,
    );
  entries.push(...allocated.allocations.flatMap(ledgerEntriesOf));
  return { entries, cap: check };
}

/**
 * The ledger entries of a statement the county approved before the ledger existed (the start's backfill, in
 * approval order, each on the ledger the earlier ones add up to): the same booking as `fundStatement` — adjusting
 * lines reverse what their visit was paid from, every other line is allocated in the pack's order within what the
 * budgets have left — but nothing is refused, because the money was paid: the cap is not checked, and what no
 * budget has left is booked to the first source in the order that may pay the line beyond its budget (the
 * county's funding then shows that source overdrawn). `unbookedLines`: lines no source may pay, or reversals of
 * more than the ledger shows (left as they are; the reconciliation names them).
 */
export function replayStatementFunding(
  statement: StoredStatement,
  facts: FundingFacts,
): { entries: LedgerEntry[]; unbookedLines: string[] } {
  const { pack } = facts;
  const county = statement.township.slice(0, 6);
  const year = Number(statement.month.slice(0, 4));
  const { reversals, toFund, unreversed } = linesToBook(statement, facts);
  const entries: LedgerEntry[] = [...reversals];
  const unbookedLines = unreversed.map((u) => u.lineId);
  const budgeted = Object.keys(countyFundingYearOf(pack, county, year)?.budgets ?? {});
  const beyondBudgets = withBudgetsLifted(pack.funding, county, year, budgeted);
  let state = fundingStateOf(facts.ledger, facts.topUps);
  for (const line of toFund) {
    const within = allocateLine(line, pack.funding, state);
    state = within.state;
    let { shares } = within.allocation;
    if (within.allocation.unfundedFen > 0) {
      const beyond = allocateLine({ ...line, amountFen: within.allocation.unfundedFen }, beyondBudgets, state);
      state = beyond.state;
      shares = mergedShares([...shares, ...beyond.allocation.shares]);
      if (beyond.allocation.unfundedFen > 0) unbookedLines.push(line.lineId);
    }
    entries.push(...ledgerEntriesOf({ ...within.allocation, shares }));
  }
  return { entries, unbookedLines };
}

/** One share per source (and top-up month) of a line: what two passes drew from one source, added up. */
function mergedShares(shares: readonly LineShare[]): LineShare[] {
  const bySource = new Map<string, LineShare>();
  for (const s of shares) {
    const key = `${s.sourceCode}|${s.topUp ? `${s.topUp.familyId}|${s.topUp.month}` : ''}`;
    const seen = bySource.get(key);
    bySource.set(key, seen ? { ...seen, fen: seen.fen + s.fen } : s);
  }
  return [...bySource.values()];
}

/** The funding rules with these sources' budgets of the county-year lifted (no limit). */
function withBudgetsLifted(
  funding: PolicyPack['funding'],
  county: string,
  year: number,
  codes: readonly string[],
): PolicyPack['funding'] {
  return {
    ...funding,
    countyYears: funding.countyYears.map((y) =>
      y.county === county && y.year === year
        ? { ...y, budgets: { ...y.budgets, ...Object.fromEntries(codes.map((c) => [c, Number.MAX_SAFE_INTEGER])) } }
        : y,
    ),
  };
}

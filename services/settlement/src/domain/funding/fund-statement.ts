import { DomainError } from '@carelink/contracts';
import { countyFundingYearOf, type PolicyPack } from '@carelink/policy';
import type { StoredStatement } from '../statement/statement';
import { statementIdOf } from '../statement/statement';
import { allocateStatement, cappedFen, type FamilyTopUp, type LineToFund } from './allocate-line';
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
  place: readonly StoredStatement[];
  /** Eligibility facts of the persons served, by case id. */
  persons: ReadonlyMap<string, PersonFacts>;
  /** The families' 低保 top-ups, by family (case) id. */
  topUps: ReadonlyMap<string, FamilyTopUp>;
}

export interface StatementFunding {
  entries: LedgerEntry[];
  cap: Extract<CapCheck, { ok: true }>;
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
  const payable = statement.frozen.lines.filter((l) => l.status === 'payable' && l.amountFen !== 0);
  const entries: LedgerEntry[] = [];
  const toFund: LineToFund[] = [];
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
    entries.push(...reversal);
    const rest = l.amountFen - reversal.reduce((sum, e) => sum + e.fen, 0);
    if (rest > 0) toFund.push(lineOf(l, rest));
    else if (rest < 0)
      throw DomainError.unprocessable(
        'reversal_unbooked',
        `line ${l.lineId} takes back ${-rest} fen more than the ledger shows its visit was paid`,
        `调整行 ${l.lineId} 冲减的金额比台账中该服务已拨付的多 ${yuan(-rest)}，无法确定资金来源`,
      );
  }
  const state = fundingStateOf(facts.ledger, facts.topUps);
  // The cap first, on what the statement would draw from the capped sources were their budgets no limit: where a
  // capped source's budget is the cap itself (Chizhou's work funds), passing the cap is refused as such, with the
  // excess, rather than as money running out.
  const wouldDraw = allocateStatement(toFund, withoutCappedLimits(pack.funding, county, year), state);
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

/** The funding rules with the capped sources' budgets of the county-year lifted (the cap check's first pass). */
function withoutCappedLimits(funding: PolicyPack['funding'], county: string, year: number): PolicyPack['funding'] {
  const capped = funding.sources.filter((s) => s.countsTowardCap).map((s) => s.code);
  return {
    ...funding,
    countyYears: funding.countyYears.map((y) =>
      y.county === county && y.year === year
        ? { ...y, budgets: { ...y.budgets, ...Object.fromEntries(capped.map((c) => [c, Number.MAX_SAFE_INTEGER])) } }
        : y,
    ),
  };
}

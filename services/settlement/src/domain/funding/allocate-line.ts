import { sourcePays, type FundedPerson, type Funding, type FundingSource } from '@carelink/policy';

/**
 * Which funding sources pay a statement line (资金来源, 专款专用): the region's sources in the pack's allocation
 * order, each paying what it may and has left, a line splitting across sources when one runs out. Integer fen
 * throughout. Called by the statement's approval use case (once statements exist): for each payable line of the
 * statement, with the state rebuilt from the ledger (`fundingStateOf`), the allocations then booked in the ledger
 * (`ledgerEntriesOf`) and the capped part checked (`checkPurchasedServicesCap`).
 */

/**
 * A statement line to fund, as the approval use case reads it from a statement line (one visit) plus what the
 * funding rules ask of the visit: the item's category, the delivery mode it went by and the person served.
 */
export interface LineToFund {
  statementId: string;
  lineId: string;
  visitId: string;
  county: string;
  /** The statement's month (YYYY-MM): its year is the budget year the line is paid from. */
  month: string;
  /** The China date of the service (YYYY-MM-DD): its month is the month of the family's 低保 top-up. */
  serviceDate: string;
  itemCode: string;
  itemCategory: string;
  /** The delivery mode the visit went by (e.g. `purchased`); absent when the region routes by item only. */
  mode?: string;
  /** The person served: statuses and kinds as the funding rules see them, and their 低保 family, if any. */
  person: FundedPerson & { familyId?: string };
  /** Integer fen, above or equal to 0 (a negative adjusting line is a reversal: `reversalOf` in the ledger). */
  amountFen: number;
}

/**
 * A 低保 family's top-up above the local standard (Changji 001 四(五)): the amount per month the county recorded,
 * and the family's consent to pay its members' services from it, from a China date (until one, when withdrawn).
 */
export interface FamilyTopUp {
  familyId: string;
  monthlyFen: number;
  consent?: { from: string; until?: string; recordedBy: string };
}

/** What has been drawn so far, and the families' top-ups. Never mutated: `allocateLine` returns the next one. */
export interface FundingState {
  /** Fen drawn from a source's budget, by `budgetKey(county, year, source)`. */
  drawn: ReadonlyMap<string, number>;
  /** Fen of a family's top-up drawn in a month, by `topUpKey(familyId, month)`. */
  topUpDrawn: ReadonlyMap<string, number>;
  /** The families' recorded top-ups, by family id. */
  topUps: ReadonlyMap<string, FamilyTopUp>;
}

export const budgetKey = (county: string, year: number, source: string) => `${county}|${year}|${source}`;
export const topUpKey = (familyId: string, month: string) => `${familyId}|${month}`;

/** One source's part of a line. */
export interface LineShare {
  sourceCode: string;
  budgetYear: number;
  county: string;
  fen: number;
  /** A 低保 top-up share: the family and the month its top-up was drawn for. */
  topUp?: { familyId: string; month: string };
}

/** Why a source in the order paid nothing of the line. */
export type SkipReason =
  | 'not_for_this_line' // the source may not pay this item, mode or person
  | 'no_consent' // 低保 top-up: no family, no recorded top-up or no consent on the service date
  | 'no_budget' // the county has no budget of the source for the year
  | 'exhausted'; // the budget, or the family's top-up for the month, is used up

export interface LineAllocation {
  statementId: string;
  lineId: string;
  visitId: string;
  amountFen: number;
  shares: LineShare[];
  /** The part no source could pay (0 when fully funded): the statement cannot be approved with it. */
  unfundedFen: number;
  /** The sources in the order that paid nothing, and why (only those tried before the line was paid). */
  skipped: { sourceCode: string; reason: SkipReason }[];
}

export type FundingRules = Pick<Funding, 'sources' | 'allocation' | 'countyYears'>;

const consentHolds = (
  topUp: FamilyTopUp | undefined,
  day: string,
): topUp is FamilyTopUp & {
  consent: NonNullable<FamilyTopUp['consent']>;
} => !!topUp?.consent && topUp.consent.from <= day && (topUp.consent.until === undefined || day < topUp.consent.until);

/**
 * Allocates one line: sources in the pack's order; each that may pay the line (item, mode, person) pays the rest
 * of it or what it has left, whichever is less. The 低保 top-up pays only for a family whose consent holds on the
 * service date, up to the family's monthly amount less what the month already drew. Returns the allocation and
 * the state after it.
 */
export function allocateLine(
  line: LineToFund,
  funding: FundingRules,
  state: FundingState,
): { allocation: LineAllocation; state: FundingState } {
  if (!Number.isSafeInteger(line.amountFen) || line.amountFen < 0)
    throw new RangeError(
      `line ${line.lineId}: amountFen is whole fen, 0 or more (a reversal is booked with reversalOf)`,
    );
  const year = Number(line.month.slice(0, 4));
  const topUpMonth = line.serviceDate.slice(0, 7);
  const bySource = new Map(funding.sources.map((s) => [s.code, s]));
  const countyYear = funding.countyYears.find((y) => y.county === line.county && y.year === year);
  const drawn = new Map(state.drawn);
  const topUpDrawn = new Map(state.topUpDrawn);
  const shares: LineShare[] = [];
  const skipped: LineAllocation['skipped'] = [];
  let rest = line.amountFen;
  const item = { code: line.itemCode, category: line.itemCategory };
  for (const code of funding.allocation.order) {
    if (rest === 0) break;
    const source = bySource.get(code) as FundingSource;
    if (!sourcePays(source, item, line.mode, line.person)) {
      skipped.push({ sourceCode: code, reason: 'not_for_this_line' });
      continue;
    }
    if (source.kind === 'dibao_top_up') {
      const familyId = line.person.familyId;
      const topUp = familyId === undefined ? undefined : state.topUps.get(familyId);
      if (!consentHolds(topUp, line.serviceDate)) {
        skipped.push({ sourceCode: code, reason: 'no_consent' });
        continue;
      }
      const key = topUpKey(topUp.familyId, topUpMonth);
      const left = topUp.monthlyFen - (topUpDrawn.get(key) ?? 0);
      if (left <= 0) {
        skipped.push({ sourceCode: code, reason: 'exhausted' });
        continue;
      }
      const fen = Math.min(rest, left);
      topUpDrawn.set(key, (topUpDrawn.get(key) ?? 0) + fen);
      shares.push({
        sourceCode: code,
        budgetYear: year,
        county: line.county,
        fen,
        topUp: { familyId: topUp.familyId, month: topUpMonth },
      });
      rest -= fen;
      continue;
    }
    const budget = countyYear?.budgets[code];
    if (budget === undefined) {
      skipped.push({ sourceCode: code, reason: 'no_budget' });
      continue;
    }
    const key = budgetKey(line.county, year, code);
    const left = budget - (drawn.get(key) ?? 0);
    if (left <= 0) {
      skipped.push({ sourceCode: code, reason: 'exhausted' });
      continue;
    }
    const fen = Math.min(rest, left);
    drawn.set(key, (drawn.get(key) ?? 0) + fen);
    shares.push({ sourceCode: code, budgetYear: year, county: line.county, fen });
    rest -= fen;
  }
  return {
    allocation: {
      statementId: line.statementId,
      lineId: line.lineId,
      visitId: line.visitId,
      amountFen: line.amountFen,
      shares,
      unfundedFen: rest,
      skipped,
    },
    state: { drawn, topUpDrawn, topUps: state.topUps },
  };
}

/** A statement's lines allocated in turn (each sees what the earlier ones drew), and the state after them. */
export function allocateStatement(
  lines: readonly LineToFund[],
  funding: FundingRules,
  state: FundingState,
): { allocations: LineAllocation[]; state: FundingState; unfundedFen: number } {
  const allocations: LineAllocation[] = [];
  let current = state;
  for (const line of lines) {
    const next = allocateLine(line, funding, current);
    allocations.push(next.allocation);
    current = next.state;
  }
  return { allocations, state: current, unfundedFen: allocations.reduce((sum, a) => sum + a.unfundedFen, 0) };
}

/**
 * The fen of these shares (or ledger entries) paid from sources that count toward the purchased-services cap, in
 * one county and budget year: what a statement adds to the cap's use, or, over the ledger of the approved
 * statements, what is used already. Reversals (negative entries) give back what they reverse.
 */
export function cappedFen(
  shares: readonly Pick<LineShare, 'sourceCode' | 'fen' | 'county' | 'budgetYear'>[],
  funding: Pick<Funding, 'sources'>,
  county: string,
  year: number,
): number {
  const capped = new Set(funding.sources.filter((s) => s.countsTowardCap).map((s) => s.code));
  return shares
    .filter((s) => capped.has(s.sourceCode) && s.county === county && s.budgetYear === year)
    .reduce((sum, s) => sum + s.fen, 0);
}

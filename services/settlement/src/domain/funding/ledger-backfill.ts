import type { PolicyPack } from '@carelink/policy';
import type { StoredStatement } from '../statement/statement';
import type { FamilyTopUp } from './allocate-line';
import type { LedgerEntry } from './allocation-ledger';
import { replayStatementFunding } from './fund-statement';
import type { PersonFacts } from './person-facts';

/**
 * Statements the county approved before the allocation ledger existed carry no entries: their money is in no
 * source's "allocated", the cap's use leaves it out, and a later reversal of one of their lines finds nothing to
 * reverse (`reversal_unbooked`). The start backfills them once (settlement's `prepare`), so every fen stays
 * traceable from source to visit:
 *
 * - in the order the county approved them (the `approved` step of their history, then statement id), each is
 *   booked as its approval would have booked it (`replayStatementFunding`) on the ledger of its county-year as
 *   it stands: the entries of the statements approved with the ledger, then those backfilled before it. Entries
 *   already booked are never changed, so the old statements take what the budgets have left, in the pack's order;
 * - nothing is refused (the money was paid): the cap is not checked, and a line no budget has money left for is
 *   booked beyond the budget of the first source that may pay it, which the county's funding then shows
 *   overdrawn;
 * - an adjusting line of an old statement reverses the backfilled entries of the line it adjusts (approved
 *   before it), so later reversals, old or new, reverse real entries;
 * - the entry ids are those the approval gives (`<statementId>/<lineId>/<source>`), stable for a re-run.
 */
export interface LedgerBackfill {
  statementId: string;
  entries: LedgerEntry[];
  /** Lines left without (all their) entries: no source may pay them, or they reverse more than was booked. */
  unbookedLines: string[];
}

/** When the county approved a statement (ISO instant of its `approved` step; '' when the history lacks it). */
export const approvedAtOf = (s: StoredStatement): string => s.history.find((h) => h.state === 'approved')?.at ?? '';

/** Statements in the order the county approved them. */
export function inApprovalOrder(statements: readonly StoredStatement[]): StoredStatement[] {
  return [...statements].sort((a, b) => {
    const at = Date.parse(approvedAtOf(a) || '0') - Date.parse(approvedAtOf(b) || '0');
    return at || (a.statementId < b.statementId ? -1 : a.statementId > b.statementId ? 1 : 0);
  });
}

const countyYearOf = (e: Pick<LedgerEntry, 'county' | 'budgetYear'>) => `${e.county}|${e.budgetYear}`;
const placeOf = (s: Pick<StoredStatement, 'providerId' | 'township'>) => `${s.providerId}|${s.township}`;

/**
 * The entries of each approved statement without a ledger (`unbooked`), replayed in approval order on top of the
 * entries of the statements that have one (`booked`).
 */
export function backfillLedgers(input: {
  unbooked: readonly StoredStatement[];
  /** The approved statements that carry a ledger (their entries stay as they are). */
  booked: readonly Pick<StoredStatement, 'statementId' | 'providerId' | 'township' | 'ledger'>[];
  packOf: (region: string) => Pick<PolicyPack, 'funding' | 'elderAge' | 'catalogue'> | undefined;
  persons: ReadonlyMap<string, PersonFacts>;
  topUps: ReadonlyMap<string, FamilyTopUp>;
}): LedgerBackfill[] {
  const byCountyYear = new Map<string, LedgerEntry[]>();
  const byPlace = new Map<string, { ledger: LedgerEntry[] }[]>();
  const book = (s: Pick<StoredStatement, 'providerId' | 'township'>, entries: LedgerEntry[]) => {
    for (const e of entries) {
      const key = countyYearOf(e);
      const list = byCountyYear.get(key);
      if (list) list.push(e);
      else byCountyYear.set(key, [e]);
    }
    const place = placeOf(s);
    const list = byPlace.get(place);
    if (list) list.push({ ledger: entries });
    else byPlace.set(place, [{ ledger: entries }]);
  };
  for (const s of input.booked) book(s, s.ledger ?? []);
  const out: LedgerBackfill[] = [];
  for (const statement of inApprovalOrder(input.unbooked)) {
    const pack = input.packOf(statement.region);
    const payable = statement.frozen.lines.filter((l) => l.status === 'payable' && l.amountFen !== 0);
    if (!pack) {
      out.push({ statementId: statement.statementId, entries: [], unbookedLines: payable.map((l) => l.lineId) });
      continue;
    }
    const countyYear = `${statement.township.slice(0, 6)}|${statement.month.slice(0, 4)}`;
    const { entries, unbookedLines } = replayStatementFunding(statement, {
      pack,
      ledger: byCountyYear.get(countyYear) ?? [],
      place: byPlace.get(placeOf(statement)) ?? [],
      persons: input.persons,
      topUps: input.topUps,
    });
    book(statement, entries);
    out.push({ statementId: statement.statementId, entries, unbookedLines });
  }
  return out;
}

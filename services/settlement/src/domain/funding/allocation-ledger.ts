import { budgetKey, topUpKey, type FamilyTopUp, type FundingState, type LineAllocation } from './allocate-line';

/**
 * The allocation ledger (资金台账): every fen from its source to the visit it paid, so funds stay earmarked and
 * traceable (000 六(二) 专款专用; 001 四(六)二 确保专款专用). An entry is one source's part of one statement line;
 * a reversed line gets entries of the opposite sign, never an edit. Entry ids are stable, so booking the same
 * allocation twice writes the same entries (the repository upserts by id). The approval use case books
 * `ledgerEntriesOf` of each allocation when the county approves a statement; the finance export lists them.
 */
export interface LedgerEntry {
  /** `<statementId>/<lineId>/<sourceCode>`, and `/reversal` for a reversal. */
  entryId: string;
  kind: 'allocation' | 'reversal';
  sourceCode: string;
  budgetYear: number;
  county: string;
  statementId: string;
  lineId: string;
  visitId: string;
  /** Integer fen: positive for an allocation, negative for a reversal. */
  fen: number;
  /** A 低保 top-up entry: the family and month drawn. */
  topUp?: { familyId: string; month: string };
  /** A reversal: the entry it reverses. */
  reverses?: string;
}

/** The entries of one line's allocation, one per source that paid part of it. */
export function ledgerEntriesOf(allocation: LineAllocation): LedgerEntry[] {
  return allocation.shares.map((share) => ({
    entryId: `${allocation.statementId}/${allocation.lineId}/${share.sourceCode}`,
    kind: 'allocation',
    sourceCode: share.sourceCode,
    budgetYear: share.budgetYear,
    county: share.county,
    statementId: allocation.statementId,
    lineId: allocation.lineId,
    visitId: allocation.visitId,
    fen: share.fen,
    ...(share.topUp ? { topUp: share.topUp } : {}),
  }));
}

/**
 * Reverses what a line was paid from (a spot-check finding or an upheld complaint reverses the visit): each of the
 * line's allocation entries not yet reversed gets an entry of the opposite sign, booked on the reversing
 * statement line (an adjusting line of a later month), in the original source, budget year and top-up month, so
 * the money returns to where it came from.
 */
export function reversalOf(
  entries: readonly LedgerEntry[],
  original: { statementId: string; lineId: string },
  booking: { statementId: string; lineId: string },
): LedgerEntry[] {
  const reversed = new Set(entries.filter((e) => e.kind === 'reversal').map((e) => e.reverses));
  return entries
    .filter(
      (e) =>
        e.kind === 'allocation' &&
        e.statementId === original.statementId &&
        e.lineId === original.lineId &&
        !reversed.has(e.entryId),
    )
    .map((e) => ({
      ...e,
      entryId: `${booking.statementId}/${booking.lineId}/${e.sourceCode}/reversal`,
      kind: 'reversal' as const,
      statementId: booking.statementId,
      lineId: booking.lineId,
      fen: -e.fen,
      reverses: e.entryId,
    }));
}

/** The funding state the ledger adds up to: drawn per county, year and source, and per family and month. */
export function fundingStateOf(
  entries: readonly LedgerEntry[],
  topUps: ReadonlyMap<string, FamilyTopUp>,
): FundingState {
  const drawn = new Map<string, number>();
  const topUpDrawn = new Map<string, number>();
  for (const e of entries) {
    if (e.topUp) {
      const key = topUpKey(e.topUp.familyId, e.topUp.month);
      topUpDrawn.set(key, (topUpDrawn.get(key) ?? 0) + e.fen);
    } else {
      const key = budgetKey(e.county, e.budgetYear, e.sourceCode);
      drawn.set(key, (drawn.get(key) ?? 0) + e.fen);
    }
  }
  return { drawn, topUpDrawn, topUps };
}

/** A statement as the reconciliation sees it: its lines and their amounts (payable lines; reversals negative). */
export interface StatementToReconcile {
  statementId: string;
  lines: readonly { lineId: string; amountFen: number }[];
}

export interface Reconciliation {
  /** Sum by source = allocated = statement total, and every line's entries add up to the line. */
  balanced: boolean;
  bySource: Record<string, number>;
  allocatedFen: number;
  statementFen: number;
  /** Lines whose entries do not add up to their amount (unfunded, or booked twice, or not reversed). */
  lineMismatches: { statementId: string; lineId: string; lineFen: number; allocatedFen: number }[];
  /** Entries of statements or lines not given (booked against nothing the finance export shows). */
  strayEntries: string[];
}

/**
 * Proves the ledger of these statements reconciles: the sum by source equals the sum of the entries, which equals
 * the statements' total, line by line. Entries of other statements are left out; entries of a line not on its
 * statement are strays and unbalance it.
 */
export function reconcileLedger(
  entries: readonly LedgerEntry[],
  statements: readonly StatementToReconcile[],
): Reconciliation {
  const lineKey = (statementId: string, lineId: string) => `${statementId}\u0000${lineId}`;
  const lines = new Map<string, number>();
  for (const s of statements) for (const l of s.lines) lines.set(lineKey(s.statementId, l.lineId), l.amountFen);
  const statementIds = new Set(statements.map((s) => s.statementId));
  const byLine = new Map<string, number>();
  const bySource: Record<string, number> = {};
  const strayEntries: string[] = [];
  let allocatedFen = 0;
  for (const e of entries) {
    if (!statementIds.has(e.statementId)) continue;
    const key = lineKey(e.statementId, e.lineId);
    if (!lines.has(key)) {
      strayEntries.push(e.entryId);
      continue;
    }
    byLine.set(key, (byLine.get(key) ?? 0) + e.fen);
    bySource[e.sourceCode] = (bySource[e.sourceCode] ?? 0) + e.fen;
    allocatedFen += e.fen;
  }
  const lineMismatches: Reconciliation['lineMismatches'] = [];
  for (const s of statements)
    for (const l of s.lines) {
      const allocated = byLine.get(lineKey(s.statementId, l.lineId)) ?? 0;
      if (allocated !== l.amountFen)
        lineMismatches.push({
          statementId: s.statementId,
          lineId: l.lineId,
          lineFen: l.amountFen,
          allocatedFen: allocated,
        });
    }
  const statementFen = statements.reduce((sum, s) => sum + s.lines.reduce((t, l) => t + l.amountFen, 0), 0);
  const sourcesFen = Object.values(bySource).reduce((sum, v) => sum + v, 0);
  return {
    balanced:
      sourcesFen === allocatedFen && allocatedFen === statementFen && !lineMismatches.length && !strayEntries.length,
    bySource,
    allocatedFen,
    statementFen,
    lineMismatches,
    strayEntries,
  };
}

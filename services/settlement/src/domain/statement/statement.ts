import type { LedgerEntry } from '../funding/allocation-ledger';
import type { Accrual } from '../accrual';
import {
  assessVisits,
  paidBy,
  reasons,
  visitLine,
  type Assessment,
  type LineReason,
  type PaymentFacts,
  type StatementLine,
} from './statement-lines';

/** draft → township confirmed → county approved → paid. */
export type StatementState = 'draft' | 'confirmed' | 'approved' | 'paid';

export interface StatementKey {
  region: string;
  township: string;
  providerId: string;
  month: string;
}

export const statementIdOf = (k: Pick<StatementKey, 'township' | 'providerId' | 'month'>) =>
  `${k.month}:${k.township}:${k.providerId}`;

export interface StateChange {
  state: Exclude<StatementState, 'draft'>;
  by: string;
  byName?: string;
  at: string;
}

/**
 * A statement as stored: its key, its state with who and when, and — from confirmation on — its lines frozen
 * as confirmed. A draft is not stored: it is computed from the facts whenever it is read.
 */
export interface StoredStatement extends StatementKey {
  statementId: string;
  state: Exclude<StatementState, 'draft'>;
  history: StateChange[];
  frozen: { lines: StatementLine[]; excluded: StatementLine[] };
  /**
   * From county approval on: the allocation ledger entries of its payable lines (source → line → visit), written
   * with the approval in one document, so a retried approval can neither book twice nor book without approving.
   */
  ledger?: LedgerEntry[];
}

/** 月度结算单: one provider's month in one township, its lines (paid and held), excluded lines and totals. */
export interface Statement extends StatementKey {
  statementId: string;
  state: StatementState;
  history: StateChange[];
  /** Paid and held lines: the month's visits, then adjusting lines of confirmed months. */
  lines: StatementLine[];
  /** Visits never paid, each with its reason. */
  excluded: StatementLine[];
  payableFen: number;
  heldFen: number;
  adjustmentFen: number;
  visitCount: number;
  /** `live`: a draft computed now; `frozen`: as confirmed. */
  basis: 'live' | 'frozen';
}

/** A month before the statement's, confirmed, with its visits: where adjusting lines come from. */
export interface ConfirmedMonth {
  stored: StoredStatement;
  visits: readonly Accrual[];
}

const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * The confirmed months whose changes land in `month`'s statement: walking back from the month before, every
 * month while its statement is confirmed (or further on). A change of a confirmed month lands in the first
 * month after it that is still open.
 */
export function confirmedMonthsBefore(month: string, stored: readonly StoredStatement[]): StoredStatement[] {
  const byMonth = new Map(stored.map((s) => [s.month, s]));
  const chain: StoredStatement[] = [];
  for (let m = previousMonth(month); byMonth.has(m); m = previousMonth(m)) chain.push(byMonth.get(m)!);
  return chain.reverse();
}

/**
 * Computes a statement. A stored (confirmed or later) statement is its frozen lines. A draft is computed from
 * the facts: a line per visit of the month (paid, held or excluded with its reason), then an adjusting line per
 * visit of the confirmed months before it whose due amount now differs from what their statements paid for it
 * (a late visit, a hold released, a stop or an upheld complaint learnt after confirmation). The same facts give
 * the same statement, whatever order they came in.
 */
export function computeStatement(input: {
  key: StatementKey;
  visits: readonly Accrual[];
  stored?: StoredStatement;
  confirmedBefore: readonly ConfirmedMonth[];
  facts: PaymentFacts;
}): Statement {
  const { key, stored } = input;
  const statementId = statementIdOf(key);
  if (stored)
    return summarise({ ...key, statementId, state: stored.state, history: stored.history }, stored.frozen, 'frozen');

  const own = assessVisits(input.visits, input.facts);
  const visitLines = input.visits
    .map((v) => ({ v, delivered: Date.parse(v.deliveredAt) }))
    .sort((a, b) => a.delivered - b.delivered || (a.v.visitId < b.v.visitId ? -1 : 1))
    .map(({ v }) => visitLine(v, own.get(v.visitId)!));
  const adjustments = adjustingLines(key.month, input.confirmedBefore, input.facts);
  return summarise(
    { ...key, statementId, state: 'draft', history: [] },
    {
      lines: [...visitLines.filter((l) => l.status !== 'excluded'), ...adjustments],
      excluded: visitLines.filter((l) => l.status === 'excluded'),
    },
    'live',
  );
}

function adjustingLines(month: string, confirmed: readonly ConfirmedMonth[], facts: PaymentFacts): StatementLine[] {
  const paid = new Map<string, number>();
  const lastSeen = new Map<string, StatementLine>();
  for (const { stored } of confirmed)
    for (const line of [...stored.frozen.lines, ...stored.frozen.excluded]) {
      paid.set(line.visitId, (paid.get(line.visitId) ?? 0) + paidBy(line));
      lastSeen.set(line.visitId, line);
    }
  const out: StatementLine[] = [];
  for (const { stored, visits } of confirmed) {
    const due = assessVisits(visits, facts);
    for (const v of [...visits].sort((a, b) => (a.visitId < b.visitId ? -1 : 1))) {
      const now: Assessment = due.get(v.visitId)!;
      const original = visitLine(v, now);
      const delta = paidBy(original) - (paid.get(v.visitId) ?? 0);
      if (delta === 0) continue;
      const before = lastSeen.get(v.visitId);
      const reason: LineReason =
        delta < 0
          ? reasons.reversed(stored.month, now.reason ?? reasons.corrected(stored.month))
          : !before
            ? reasons.late(stored.month)
            : before.status === 'payable'
              ? reasons.corrected(stored.month)
              : reasons.released(stored.month);
      out.push({
        ...original,
        lineId: `${v.visitId}@${month}`,
        kind: 'adjustment',
        month,
        quantity: delta < 0 ? -v.units : v.units,
        amountFen: delta,
        status: 'payable',
        reason,
        adjusts: { month: stored.month, lineId: v.visitId },
      });
    }
  }
  return out;
}

function summarise(
  head: Pick<Statement, keyof StatementKey | 'statementId' | 'state' | 'history'>,
  body: { lines: StatementLine[]; excluded: StatementLine[] },
  basis: Statement['basis'],
): Statement {
  const sum = (lines: StatementLine[]) => lines.reduce((s, l) => s + l.amountFen, 0);
  const payable = body.lines.filter((l) => l.status === 'payable');
  return {
    ...head,
    lines: body.lines,
    excluded: body.excluded,
    payableFen: sum(payable),
    heldFen: sum(body.lines.filter((l) => l.status === 'held')),
    adjustmentFen: sum(payable.filter((l) => l.kind === 'adjustment')),
    visitCount: body.lines.filter((l) => l.kind === 'visit').length + body.excluded.length,
    basis,
  };
}

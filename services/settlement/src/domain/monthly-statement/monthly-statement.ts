import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError, jurisdictionCode, month as monthSchema } from '@carelink/contracts';
import type { Accrual } from '../accrual';
import type { Statement } from '../statement/statement';

/** Which accruals a statement covers: one provider, one month, optionally one township (or any code prefix). */
export interface StatementScope {
  providerId: string;
  month: string;
  /** Code prefix the accruals' township must start with; absent = every township. */
  township?: string;
}

/** A provider's month summed over its statements: one row per item and unit fee of the paid visit lines. */
export interface MonthlyItemLine {
  itemCode: string;
  itemName: string;
  unitFeeFen: number;
  units: number;
  amountFen: number;
  visits: number;
}

/** A statement of the month as the overview lists it. */
export interface StatementSummary {
  statementId: string;
  region: string;
  township: string;
  providerId: string;
  month: string;
  state: Statement['state'];
  history: Statement['history'];
  payableFen: number;
  heldFen: number;
  adjustmentFen: number;
  lineCount: number;
  heldCount: number;
  excludedCount: number;
  visitCount: number;
}

export const summaryOf = (s: Statement): StatementSummary => ({
  statementId: s.statementId,
  region: s.region,
  township: s.township,
  providerId: s.providerId,
  month: s.month,
  state: s.state,
  history: s.history,
  payableFen: s.payableFen,
  heldFen: s.heldFen,
  adjustmentFen: s.adjustmentFen,
  lineCount: s.lines.length,
  heldCount: s.lines.filter((l) => l.status === 'held').length,
  excludedCount: s.excluded.length,
  visitCount: s.visitCount,
});

/** 月度结算单 overview: what a provider is owed for a month over the townships in scope, in integer fen. */
export interface MonthlyStatement {
  providerId: string;
  month: string;
  township: string | null;
  /** The paid visit lines by item and unit fee (a fee standard changed mid-month gives two lines). */
  lines: MonthlyItemLine[];
  /** What the statements pay: visit lines and adjusting lines, held and excluded lines not counted. */
  totalFen: number;
  /** Visits of the month paid (not held, not excluded). */
  visitCount: number;
  heldFen: number;
  excludedCount: number;
  /** One statement per township, with its state. */
  statements: StatementSummary[];
  /** The month's accruals (every delivered visit, paid or not). */
  accruals: Accrual[];
}

/** Sums a provider's statements of a month into the overview. */
export function monthlyStatement(
  scope: StatementScope,
  statements: Statement[],
  accruals: Accrual[],
  itemNameOf: (region: string, itemCode: string) => string | undefined,
): MonthlyStatement {
  const lines = new Map<string, MonthlyItemLine>();
  const paidVisits = statements.flatMap((s) => s.lines.filter((l) => l.kind === 'visit' && l.status === 'payable'));
  for (const l of paidVisits) {
    const key = `${l.itemCode}|${l.unitFeeFen}`;
    let line = lines.get(key);
    if (!line) {
      line = {
        itemCode: l.itemCode,
        itemName: itemNameOf(l.region, l.itemCode) ?? l.itemName.zh,
        unitFeeFen: l.unitFeeFen,
        units: 0,
        amountFen: 0,
        visits: 0,
      };
      lines.set(key, line);
    }
    line.units += l.quantity;
    line.amountFen += l.amountFen;
    line.visits += 1;
  }
  const sorted = [...lines.values()].sort((x, y) =>
    x.itemCode === y.itemCode ? x.unitFeeFen - y.unitFeeFen : x.itemCode < y.itemCode ? -1 : 1,
  );
  return {
    providerId: scope.providerId,
    month: scope.month,
    township: scope.township ?? null,
    lines: sorted,
    totalFen: statements.reduce((sum, s) => sum + s.payableFen, 0),
    visitCount: paidVisits.length,
    heldFen: statements.reduce((sum, s) => sum + s.heldFen, 0),
    excludedCount: statements.reduce((sum, s) => sum + s.excluded.length, 0),
    statements: statements
      .map(summaryOf)
      .sort((a, b) => (a.township < b.township ? -1 : a.township > b.township ? 1 : 0)),
    accruals: [...accruals].sort((x, y) =>
      x.deliveredAt < y.deliveredAt ? -1 : x.deliveredAt > y.deliveredAt ? 1 : 0,
    ),
  };
}

export function parseMonth(value: unknown): string {
  const parsed = monthSchema.safeParse(value);
  if (!parsed.success)
    throw DomainError.invalid(
      'invalid_month',
      'month is required, as YYYY-MM (e.g. 2026-11)',
      '请按“年-月”格式填写结算月份，例如 2026-11',
    );
  return parsed.data;
}

/**
 * Who sees which statement: provider staff only their own provider; township and county staff only
 * accruals within their jurisdiction (the township filter is narrowed to it). Throws invalid / forbidden
 * DomainErrors.
 */
export function statementScope(
  principal: StaffPrincipal,
  query: { providerId?: unknown; month?: unknown; township?: unknown },
): StatementScope {
  const month = parseMonth(query.month);
  if (typeof query.providerId !== 'string' || query.providerId.trim() === '' || query.providerId.length > 100)
    throw DomainError.invalid('invalid_provider', 'providerId is required', '请填写服务机构编号');
  const providerId = query.providerId.trim();
  let township: string | undefined;
  if (query.township !== undefined && query.township !== '') {
    const parsed = jurisdictionCode.safeParse(query.township);
    if (!parsed.success)
      throw DomainError.invalid(
        'invalid_township',
        'township is a 6, 9 or 12-digit division code',
        '乡镇(街道)代码格式不正确',
      );
    township = parsed.data;
  }
  if (principal.role === 'provider_staff') {
    assertOwnProvider(principal, providerId);
    return { providerId, month, ...(township ? { township } : {}) };
  }
  if (!township || principal.jurisdiction.startsWith(township))
    return { providerId, month, township: principal.jurisdiction };
  assertCovers(principal, township);
  return { providerId, month, township };
}

/** The same visibility for one accrual. */
export function assertMaySeeAccrual(
  principal: StaffPrincipal,
  accrual: Pick<Accrual, 'providerId' | 'township'> & Partial<Pick<Accrual, 'region'>>,
): void {
  if (principal.role === 'provider_staff') assertOwnProvider(principal, accrual.providerId);
  else assertCovers(principal, accrual.township, accrual.region);
}

function assertOwnProvider(principal: StaffPrincipal, providerId: string): void {
  if (!principal.providerId || principal.providerId !== providerId)
    throw DomainError.forbidden(
      'other_provider',
      `provider staff see only their own provider's settlement (${principal.providerId ?? 'none'}), not ${providerId}`,
      '您只能查看本机构的结算信息',
    );
}

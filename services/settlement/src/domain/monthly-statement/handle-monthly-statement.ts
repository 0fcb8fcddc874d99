import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError, jurisdictionCode } from '@carelink/contracts';
import { catalogueItemOf } from '@carelink/policy';
import type { Accrual } from '../accrual';
import type { Statement, StatementKey, StoredStatement } from '../statement/statement';
import { readStatement, type StatementSources } from '../statement/statement-reader';
import {
  assertMaySeeAccrual,
  monthlyStatement,
  parseMonth,
  statementScope,
  summaryOf,
  type MonthlyStatement,
  type StatementScope,
  type StatementSummary,
} from './monthly-statement';

/** Where a month's statements are found: the places with visits, and statements confirmed the month before. */
export interface MonthSources extends StatementSources {
  accruals: StatementSources['accruals'] & {
    listForStatement(scope: StatementScope): Promise<Accrual[]>;
    placesOfMonth(
      month: string,
      within: string,
      providerId?: string,
    ): Promise<{ region: string; township: string; providerId: string }[]>;
  };
  statements: StatementSources['statements'] & {
    ofMonths(months: readonly string[], within: string, providerId?: string): Promise<StoredStatement[]>;
  };
}

const monthBefore = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** How many statements of a month are read at once. */
const STATEMENTS_READ_AT_ONCE = 8;

/**
 * Every statement of a month within a township code prefix (and of one provider): one per provider × township
 * with visits that month, or with a statement confirmed the month before (its later changes land here).
 */
export async function statementsOfMonth(
  month: string,
  within: string,
  providerId: string | undefined,
  deps: MonthSources,
): Promise<Statement[]> {
  const [places, before] = await Promise.all([
    deps.accruals.placesOfMonth(month, within, providerId),
    deps.statements.ofMonths([month, monthBefore(month)], within, providerId),
  ]);
  const keys = new Map<string, StatementKey>();
  for (const p of [...places, ...before]) keys.set(`${p.township}|${p.providerId}`, { ...p, month });
  // A few at a time: each statement is several reads, and a month has hundreds of statements; all at once they
  // would open more cursors than the store serves (see WHOLE_ANSWER in @carelink/store).
  const pending = [...keys.values()];
  const statements: Statement[] = [];
  for (let i = 0; i < pending.length; i += STATEMENTS_READ_AT_ONCE) {
    const some = pending.slice(i, i + STATEMENTS_READ_AT_ONCE);
    statements.push(...(await Promise.all(some.map((key) => readStatement(key, deps)))));
  }
  // A place whose only link to the month is a confirmed month before it, with nothing to adjust: no statement.
  return statements
    .filter((s) => s.basis === 'frozen' || s.lines.length > 0 || s.excluded.length > 0)
    .sort((a, b) =>
      a.township === b.township ? (a.providerId < b.providerId ? -1 : 1) : a.township < b.township ? -1 : 1,
    );
}

/** The monthly overview the caller may see: scope from the query and the caller, its statements summed. */
export async function handleMonthlyStatement(
  query: { providerId?: unknown; month?: unknown; township?: unknown },
  principal: StaffPrincipal,
  deps: MonthSources,
): Promise<MonthlyStatement> {
  const scope = statementScope(principal, query);
  const [statements, accruals] = await Promise.all([
    statementsOfMonth(scope.month, scope.township ?? '', scope.providerId, deps),
    deps.accruals.listForStatement(scope),
  ]);
  return monthlyStatement(scope, statements, accruals, (region, itemCode) => {
    const pack = deps.policies.get(region);
    return pack ? catalogueItemOf(pack, itemCode)?.name.zh : undefined;
  });
}

/**
 * The statements of a month the caller may see: township and county staff those of their jurisdiction (or of
 * one township in it), provider staff their own provider's.
 */
export async function handleStatementsOfMonth(
  query: { month?: unknown; township?: unknown },
  principal: StaffPrincipal,
  deps: MonthSources,
): Promise<{ month: string; township: string; statements: StatementSummary[] }> {
  const month = parseMonth(query.month);
  let within = principal.role === 'provider_staff' ? '' : principal.jurisdiction;
  if (query.township !== undefined && query.township !== '') {
    const parsed = jurisdictionCode.safeParse(query.township);
    if (!parsed.success)
      throw DomainError.invalid(
        'invalid_township',
        'township is a 6, 9 or 12-digit division code',
        '乡镇(街道)代码格式不正确',
      );
    if (principal.role !== 'provider_staff' && !parsed.data.startsWith(principal.jurisdiction))
      assertCovers(principal, parsed.data);
    within = parsed.data.startsWith(within) ? parsed.data : within;
  }
  const providerId = principal.role === 'provider_staff' ? ownProvider(principal) : undefined;
  const statements = await statementsOfMonth(month, within, providerId, deps);
  return { month, township: within, statements: statements.map(summaryOf) };
}

/** One statement, if the caller may see it (its provider's staff, or staff whose jurisdiction covers it). */
export async function handleStatement(
  params: { month?: unknown; township?: unknown; providerId?: unknown },
  principal: StaffPrincipal,
  deps: StatementSources,
): Promise<Statement> {
  const key = statementKeyOf(params, principal, deps);
  assertMaySeeAccrual(principal, key);
  return readStatement(key, deps);
}

/** The key of the statement named by a route's parameters, in the caller's region. */
export function statementKeyOf(
  params: { month?: unknown; township?: unknown; providerId?: unknown },
  principal: StaffPrincipal,
  deps: Pick<StatementSources, 'policies'>,
): StatementKey {
  const month = parseMonth(params.month);
  const township = jurisdictionCode.safeParse(params.township);
  if (!township.success || township.data.length !== 9)
    throw DomainError.invalid('invalid_township', 'township is a 9-digit division code', '乡镇(街道)代码格式不正确');
  if (typeof params.providerId !== 'string' || params.providerId.trim() === '' || params.providerId.length > 100)
    throw DomainError.invalid('invalid_provider', 'providerId is required', '请填写服务机构编号');
  const pack = deps.policies.get(principal.region);
  if (!pack || !pack.jurisdictions.some((c) => township.data.startsWith(c.code)))
    throw DomainError.forbidden(
      'outside_jurisdiction',
      `township ${township.data} is not in region ${principal.region}`,
      '该乡镇(街道)不在您所在的地区',
    );
  return { region: principal.region, township: township.data, providerId: params.providerId.trim(), month };
}

function ownProvider(principal: StaffPrincipal): string {
  if (!principal.providerId)
    throw DomainError.forbidden(
      'other_provider',
      'provider staff without a provider see no settlement',
      '您只能查看本机构的结算信息',
    );
  return principal.providerId;
}

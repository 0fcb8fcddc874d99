import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError, jurisdictionCode } from '@carelink/contracts';
import { catalogueItemOf } from '@carelink/policy';
import type { Accrual } from '../accrual';
import type { ComplaintHold } from '../complaint-holds/complaint-hold';
import type { ServiceTerms } from '../service-terms/service-terms';
import type { Statement, StatementKey } from '../statement/statement';
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

/** Where a month's statements are found: the month's accruals, and statements confirmed the month before. */
export interface MonthSources extends StatementSources {
  accruals: StatementSources['accruals'] & {
    listForStatement(scope: StatementScope): Promise<Accrual[]>;
    ofMonth(month: string, within: string, providerId?: string): Promise<Accrual[]>;
  };
  statements: StatementSources['statements'] & {
    placesOfMonths(
      months: readonly string[],
      within: string,
      providerId?: string,
    ): Promise<{ region: string; township: string; providerId: string }[]>;
  };
}

const monthBefore = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** How many statements of a month are read at once. */
const STATEMENTS_READ_AT_ONCE = 8;

const placeOf = (p: { township: string; providerId: string }) => `${p.township}|${p.providerId}`;

/**
 * Every statement of a month within a township code prefix (and of one provider): one per provider × township
 * with visits that month, or with a statement confirmed the month before (its later changes land here). The
 * month's accruals are read once, in one pass, and shared out to their statements; each statement then reads
 * only what is its own (its stored statements, the accruals of confirmed months before it).
 */
export async function statementsOfMonth(
  month: string,
  within: string,
  providerId: string | undefined,
  deps: MonthSources,
): Promise<Statement[]> {
  const [{ visitsAt, keys }, before] = await Promise.all([
    deps.accruals.ofMonth(month, within, providerId).then((accruals) => byPlace(accruals, month)),
    deps.statements.placesOfMonths([month, monthBefore(month)], within, providerId),
  ]);
  for (const p of before)
    if (!keys.has(placeOf(p)))
      keys.set(placeOf(p), { region: p.region, township: p.township, providerId: p.providerId, month });
  const sources: StatementSources = {
    ...deps,
    terms: termsOncePerTownship(deps.terms),
    holds: holdsOfMonthOnce(
      deps.holds,
      [...visitsAt.values()].flatMap((visits) => visits.map((v) => v.visitId)),
    ),
  };
  // A few at a time: each statement is several reads, and a month has hundreds of statements; all at once they
  // would open more cursors than the store serves (see WHOLE_ANSWER in @carelink/store).
  const pending = [...keys.entries()];
  const statements: Statement[] = [];
  for (let i = 0; i < pending.length; i += STATEMENTS_READ_AT_ONCE) {
    const some = pending.slice(i, i + STATEMENTS_READ_AT_ONCE);
    statements.push(
      ...(await Promise.all(some.map(([place, key]) => readStatement(key, sources, sharedOut(visitsAt, place))))),
    );
  }
  // A place whose only link to the month is a confirmed month before it, with nothing to adjust: no statement.
  return statements
    .filter((s) => s.basis === 'frozen' || s.lines.length > 0 || s.excluded.length > 0)
    .sort((a, b) =>
      a.township === b.township ? (a.providerId < b.providerId ? -1 : 1) : a.township < b.township ? -1 : 1,
    );
}

/** A month's accruals shared out to their places (provider × township), with each place's statement key. */
function byPlace(accruals: readonly Accrual[], month: string) {
  const visitsAt = new Map<string, Accrual[]>();
  const keys = new Map<string, StatementKey>();
  for (const a of accruals) {
    const place = placeOf(a);
    const visits = visitsAt.get(place);
    if (visits) visits.push(a);
    else {
      visitsAt.set(place, [a]);
      keys.set(place, { region: a.region, township: a.township, providerId: a.providerId, month });
    }
  }
  return { visitsAt, keys };
}

/** A place's accruals of the month, given to its statement once and let go of (a month holds up to a million). */
function sharedOut(visitsAt: Map<string, Accrual[]>, place: string): Accrual[] {
  const visits = visitsAt.get(place) ?? [];
  visitsAt.delete(place);
  return visits;
}

/** The service terms of each township read once for all the month's statements in it. */
function termsOncePerTownship(terms: StatementSources['terms']): StatementSources['terms'] {
  const read = new Map<string, Promise<Map<string, ServiceTerms>>>();
  return {
    ofTownship: (township) => {
      let found = read.get(township);
      if (!found) read.set(township, (found = terms.ofTownship(township)));
      return found;
    },
  };
}

/**
 * The complaints about the month's visits read once for all its statements; a statement's visits of confirmed
 * months before it are asked about on their own.
 */
function holdsOfMonthOnce(holds: StatementSources['holds'], visitIds: readonly string[]): StatementSources['holds'] {
  const ofMonth = new Set(visitIds);
  let monthHolds: Promise<Map<string, ComplaintHold[]>> | undefined;
  return {
    ofVisits: async (ids) => {
      monthHolds ??= holds.ofVisits(visitIds);
      const others = ids.filter((id) => !ofMonth.has(id));
      const [month, more] = await Promise.all([
        monthHolds,
        others.length > 0 ? holds.ofVisits(others) : new Map<string, ComplaintHold[]>(),
      ]);
      const out = new Map<string, ComplaintHold[]>();
      for (const id of ids) {
        const about = month.get(id) ?? more.get(id);
        if (about) out.set(id, about);
      }
      return out;
    },
  };
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

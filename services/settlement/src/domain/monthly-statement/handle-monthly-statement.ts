import type { StaffPrincipal } from '@carelink/auth';
import { catalogueItemOf, type PolicyPacks } from '@carelink/policy';
import type { Accrual } from '../accrual';
import { monthlyStatement, statementScope, type MonthlyStatement, type StatementScope } from './monthly-statement';

/** Where a statement's accruals are read from (the accrual repository). */
export interface StatementAccruals {
  /** Every accrual of a provider's month within the scope's township code, oldest first. */
  listForStatement(scope: StatementScope): Promise<Accrual[]>;
}

/** The monthly statement the caller may see: scope from the query and the caller, accruals, grouping. */
export async function handleMonthlyStatement(
  query: { providerId?: unknown; month?: unknown; township?: unknown },
  principal: StaffPrincipal,
  deps: { accruals: StatementAccruals; policies: Pick<PolicyPacks, 'get'> },
): Promise<MonthlyStatement> {
  const scope = statementScope(principal, query);
  const accruals = await deps.accruals.listForStatement(scope);
  return monthlyStatement(scope, accruals, (region, itemCode) => {
    const pack = deps.policies.get(region);
    return pack ? catalogueItemOf(pack, itemCode)?.name.zh : undefined;
  });
}

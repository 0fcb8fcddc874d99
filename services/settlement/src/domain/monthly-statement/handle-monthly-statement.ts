import type { StaffPrincipal } from '@carelink/auth';
import { catalogueItemOf, type PolicyPacks } from '@carelink/policy';
import type { AccrualRepository } from '../../data-access/accrual-repository';
import { monthlyStatement, statementScope, type MonthlyStatement } from './monthly-statement';

/** The monthly statement the caller may see: scope from the query and the caller, accruals, grouping. */
export async function handleMonthlyStatement(
  query: { providerId?: unknown; month?: unknown; township?: unknown },
  principal: StaffPrincipal,
  deps: { accruals: AccrualRepository; policies: PolicyPacks },
): Promise<MonthlyStatement> {
  const scope = statementScope(principal, query);
  const accruals = await deps.accruals.listForStatement(scope);
  return monthlyStatement(scope, accruals, (region, itemCode) => {
    const pack = deps.policies.get(region);
    return pack ? catalogueItemOf(pack, itemCode)?.name.zh : undefined;
  });
}

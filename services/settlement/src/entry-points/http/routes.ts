import { jurisdictionCode, month } from '@carelink/contracts';
import { AppError, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import { z } from 'zod';
import type { AccrualRepository } from '../../data-access/accrual-repository';
import { handleMonthlyStatement } from '../../domain/monthly-statement/handle-monthly-statement';
import { assertMaySeeAccrual } from '../../domain/monthly-statement/monthly-statement';

const READERS = ['township_caseworker', 'county_officer', 'provider_staff'] as const;

export function settlementRoutes(app: ServiceApp, deps: { accruals: AccrualRepository; policies: PolicyPacks }): void {
  app.route({
    method: 'get',
    path: '/statements',
    summary: "A provider's monthly statement (月度结算单): lines by item and fee, totals in fen, and the accruals",
    roles: [...READERS],
    query: z.object({ providerId: z.string().min(1), month, township: jurisdictionCode.optional() }),
    handle: async ({ req, principal }) => handleMonthlyStatement(req.query, principal, deps),
  });

  app.route({
    method: 'get',
    path: '/accruals/:visitId',
    summary: 'The accrual of one delivered visit',
    roles: [...READERS],
    handle: async ({ req, principal }) => {
      const accrual = await deps.accruals.get(String(req.params.visitId));
      if (!accrual) throw AppError.notFound('accrual', '结算记录');
      assertMaySeeAccrual(principal, accrual);
      return accrual;
    },
  });
}

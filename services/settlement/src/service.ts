import type { ServiceApp } from '@carelink/http';
import type { ServiceDefinition } from '@carelink/service-host';
import type { SettlementConfig } from './config';
import { AccrualRepository } from './data-access/accrual-repository';
import { ComplaintHoldRepository } from './data-access/complaint-hold-repository';
import { ServiceTermsRepository } from './data-access/service-terms-repository';
import { StatementRepository, statementMapping } from './data-access/statement-repository';
import { settlementRoutes } from './entry-points/http/routes';
import { settlementSubscriptions } from './entry-points/kafka/subscriptions';

/**
 * Every HTTP route of settlement, declared on `app` (the host adds `/audit-trail`); `npm run openapi` builds the
 * OpenAPI document from it with stand-ins for `deps`.
 */
export function settlementHttpRoutes(app: ServiceApp, deps: Parameters<typeof settlementRoutes>[1]): void {
  settlementRoutes(app, deps);
}

export const settlementService: ServiceDefinition<SettlementConfig> = {
  name: 'settlement',
  outboxCollections: [AccrualRepository.collection, StatementRepository.collection],
  prepare: async ({ connection }) => {
    await new AccrualRepository(connection).prepare();
    await new StatementRepository(connection).prepare();
    await new ServiceTermsRepository(connection).prepare();
    await new ComplaintHoldRepository(connection).prepare();
  },
  subscriptions: (ctx) => settlementSubscriptions(ctx.commits),
  routes: (app, ctx) =>
    settlementHttpRoutes(app, {
      accruals: new AccrualRepository(ctx.connection),
      statements: new StatementRepository(ctx.connection),
      terms: new ServiceTermsRepository(ctx.connection),
      holds: new ComplaintHoldRepository(ctx.connection),
      policies: ctx.policies,
      commits: ctx.commits.bind(statementMapping),
    }),
};

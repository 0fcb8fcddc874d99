import type { ServiceApp } from '@carelink/http';
import type { ServiceDefinition } from '@carelink/service-host';
import type { SettlementConfig } from './config';
import { AccrualRepository } from './data-access/accrual-repository';
import { ComplaintHoldRepository } from './data-access/complaint-hold-repository';
import { ServiceTermsRepository } from './data-access/service-terms-repository';
import { AuditTrail } from '@carelink/store';
import { StatementRepository, statementMapping } from './data-access/statement-repository';
import { NeighbourVisitRepository } from './data-access/neighbour-visit-repository';
import { ProviderNameRepository } from './data-access/provider-name-repository';
import { SpotCheckRepository, spotCheckMapping, spotCheckSampleMapping } from './data-access/spot-check-repository';
import { settlementRoutes } from './entry-points/http/routes';
import { spotCheckRoutes } from './entry-points/http/spot-check-routes';
import { fundingRoutes } from './entry-points/http/funding-routes';
import {
  FundingRepository,
  fundingReservationsMapping,
  topUpConsentMapping,
} from './data-access/funding-repository';
import { settlementSubscriptions } from './entry-points/kafka/subscriptions';

/**
 * Every HTTP route of settlement, declared on `app` (the host adds `/audit-trail`); `npm run openapi` builds the
 * OpenAPI document from it with stand-ins for `deps`.
 */
export function settlementHttpRoutes(
  app: ServiceApp,
  deps: Parameters<typeof settlementRoutes>[1] & Parameters<typeof spotCheckRoutes>[1] & Parameters<typeof fundingRoutes>[1],
): void {
  settlementRoutes(app, deps);
  spotCheckRoutes(app, deps);
  fundingRoutes(app, deps);
}

export const settlementService: ServiceDefinition<SettlementConfig> = {
  name: 'settlement',
  outboxCollections: [AccrualRepository.collection, StatementRepository.collection, ...SpotCheckRepository.collections, ...FundingRepository.collections],
  prepare: async ({ connection, policies }) => {
    await new AccrualRepository(connection).prepare();
    await new StatementRepository(connection).prepare();
    await new ServiceTermsRepository(connection).prepare();
    await new ComplaintHoldRepository(connection).prepare();
    await new SpotCheckRepository(connection).prepare();
    await new NeighbourVisitRepository(connection).prepare();
    await new ProviderNameRepository(connection).prepare();
    await new FundingRepository(connection).prepare();
    await new FundingRepository(connection).backfillLedgers(policies);
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
      spotChecks: new SpotCheckRepository(ctx.connection),
      samples: ctx.commits.bind(spotCheckSampleMapping),
      checks: ctx.commits.bind(spotCheckMapping),
      neighbourVisits: new NeighbourVisitRepository(ctx.connection),
      providerNames: new ProviderNameRepository(ctx.connection),
      audit: new AuditTrail(ctx.connection),
      funding: new FundingRepository(ctx.connection),
      topUpConsents: ctx.commits.bind(topUpConsentMapping),
      reservations: ctx.commits.bind(fundingReservationsMapping),
    }),
};

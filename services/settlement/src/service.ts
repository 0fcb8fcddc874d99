import type { ServiceDefinition } from '@carelink/service-host';
import type { SettlementConfig } from './config';
import { AccrualRepository } from './data-access/accrual-repository';
import { settlementRoutes } from './entry-points/http/routes';
import { settlementSubscriptions } from './entry-points/kafka/subscriptions';

export const settlementService: ServiceDefinition<SettlementConfig> = {
  name: 'settlement',
  outboxCollections: [AccrualRepository.collection],
  prepare: async ({ connection }) => new AccrualRepository(connection).prepare(),
  subscriptions: (ctx) => settlementSubscriptions(ctx.commits),
  routes: (app, ctx) =>
    settlementRoutes(app, { accruals: new AccrualRepository(ctx.connection), policies: ctx.policies }),
};

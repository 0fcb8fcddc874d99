import type { ServiceDefinition } from '@carelink/service-host';
import type { ReferralConfig } from './config';
import { ContractRepository } from './data-access/contract-repository';
import { ReferralRepository } from './data-access/referral-repository';
import { referralRoutes } from './entry-points/http/routes';
import { referralSubscriptions } from './entry-points/kafka/subscriptions';

export const referralService: ServiceDefinition<ReferralConfig> = {
  name: 'referral',
  outboxCollections: [ReferralRepository.collection],
  prepare: async ({ connection }) => new ReferralRepository(connection).prepare(),
  subscriptions: (ctx) =>
    referralSubscriptions({
      policies: ctx.policies,
      contracts: new ContractRepository(ctx.connection),
      referrals: new ReferralRepository(ctx.connection),
      eventsWritten: ctx.eventsWritten,
    }),
  routes: (app, ctx) =>
    referralRoutes(app, {
      policies: ctx.policies,
      contracts: new ContractRepository(ctx.connection),
      referrals: new ReferralRepository(ctx.connection),
      eventsWritten: ctx.eventsWritten,
    }),
};

import type { ServiceDefinition } from '@carelink/service-host';
import type { ProviderSchedulingConfig } from './config';
import { AssignmentRepository } from './data-access/assignment-repository';
import { VisitRepository } from './data-access/visit-repository';
import { providerSchedulingRoutes } from './entry-points/http/routes';
import { providerSchedulingSubscriptions } from './entry-points/kafka/subscriptions';

export const providerSchedulingService: ServiceDefinition<ProviderSchedulingConfig> = {
  name: 'provider-scheduling',
  outboxCollections: [AssignmentRepository.collection, VisitRepository.collection],
  prepare: async ({ connection }) => {
    await new AssignmentRepository(connection).prepare();
    await new VisitRepository(connection).prepare();
  },
  subscriptions: (ctx) => providerSchedulingSubscriptions(new AssignmentRepository(ctx.connection)),
  routes: (app, ctx) =>
    providerSchedulingRoutes(app, {
      assignments: new AssignmentRepository(ctx.connection),
      visits: new VisitRepository(ctx.connection),
      eventsWritten: ctx.eventsWritten,
    }),
};

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
  subscriptions: ({ commits, connection }) =>
    providerSchedulingSubscriptions({ commits, assignments: new AssignmentRepository(connection) }),
  routes: (app, { commits, connection }) =>
    providerSchedulingRoutes(app, {
      commits,
      assignments: new AssignmentRepository(connection),
      visits: new VisitRepository(connection),
    }),
};

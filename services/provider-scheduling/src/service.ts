import type { ServiceApp } from '@carelink/http';
import type { ServiceDefinition } from '@carelink/service-host';
import type { ProviderSchedulingConfig } from './config';
import { AssignmentRepository } from './data-access/assignment-repository';
import { VisitRepository } from './data-access/visit-repository';
import { providerSchedulingRoutes, type ProviderSchedulingRoutesDeps } from './entry-points/http/routes';
import { providerSchedulingSubscriptions } from './entry-points/kafka/subscriptions';

/**
 * Every HTTP route of provider-scheduling, declared on `app` (the host adds `/audit-trail`); `npm run openapi`
 * builds the OpenAPI document from it with stand-ins for `deps`.
 */
export function providerSchedulingHttpRoutes(app: ServiceApp, deps: ProviderSchedulingRoutesDeps): void {
  providerSchedulingRoutes(app, deps);
}

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
    providerSchedulingHttpRoutes(app, {
      commits,
      assignments: new AssignmentRepository(connection),
      visits: new VisitRepository(connection),
    }),
};

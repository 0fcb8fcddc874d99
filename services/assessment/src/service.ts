import type { ServiceDefinition } from '@carelink/service-host';
import type { AssessmentConfig } from './config';
import { CaseRepository } from './data-access/case-repository';
import { assessmentRoutes } from './entry-points/http/routes';
import { assessmentSubscriptions } from './entry-points/kafka/subscriptions';

export const assessmentService: ServiceDefinition<AssessmentConfig> = {
  name: 'assessment',
  outboxCollections: [CaseRepository.collection],
  prepare: async ({ connection }) => new CaseRepository(connection).prepare(),
  subscriptions: (ctx) => assessmentSubscriptions(new CaseRepository(ctx.connection), ctx.eventsWritten),
  routes: (app, ctx) =>
    assessmentRoutes(app, {
      cases: new CaseRepository(ctx.connection),
      policies: ctx.policies,
      eventsWritten: ctx.eventsWritten,
    }),
};

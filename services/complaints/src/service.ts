import type { ServiceDefinition } from '@carelink/service-host';
import type { ComplaintsConfig } from './config';
import { CaseDirectory } from './data-access/case-directory';
import { ComplaintRepository } from './data-access/complaint-repository';
import { complaintsRoutes } from './entry-points/http/routes';
import { complaintsSubscriptions } from './entry-points/kafka/subscriptions';

export const complaintsService: ServiceDefinition<ComplaintsConfig> = {
  name: 'complaints',
  outboxCollections: [ComplaintRepository.collection],
  prepare: async ({ connection }) => new ComplaintRepository(connection).prepare(),
  subscriptions: ({ connection }) => complaintsSubscriptions(new CaseDirectory(connection)),
  routes: (app, ctx) =>
    complaintsRoutes(app, {
      cases: new CaseDirectory(ctx.connection),
      complaints: new ComplaintRepository(ctx.connection),
      eventsWritten: ctx.eventsWritten,
    }),
};

import type { ServiceDefinition } from '@carelink/service-host';
import { AuditTrail, FieldCipher } from '@carelink/store';
import type { ComplaintsConfig } from './config';
import { CaseDirectory } from './data-access/case-directory';
import { ComplaintRepository } from './data-access/complaint-repository';
import { EvidenceStore } from './data-access/evidence-store';
import { ProviderScoreRepository } from './data-access/provider-score-repository';
import { open311Routes } from './entry-points/http/open311-routes';
import { complaintsRoutes } from './entry-points/http/routes';
import { timeLimitJobs } from './entry-points/jobs/time-limit-jobs';
import { complaintsSubscriptions } from './entry-points/kafka/subscriptions';

export const complaintsService: ServiceDefinition<ComplaintsConfig> = {
  name: 'complaints',
  outboxCollections: [ComplaintRepository.collection, ProviderScoreRepository.collection],
  prepare: async ({ connection }) => {
    await new ComplaintRepository(connection).prepare();
    await new CaseDirectory(connection).prepare();
  },
  subscriptions: (ctx) =>
    complaintsSubscriptions({
      cases: new CaseDirectory(ctx.connection),
      complaints: new ComplaintRepository(ctx.connection),
      scores: new ProviderScoreRepository(ctx.connection),
      jobs: ctx.jobs,
      eventsWritten: ctx.eventsWritten,
    }),
  jobs: (ctx) =>
    timeLimitJobs({
      complaints: new ComplaintRepository(ctx.connection),
      policies: ctx.policies,
      jobs: ctx.jobs,
      eventsWritten: ctx.eventsWritten,
    }),
  routes: (app, ctx) => {
    const deps = {
      cases: new CaseDirectory(ctx.connection),
      complaints: new ComplaintRepository(ctx.connection),
      evidence: new EvidenceStore(ctx.connection),
      policies: ctx.policies,
      cipher: new FieldCipher(ctx.config.REPORTER_DATA_KEY, ctx.config.REPORTER_INDEX_KEY),
      audit: new AuditTrail(ctx.connection),
      eventsWritten: ctx.eventsWritten,
    };
    open311Routes(app, deps);
    complaintsRoutes(app, deps);
  },
};

import type { ServiceApp } from '@carelink/http';
import type { ServiceDefinition, ServiceContext } from '@carelink/service-host';
import { FieldCipher } from '@carelink/store';
import type { ComplaintsConfig } from './config';
import { CaseDirectory } from './data-access/case-directory';
import { commitsOf } from './data-access/commits';
import { complaintMapping, ComplaintRepository } from './data-access/complaint-repository';
import { EvidenceStore } from './data-access/evidence-store';
import { ProviderDirectory } from './data-access/provider-directory';
import { providerScoreMapping } from './data-access/provider-score-mapping';
import { open311Routes } from './entry-points/http/open311-routes';
import { receiveWith } from './entry-points/http/receive';
import { complaintsRoutes, type ComplaintsRouteDeps } from './entry-points/http/routes';
import { timeLimitJobs } from './entry-points/jobs/time-limit-jobs';
import { complaintsSubscriptions } from './entry-points/kafka/subscriptions';

const complaintCommits = (ctx: ServiceContext<ComplaintsConfig>) => commitsOf(ctx.commits, complaintMapping);

/**
 * Every HTTP route of complaints (Open311 and the staff API), declared on `app` (the host adds `/audit-trail`);
 * `npm run openapi` builds the OpenAPI document from it with stand-ins for `deps`.
 */
export function complaintsHttpRoutes(app: ServiceApp, deps: ComplaintsRouteDeps): void {
  open311Routes(app, deps);
  complaintsRoutes(app, deps);
}

export const complaintsService: ServiceDefinition<ComplaintsConfig> = {
  name: 'complaints',
  outboxCollections: [complaintMapping.collection, providerScoreMapping.collection],
  prepare: async ({ connection }) => {
    await new ComplaintRepository(connection).prepare();
    await new CaseDirectory(connection).prepare();
    await new ProviderDirectory(connection).prepare();
  },
  subscriptions: (ctx) =>
    complaintsSubscriptions({
      cases: new CaseDirectory(ctx.connection),
      providers: new ProviderDirectory(ctx.connection),
      complaints: new ComplaintRepository(ctx.connection),
      scores: commitsOf(ctx.commits, providerScoreMapping),
      jobs: ctx.jobs,
    }),
  jobs: (ctx) => timeLimitJobs({ complaints: complaintCommits(ctx), jobs: ctx.jobs }),
  routes: (app, ctx) => {
    const complaints = new ComplaintRepository(ctx.connection);
    const commits = complaintCommits(ctx);
    const evidence = new EvidenceStore(ctx.connection);
    const cipher = new FieldCipher(ctx.config.REPORTER_DATA_KEY, ctx.config.REPORTER_INDEX_KEY);
    const receive = receiveWith({
      complaints: commits,
      numbers: complaints,
      cases: new CaseDirectory(ctx.connection),
      missingAttachments: (ids) => evidence.missing(ids),
      seal: (plain) => cipher.encrypt(plain),
    });
    complaintsHttpRoutes(app, {
      complaints,
      commits,
      receive,
      evidence,
      cipher,
      policies: ctx.policies,
      providers: new ProviderDirectory(ctx.connection),
    });
  },
};

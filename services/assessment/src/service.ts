import type { ServiceApp } from '@carelink/http';
import { AuditTrail } from '@carelink/store';
import type { ServiceContext, ServiceDefinition } from '@carelink/service-host';
import type { AssessmentConfig } from './config';
import { caseDocuments, CaseRepository } from './data-access/case-repository';
import { followUpListCommits, followUpLists, FollowUpRepository } from './data-access/follow-up-repository';
import { NeedsLedgerRepository } from './data-access/needs-ledger-repository';
import { PersonFileRepository, personFileDocuments } from './data-access/person-file-repository';
import { intakeAttachments, personFileRoutes, type PersonFileRouteDeps } from './entry-points/http/person-file-routes';
import { assessmentRoutes } from './entry-points/http/routes';
import { assessmentJobs, FOLLOW_UP_LISTS } from './entry-points/jobs/job-handlers';
import { assessmentSubscriptions } from './entry-points/kafka/subscriptions';

/** The repositories and ports the entry points are given. */
function dependencies(ctx: ServiceContext<AssessmentConfig>) {
  return {
    cases: new CaseRepository(ctx.connection, ctx.commits),
    ledger: new NeedsLedgerRepository(ctx.connection),
    followUps: new FollowUpRepository(ctx.connection),
    followUpLists: followUpListCommits(ctx.commits),
    policies: ctx.policies,
    timers: ctx.jobs,
    audit: new AuditTrail(ctx.connection),
    files: new PersonFileRepository(ctx.connection, ctx.commits),
    attachments: intakeAttachments(ctx.config.INTAKE_URL),
    font: { path: ctx.config.PERSON_FILE_FONT, face: ctx.config.PERSON_FILE_FONT_FACE },
  };
}

/**
 * Every HTTP route of assessment, declared on `app` (the host adds `/audit-trail`); `npm run openapi` builds the
 * OpenAPI document from it with stand-ins for `deps`.
 */
export function assessmentHttpRoutes(
  app: ServiceApp,
  deps: Parameters<typeof assessmentRoutes>[1] & PersonFileRouteDeps,
): void {
  assessmentRoutes(app, deps);
  personFileRoutes(app, deps);
}

export const assessmentService: ServiceDefinition<AssessmentConfig> = {
  name: 'assessment',
  outboxCollections: [caseDocuments.collection, followUpLists.collection, personFileDocuments.collection],
  prepare: async (ctx) => {
    const { cases, ledger, followUps, files } = dependencies(ctx);
    await cases.prepare();
    await files.prepare();
    await ledger.prepare();
    await followUps.prepare();
  },
  subscriptions: (ctx) => assessmentSubscriptions(dependencies(ctx)),
  jobs: (ctx) => assessmentJobs(dependencies(ctx)),
  // On the 1st of every month at 08:00 China time: last month's newly added people, per township.
  onStart: (ctx) => ctx.jobs.repeat(FOLLOW_UP_LISTS, 'monthly-follow-up-lists', '0 8 1 * *'),
  routes: (app, ctx) => assessmentHttpRoutes(app, dependencies(ctx)),
};

import type { ServiceDefinition } from '@carelink/service-host';
import type { AssessmentConfig } from './config';
import {
  handleInvestigationTimer,
  INVESTIGATION_OVERDUE,
  INVESTIGATION_REMINDER,
} from './domain/investigate/handle-investigation';
import { CaseRepository } from './data-access/case-repository';
import { NeedsLedgerRepository } from './data-access/needs-ledger-repository';
import { assessmentRoutes } from './entry-points/http/routes';
import { assessmentSubscriptions } from './entry-points/kafka/subscriptions';

export const assessmentService: ServiceDefinition<AssessmentConfig> = {
  name: 'assessment',
  outboxCollections: [CaseRepository.collection],
  prepare: async ({ connection }) => {
    await new CaseRepository(connection).prepare();
    await new NeedsLedgerRepository(connection).prepare();
  },
  subscriptions: (ctx) =>
    assessmentSubscriptions(
      new CaseRepository(ctx.connection),
      new NeedsLedgerRepository(ctx.connection),
      ctx.eventsWritten,
    ),
  jobs: (ctx) => {
    const deps = { cases: new CaseRepository(ctx.connection), now: () => new Date() };
    const run = (kind: 'reminder' | 'overdue') => async (job: { data: { caseId: string; assignment: number } }) => {
      if (await handleInvestigationTimer(kind, job.data, deps)) ctx.eventsWritten();
    };
    return { [INVESTIGATION_REMINDER]: run('reminder'), [INVESTIGATION_OVERDUE]: run('overdue') };
  },
  routes: (app, ctx) =>
    assessmentRoutes(app, {
      cases: new CaseRepository(ctx.connection),
      ledger: new NeedsLedgerRepository(ctx.connection),
      policies: ctx.policies,
      jobs: ctx.jobs,
      eventsWritten: ctx.eventsWritten,
    }),
};

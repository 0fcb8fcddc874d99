import type { ServiceDefinition } from '@carelink/service-host';
import type { AssessmentConfig } from './config';
import {
  handleInvestigationTimer,
  INVESTIGATION_OVERDUE,
  INVESTIGATION_REMINDER,
} from './domain/investigate/handle-investigation';
import { CaseRepository } from './data-access/case-repository';
import { NeedsLedgerRepository } from './data-access/needs-ledger-repository';
import { FollowUpRepository } from './data-access/follow-up-repository';
import { makeMonthlyFollowUpLists } from './domain/dynamic-management/handle-status-change';
import { DECISION_OVERDUE, handleDecisionOverdue } from './domain/decision-deadline/handle-decision-deadline';

const FOLLOW_UP_LISTS = 'follow-up-lists';
import { assessmentRoutes } from './entry-points/http/routes';
import { assessmentSubscriptions } from './entry-points/kafka/subscriptions';

export const assessmentService: ServiceDefinition<AssessmentConfig> = {
  name: 'assessment',
  outboxCollections: [CaseRepository.collection, FollowUpRepository.listsCollection],
  prepare: async ({ connection }) => {
    await new CaseRepository(connection).prepare();
    await new NeedsLedgerRepository(connection).prepare();
    await new FollowUpRepository(connection).prepare();
  },
  subscriptions: (ctx) =>
    assessmentSubscriptions(
      new CaseRepository(ctx.connection),
      new NeedsLedgerRepository(ctx.connection),
      { followUps: new FollowUpRepository(ctx.connection), policies: ctx.policies },
      ctx.eventsWritten,
    ),
  jobs: (ctx) => {
    const deps = { cases: new CaseRepository(ctx.connection), now: () => new Date() };
    const run = (kind: 'reminder' | 'overdue') => async (job: { data: { caseId: string; assignment: number } }) => {
      if (await handleInvestigationTimer(kind, job.data, deps)) ctx.eventsWritten();
    };
    const followUps = new FollowUpRepository(ctx.connection);
    return {
      [INVESTIGATION_REMINDER]: run('reminder'),
      [INVESTIGATION_OVERDUE]: run('overdue'),
      [DECISION_OVERDUE]: async (job: { data: { caseId: string; level: 'township' | 'county'; dueAt: string } }) => {
        if (await handleDecisionOverdue(job.data, deps)) ctx.eventsWritten();
      },
      [FOLLOW_UP_LISTS]: async () =>
        void (await makeMonthlyFollowUpLists(new Date(), { followUps, eventsWritten: ctx.eventsWritten })),
    };
  },
  // On the 1st of every month at 08:00 China time: last month's newly added people, per township.
  onStart: (ctx) => ctx.jobs.repeat(FOLLOW_UP_LISTS, 'monthly-follow-up-lists', '0 8 1 * *'),
  routes: (app, ctx) =>
    assessmentRoutes(app, {
      cases: new CaseRepository(ctx.connection),
      ledger: new NeedsLedgerRepository(ctx.connection),
      followUps: new FollowUpRepository(ctx.connection),
      policies: ctx.policies,
      jobs: ctx.jobs,
      eventsWritten: ctx.eventsWritten,
    }),
};

import type { ServiceApp } from '@carelink/http';
import type { ServiceContext, ServiceDefinition } from '@carelink/service-host';
import { AuditTrail, FieldCipher } from '@carelink/store';
import type { ProviderSchedulingConfig } from './config';
import { AssignmentRepository } from './data-access/assignment-repository';
import { CalendarRepository, workerDayStates } from './data-access/calendar-repository';
import { ConfirmationCodes } from './data-access/confirmation-codes';
import { PlanRepository, planStates } from './data-access/plan-repository';
import { VisitPhotoStore } from './data-access/visit-photo-store';
import { VisitRepository, visitStates } from './data-access/visit-repository';
import { WorkerRepository, workerStates } from './data-access/worker-repository';
import type { SchedulingPorts } from './domain/scheduling-ports';
import { providerSchedulingRoutes, type ProviderSchedulingRoutesDeps } from './entry-points/http/routes';
import { verifiedDeliveryRoutes } from './entry-points/http/verified-delivery-routes';
import { workerChatRoutes, type WorkerChatRoutesDeps } from './entry-points/http/worker-chat-routes';
import {
  confirmationDeadlines,
  CONFIRMATION_SWEEP,
  CONFIRMATION_SWEEP_CRON,
  EXTEND_VISIT_WINDOWS,
  reminderBoard,
  schedulingJobs,
} from './entry-points/jobs/job-handlers';
import { providerSchedulingSubscriptions } from './entry-points/kafka/subscriptions';
import {
  NEIGHBOUR_HELP_COLLECTIONS,
  neighbourHelpHttpRoutes,
  neighbourHelpWiring,
  type NeighbourHelpHttpDeps,
} from './neighbour-help-wiring';

/**
 * Every HTTP route of provider-scheduling, declared on `app` (the host adds `/audit-trail`); `npm run openapi`
 * builds the OpenAPI document from it with stand-ins for `deps`.
 */
export function providerSchedulingHttpRoutes(
  app: ServiceApp,
  deps: ProviderSchedulingRoutesDeps & { neighbourHelp: NeighbourHelpHttpDeps; workerChats: WorkerChatRoutesDeps },
): void {
  providerSchedulingRoutes(app, deps);
  workerChatRoutes(app, deps.workerChats);
  verifiedDeliveryRoutes(app, deps.verification);
  neighbourHelpHttpRoutes(app, deps.neighbourHelp);
}

/** The repositories and ports the entry points are given. */
function dependencies(ctx: ServiceContext<ProviderSchedulingConfig>) {
  const { connection, commits, policies } = ctx;
  const cipher = new FieldCipher(ctx.config.WORKER_DATA_KEY, ctx.config.WORKER_INDEX_KEY);
  const assignments = new AssignmentRepository(connection);
  const visits = new VisitRepository(connection);
  const plans = new PlanRepository(connection, cipher);
  const workers = new WorkerRepository(connection, cipher);
  const calendars = new CalendarRepository(connection);
  const scheduling: SchedulingPorts = {
    assignments,
    plans: { ...commits.bind(planStates(cipher)), planOf: (id) => plans.planOf(id) },
    visits: {
      ...commits.bind(visitStates),
      visitOf: (id) => visits.visitOf(id),
      scheduledAfter: (referralId, after) => visits.scheduledAfter(referralId, after),
    },
    calendars: { ...commits.bind(workerDayStates), bookingsOf: (ids) => calendars.bookingsOf(ids) },
    workers: {
      workerOf: (id) => workers.workerOf(id),
      servingItem: (providerId, itemCode) => workers.servingItem(providerId, itemCode),
    },
    trainingRuleOf: (region) => policies.get(region)?.workerTraining,
    reminders: reminderBoard(ctx.jobs, policies),
  };
  return { assignments, visits, plans, workers, cipher, scheduling };
}

export const providerSchedulingService: ServiceDefinition<ProviderSchedulingConfig> = {
  name: 'provider-scheduling',
  outboxCollections: [
    AssignmentRepository.collection,
    VisitRepository.collection,
    PlanRepository.collection,
    WorkerRepository.collection,
    ...NEIGHBOUR_HELP_COLLECTIONS,
  ],
  prepare: async (ctx) => {
    const { assignments, visits, plans, workers } = dependencies(ctx);
    await assignments.prepare();
    await neighbourHelpWiring(ctx).prepare();
    await visits.prepare();
    await plans.prepare();
    await workers.prepare();
  },
  subscriptions: (ctx) => {
    const { assignments, scheduling } = dependencies(ctx);
    return providerSchedulingSubscriptions({ commits: ctx.commits, assignments, scheduling });
  },
  jobs: (ctx) => {
    const { plans, visits, scheduling } = dependencies(ctx);
    return { ...schedulingJobs(scheduling, plans, ctx.logger, visits), ...neighbourHelpWiring(ctx).jobs };
  },
  // Every day at 01:00 China time: each approved plan's visits are generated out to the rolling window. Every 5
  // minutes: confirmations still open past their deadline (the deadline job lost with Redis) are settled.
  onStart: async (ctx) => {
    await ctx.jobs.repeat(EXTEND_VISIT_WINDOWS, 'daily-visit-window', '0 1 * * *');
    await ctx.jobs.repeat(CONFIRMATION_SWEEP, 'confirmation-sweep', CONFIRMATION_SWEEP_CRON);
  },
  routes: (app, ctx) => {
    const { assignments, visits, plans, workers, cipher, scheduling } = dependencies(ctx);
    providerSchedulingHttpRoutes(app, {
      commits: ctx.commits,
      neighbourHelp: neighbourHelpWiring(ctx).http,
      assignments,
      visits,
      plans,
      workers: {
        workerOf: (id) => workers.workerOf(id),
        listOf: (id) => workers.listOf(id),
        workerIdOf: (p, n) => workers.workerIdOf(p, n),
        commits: ctx.commits.bind(workerStates(cipher)),
      },
      scheduling,
      policies: ctx.policies,
      workerChats: {
        workers: {
          workerOf: (id) => workers.workerOf(id),
          withLinkCode: (index) => workers.withLinkCode(index),
          linkedTo: (chatId) => workers.linkedTo(chatId),
          commits: ctx.commits.bind(workerStates(cipher)),
        },
        visits,
        calendars: scheduling.calendars,
        assignments,
        codeIndex: (code) => cipher.blindIndex(code, 'chat-link-code'),
        policies: ctx.policies,
      },
      verification: {
        visits: { ...scheduling.visits, deliveredOfCase: (caseId) => visits.deliveredOfCase(caseId) },
        assignments,
        plans,
        workers,
        codes: new ConfirmationCodes(cipher),
        deadlines: confirmationDeadlines(ctx.jobs),
        photos: new VisitPhotoStore(ctx.connection),
        policies: ctx.policies,
        audit: new AuditTrail(ctx.connection),
      },
    });
  },
};

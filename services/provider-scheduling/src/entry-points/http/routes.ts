import { readersOf } from '@carelink/auth';
import { DomainError, isoDate, type Commits } from '@carelink/contracts';
import type { ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import type { ServiceContext } from '@carelink/service-host';
import { z } from 'zod';
import { assignmentStates, type AssignmentRepository } from '../../data-access/assignment-repository';
import type { PlanRepository } from '../../data-access/plan-repository';
import { visitStates, type VisitRepository } from '../../data-access/visit-repository';
import type { WorkerRepository, WorkerWrite } from '../../data-access/worker-repository';
import { decideAcceptAssignment } from '../../domain/accept-assignment/accept-assignment';
import { answeredVisit, ASSIGNMENT, VISIT, type AssignmentLookup } from '../../domain/assignment';
import { cancelVisitCommand, rescheduleVisitCommand } from '../../domain/change-visit/change-visit';
import { replacePlanVisits } from '../../domain/generate-visits/generate-plan-visits';
import { decideRecordDelivery, recordDeliveryCommand } from '../../domain/record-delivery/record-delivery';
import {
  decideRecordTraining,
  decideRegisterWorker,
  recordTrainingCommand,
  registerWorkerCommand,
} from '../../domain/register-worker/register-worker';
import { cancelVisit, rescheduleVisit, scheduleVisit } from '../../domain/schedule-visit/book-visit';
import { scheduleVisitCommand } from '../../domain/schedule-visit/schedule-visit';
import type { SchedulingPorts } from '../../domain/scheduling-ports';
import { PLAN } from '../../domain/service-plan/plan';
import { decideProposePlan, proposePlanCommand } from '../../domain/service-plan/propose-plan';
import { decideApprovePlan, decideReturnPlan, returnPlanCommand } from '../../domain/service-plan/review-plan';
import { viewerOf, visibleRecord } from '../../domain/visibility';
import { WORKER, type WorkerState } from '../../domain/worker';
import { workerView } from '../../domain/worker-chat/worker-chat';
import { rulesOfRegion, type VerifiedDeliveryDeps } from './verified-delivery-routes';

const listQuery = z.object({
  status: z.enum(['offered', 'accepted', 'completed', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const planListQuery = z.object({
  status: z.enum(['proposed', 'approved', 'returned', 'stopped']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const calendarQuery = z.object({ from: isoDate, to: isoDate });

const workerListQuery = z.object({ providerId: z.string().min(1).max(100).optional() });

/** What the routes use: the commit port, the lookups the use cases need, the listings and the scheduling ports. */
export interface ProviderSchedulingRoutesDeps extends Pick<ServiceContext, 'commits'> {
  assignments: AssignmentLookup & Pick<AssignmentRepository, 'listFor'>;
  visits: Pick<VisitRepository, 'visitOf' | 'listOf' | 'calendarOf'>;
  plans: Pick<PlanRepository, 'planOf' | 'listFor'>;
  workers: Pick<WorkerRepository, 'workerOf' | 'listOf' | 'workerIdOf'> & { commits: Commits<WorkerWrite> };
  scheduling: SchedulingPorts;
  policies: Pick<PolicyPacks, 'get'>;
  /** Verified delivery: check-in/out, codes, photos, the recipient's confirmation (verified-delivery-routes.ts). */
  verification: VerifiedDeliveryDeps;
}

const DAY_MS = 24 * 3600_000;

/** A worker the caller may see: a provider's own, or (county) one of the county's region. */
function visibleWorker(principal: Parameters<typeof viewerOf>[0], worker: WorkerState | undefined): WorkerState {
  if (!worker) throw DomainError.notFound(...WORKER);
  const viewer = viewerOf(principal);
  if (viewer.kind === 'provider' ? viewer.providerId !== worker.providerId : principal.region !== worker.region)
    throw DomainError.forbidden(
      'other_provider',
      `worker ${worker.workerId} is not yours to see`,
      '该服务人员属于其他服务机构',
    );
  return worker;
}

export function providerSchedulingRoutes(
  app: ServiceApp,
  { commits, assignments, visits, plans, workers, scheduling, policies, verification }: ProviderSchedulingRoutesDeps,
): void {
  const packOf = (region: string) => {
    const pack = policies.get(region);
    if (!pack) throw DomainError.invalid('unknown_region', `no policy pack for region ${region}`, '未知的地区');
    return pack;
  };

  app.route({
    method: 'get',
    path: '/assignments',
    summary:
      "Assignments of the caller's provider, or within the caller's jurisdiction, newest first (audited: one entry naming the assignments returned)",
    roles: readersOf('assignment'),
    reads: { resource: 'assignment', list: true },
    query: listQuery,
    handle: async ({ query, principal }) => ({
      items: await assignments.listFor(viewerOf(principal), query.status, query.limit ?? 100),
    }),
  });

  app.route({
    method: 'get',
    path: '/assignments/:referralId',
    summary: 'One assignment (audited)',
    roles: readersOf('assignment'),
    reads: { resource: 'assignment' },
    handle: async ({ req, principal }) =>
      visibleRecord(principal, await assignments.assignmentOf(String(req.params.referralId)), ASSIGNMENT),
  });

  app.route({
    method: 'post',
    path: '/assignments/:referralId/acceptance',
    summary: 'The offered provider accepts the referral (接单)',
    roles: ['provider_staff'],
    responses: { 201: 'the accepted assignment' },
    handle: ({ req, principal }) =>
      commits.commit(assignmentStates, String(req.params.referralId), (current, ctx) =>
        decideAcceptAssignment(current, { principal }, ctx),
      ),
  });

  app.route({
    method: 'get',
    path: '/assignments/:referralId/visits',
    summary: 'The visits of one assignment, in scheduled order (audited)',
    roles: readersOf('visit'),
    reads: { resource: 'visit', list: true },
    handle: async ({ req, principal }) => {
      const a = visibleRecord(principal, await assignments.assignmentOf(String(req.params.referralId)), ASSIGNMENT);
      return { items: await visits.listOf(a.referralId) };
    },
  });

  app.route({
    method: 'post',
    path: '/assignments/:referralId/visits',
    summary:
      'Schedule a visit of an accepted assignment by a registered, trained and qualified worker; 409 worker_double_booked names the visit the worker already has then',
    roles: ['provider_staff'],
    body: scheduleVisitCommand,
    responses: { 201: 'the scheduled visit' },
    handle: ({ req, body, principal }) =>
      scheduleVisit(scheduling, {
        ...body,
        referralId: String(req.params.referralId),
        visitId: commits.context().newId(),
        principal,
      }),
  });

  app.route({
    method: 'get',
    path: '/visits/:visitId',
    summary: 'One visit (audited)',
    roles: readersOf('visit'),
    reads: { resource: 'visit' },
    handle: async ({ req, principal }) =>
      visibleRecord(principal, await visits.visitOf(String(req.params.visitId)), VISIT),
  });

  app.route({
    method: 'post',
    path: '/visits/:visitId/delivery',
    summary:
      'Record a scheduled visit as delivered afterwards (服务记录, no check-in/out on site): its recipient is asked to confirm it like any other, with the one-time code answered once (`confirmationCode`)',
    roles: ['provider_staff'],
    body: recordDeliveryCommand,
    responses: { 201: 'the delivered visit, awaiting its recipient’s confirmation, with the code' },
    handle: async ({ req, body, principal }) => {
      const visitId = String(req.params.visitId);
      const issued = verification.codes.issue(visitId);
      const recorded = await commits.commit(visitStates, visitId, async (visit, ctx) =>
        decideRecordDelivery(
          visit,
          {
            ...body,
            principal,
            assignment: visit && (await assignments.assignmentOf(visit.referralId)),
            rules: rulesOfRegion(policies, visit?.region ?? principal.region),
            issued,
          },
          ctx,
        ),
      );
      await verification.deadlines.settleAt(recorded.visit);
      return { ...answeredVisit(recorded.visit), confirmationCode: recorded.confirmationCode };
    },
  });

  app.route({
    method: 'post',
    path: '/visits/:visitId/reschedule',
    summary: 'Move a scheduled visit to another time or worker, with the reason (409 worker_double_booked on a clash)',
    roles: ['provider_staff'],
    body: rescheduleVisitCommand,
    responses: { 201: 'the moved visit' },
    handle: ({ req, body, principal }) =>
      rescheduleVisit(scheduling, String(req.params.visitId), { ...body, principal }),
  });

  app.route({
    method: 'post',
    path: '/visits/:visitId/cancellation',
    summary: 'Cancel a scheduled visit, with the reason; the worker’s time is freed',
    roles: ['provider_staff'],
    body: cancelVisitCommand,
    responses: { 201: 'the cancelled visit' },
    handle: ({ req, body, principal }) =>
      cancelVisit(scheduling, String(req.params.visitId), { ...body, principal, cause: 'provider' }),
  });

  app.route({
    method: 'get',
    path: '/calendar',
    summary:
      "The visits of the caller's provider scheduled from one day to another (China time, both included), in order (audited)",
    roles: ['provider_staff'],
    reads: { resource: 'visit', list: true },
    query: calendarQuery,
    handle: async ({ query, principal }) => {
      const viewer = viewerOf(principal);
      if (viewer.kind !== 'provider')
        throw DomainError.forbidden('role_not_allowed', 'provider staff only', '仅服务机构可查看');
      const from = new Date(`${query.from}T00:00:00+08:00`);
      const to = new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + DAY_MS);
      if (to.getTime() - from.getTime() > 62 * DAY_MS || to <= from)
        throw DomainError.invalid('bad_range', 'from..to spans 1 to 62 days', '查询区间须在1至62天之间');
      return { items: await visits.calendarOf(viewer.providerId, from, to) };
    },
  });

  // Workers (服务人员): registered on the platform before serving (Changji 001 五(四)), trained (Chizhou 000 四(六)).
  app.route({
    method: 'get',
    path: '/workers',
    summary: "The workers of the caller's provider (a county officer names the provider), by name (audited)",
    roles: readersOf('worker'),
    reads: { resource: 'worker', list: true },
    query: workerListQuery,
    handle: async ({ query, principal }) => {
      const viewer = viewerOf(principal);
      const providerId = viewer.kind === 'provider' ? viewer.providerId : query.providerId;
      if (!providerId)
        throw DomainError.invalid('provider_required', 'name the provider (providerId)', '请指定服务机构');
      const items = await workers.listOf(providerId);
      return {
        items: items.filter((w) => viewer.kind === 'provider' || w.region === principal.region).map(workerView),
      };
    },
  });

  app.route({
    method: 'post',
    path: '/workers',
    summary:
      'Register a worker of the caller’s provider: ID number checked (GB 11643), stored encrypted and answered masked; 409 worker_already_registered',
    roles: ['provider_staff'],
    body: registerWorkerCommand,
    responses: { 201: 'the registered worker (ID number and phone masked)' },
    handle: async ({ body, principal }) => {
      const viewer = viewerOf(principal);
      if (viewer.kind !== 'provider')
        throw DomainError.forbidden('role_not_allowed', 'provider staff only', '仅服务机构可登记');
      const workerId = workers.workerIdOf(viewer.providerId, body.idNumber);
      return workerView(
        await workers.commits.commit(workerId, (current, ctx) =>
          decideRegisterWorker(current, { ...body, workerId, principal, pack: packOf(principal.region) }, ctx),
        ),
      );
    },
  });

  app.route({
    method: 'get',
    path: '/workers/:workerId',
    summary: 'One worker (audited)',
    roles: readersOf('worker'),
    reads: { resource: 'worker' },
    handle: async ({ req, principal }) =>
      workerView(visibleWorker(principal, await workers.workerOf(String(req.params.workerId)))),
  });

  app.route({
    method: 'post',
    path: '/workers/:workerId/training',
    summary: 'Record a training a worker took (course, date, hours)',
    roles: ['provider_staff'],
    body: recordTrainingCommand,
    responses: { 201: 'the worker with the training' },
    handle: async ({ req, body, principal }) =>
      workerView(
        await workers.commits.commit(String(req.params.workerId), (current, ctx) =>
          decideRecordTraining(current, { ...body, principal }, ctx),
        ),
      ),
  });

  // Service plans (服务方案): proposed by the provider, approved or returned by the township, versioned.
  app.route({
    method: 'get',
    path: '/plans',
    summary:
      "Service plans of the caller's provider, or within the caller's jurisdiction (status=proposed: awaiting approval), newest proposal first (audited)",
    roles: readersOf('service_plan'),
    reads: { resource: 'service_plan', list: true },
    query: planListQuery,
    handle: async ({ query, principal }) => ({
      items: await plans.listFor(viewerOf(principal), query.status, query.limit ?? 100),
    }),
  });

  app.route({
    method: 'get',
    path: '/assignments/:referralId/plan',
    summary: 'The service plan of an assignment, every version (audited)',
    roles: readersOf('service_plan'),
    reads: { resource: 'service_plan' },
    handle: async ({ req, principal }) =>
      visibleRecord(principal, await plans.planOf(String(req.params.referralId)), PLAN),
  });

  app.route({
    method: 'post',
    path: '/assignments/:referralId/plan',
    summary:
      'Propose the service plan of an accepted assignment, or a new version of it with the reason (RRULE recurrence, duration, tasks, dates, worker)',
    roles: ['provider_staff'],
    body: proposePlanCommand,
    responses: { 201: 'the plan, its newest version awaiting the township' },
    handle: async ({ req, body, principal }) => {
      const referralId = String(req.params.referralId);
      const [assignment, worker] = await Promise.all([
        assignments.assignmentOf(referralId),
        workers.workerOf(body.workerId),
      ]);
      return scheduling.plans.commit(referralId, (current, ctx) =>
        decideProposePlan(
          current,
          {
            ...body,
            principal,
            assignment,
            worker,
            trainingRule: assignment ? scheduling.trainingRuleOf(assignment.region) : undefined,
          },
          ctx,
        ),
      );
    },
  });

  app.route({
    method: 'post',
    path: '/assignments/:referralId/plan/approval',
    summary:
      'The township approves the proposed plan: its visits are generated for the coming days (a replaced version’s visits ahead are cancelled)',
    roles: ['township_caseworker', 'county_officer'],
    responses: { 201: 'the approved plan and what was generated' },
    handle: async ({ req, principal }) => {
      const referralId = String(req.params.referralId);
      const plan = await scheduling.plans.commit(referralId, (current, ctx) =>
        decideApprovePlan(current, { principal }, ctx),
      );
      const generation = await replacePlanVisits(scheduling, referralId, commits.context().now);
      return { plan, generation };
    },
  });

  app.route({
    method: 'post',
    path: '/assignments/:referralId/plan/return',
    summary: 'The township returns the proposed plan to the provider, with the reason',
    roles: ['township_caseworker', 'county_officer'],
    body: returnPlanCommand,
    responses: { 201: 'the returned plan' },
    handle: ({ req, body, principal }) =>
      scheduling.plans.commit(String(req.params.referralId), (current, ctx) =>
        decideReturnPlan(current, { ...body, principal }, ctx),
      ),
  });
}

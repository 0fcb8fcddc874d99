import { AppError, invalidRequest, type ServiceApp } from '@carelink/http';
import { currentTraceparent } from '@carelink/telemetry';
import { z } from 'zod';
import type { AssignmentRepository } from '../../data-access/assignment-repository';
import type { VisitRepository } from '../../data-access/visit-repository';
import { handleAcceptAssignment } from '../../domain/accept-assignment/handle-accept-assignment';
import { handleRecordDelivery } from '../../domain/record-delivery/handle-record-delivery';
import { recordDeliveryCommand } from '../../domain/record-delivery/record-delivery';
import { handleScheduleVisit } from '../../domain/schedule-visit/handle-schedule-visit';
import { scheduleVisitCommand } from '../../domain/schedule-visit/schedule-visit';
import { assertMaySee, viewerOf } from '../../domain/visibility';

const VIEWERS = ['provider_staff', 'township_caseworker', 'county_officer'] as const;

const listQuery = z.object({
  status: z.enum(['offered', 'accepted', 'completed', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export function providerSchedulingRoutes(
  app: ServiceApp,
  deps: { assignments: AssignmentRepository; visits: VisitRepository; eventsWritten: () => void },
): void {
  const clock = { now: () => new Date(), traceparent: currentTraceparent };

  app.route({
    method: 'get',
    path: '/assignments',
    summary: "Assignments of the caller's provider, or within the caller's jurisdiction, newest first",
    roles: [...VIEWERS],
    query: listQuery,
    handle: async ({ req, principal }) => {
      const query = listQuery.safeParse(req.query);
      if (!query.success) throw invalidRequest(query.error);
      return { items: await deps.assignments.listFor(viewerOf(principal), query.data.status, query.data.limit ?? 100) };
    },
  });

  app.route({
    method: 'get',
    path: '/assignments/:referralId',
    summary: 'One assignment',
    roles: [...VIEWERS],
    handle: async ({ req, principal }) => {
      const a = await deps.assignments.get(String(req.params.referralId));
      if (!a) throw AppError.notFound('assignment', '服务派单');
      assertMaySee(principal, a);
      return a;
    },
  });

  app.route({
    method: 'post',
    path: '/assignments/:referralId/acceptance',
    summary: 'The offered provider accepts the referral (接单)',
    roles: ['provider_staff'],
    responses: { 201: 'the accepted assignment' },
    handle: async ({ req, principal }) => {
      const result = await handleAcceptAssignment(String(req.params.referralId), principal, {
        assignments: deps.assignments,
        ...clock,
      });
      deps.eventsWritten();
      return result;
    },
  });

  app.route({
    method: 'get',
    path: '/assignments/:referralId/visits',
    summary: 'The visits of one assignment, in scheduled order',
    roles: [...VIEWERS],
    handle: async ({ req, principal }) => {
      const a = await deps.assignments.get(String(req.params.referralId));
      if (!a) throw AppError.notFound('assignment', '服务派单');
      assertMaySee(principal, a);
      return { items: await deps.visits.listOf(a.referralId) };
    },
  });

  app.route({
    method: 'post',
    path: '/assignments/:referralId/visits',
    summary: 'Schedule a worker visit of an accepted assignment',
    roles: ['provider_staff'],
    body: scheduleVisitCommand,
    responses: { 201: 'the scheduled visit' },
    handle: async ({ req, body, principal }) => {
      const visit = await handleScheduleVisit(String(req.params.referralId), body, principal, {
        assignments: deps.assignments,
        visits: deps.visits,
        ...clock,
      });
      deps.eventsWritten();
      return visit;
    },
  });

  app.route({
    method: 'get',
    path: '/visits/:visitId',
    summary: 'One visit',
    roles: [...VIEWERS],
    handle: async ({ req, principal }) => {
      const v = await deps.visits.get(String(req.params.visitId));
      if (!v) throw AppError.notFound('visit', '服务记录');
      assertMaySee(principal, v);
      return v;
    },
  });

  app.route({
    method: 'post',
    path: '/visits/:visitId/delivery',
    summary: 'Record a scheduled visit as delivered (服务记录)',
    roles: ['provider_staff'],
    body: recordDeliveryCommand,
    responses: { 201: 'the delivered visit' },
    handle: async ({ req, body, principal }) => {
      const visit = await handleRecordDelivery(String(req.params.visitId), body, principal, {
        assignments: deps.assignments,
        visits: deps.visits,
        ...clock,
      });
      deps.eventsWritten();
      return visit;
    },
  });
}

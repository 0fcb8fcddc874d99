import { readersOf } from '@carelink/auth';
import type { ServiceApp } from '@carelink/http';
import type { ServiceContext } from '@carelink/service-host';
import { z } from 'zod';
import { assignmentStates, type AssignmentRepository } from '../../data-access/assignment-repository';
import { visitStates, type VisitRepository } from '../../data-access/visit-repository';
import { decideAcceptAssignment } from '../../domain/accept-assignment/accept-assignment';
import { ASSIGNMENT, VISIT, type AssignmentLookup } from '../../domain/assignment';
import { decideRecordDelivery, recordDeliveryCommand } from '../../domain/record-delivery/record-delivery';
import { decideScheduleVisit, scheduleVisitCommand } from '../../domain/schedule-visit/schedule-visit';
import { viewerOf, visibleRecord } from '../../domain/visibility';

const listQuery = z.object({
  status: z.enum(['offered', 'accepted', 'completed', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** What the routes use: the commit port, the lookup the use cases need, and the listings. */
export interface ProviderSchedulingRoutesDeps extends Pick<ServiceContext, 'commits'> {
  assignments: AssignmentLookup & Pick<AssignmentRepository, 'listFor'>;
  visits: Pick<VisitRepository, 'visitOf' | 'listOf'>;
}

export function providerSchedulingRoutes(
  app: ServiceApp,
  { commits, assignments, visits }: ProviderSchedulingRoutesDeps,
): void {
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
    summary: 'Schedule a worker visit of an accepted assignment',
    roles: ['provider_staff'],
    body: scheduleVisitCommand,
    responses: { 201: 'the scheduled visit' },
    handle: async ({ req, body, principal }) => {
      const assignment = await assignments.assignmentOf(String(req.params.referralId));
      const visitId = commits.context().newId();
      return commits.commit(visitStates, visitId, (current, ctx) =>
        decideScheduleVisit(current, { ...body, visitId, principal, assignment }, ctx),
      );
    },
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
    summary: 'Record a scheduled visit as delivered (服务记录)',
    roles: ['provider_staff'],
    body: recordDeliveryCommand,
    responses: { 201: 'the delivered visit' },
    handle: ({ req, body, principal }) =>
      commits.commit(visitStates, String(req.params.visitId), async (visit, ctx) =>
        decideRecordDelivery(
          visit,
          { ...body, principal, assignment: visit && (await assignments.assignmentOf(visit.referralId)) },
          ctx,
        ),
      ),
  });
}

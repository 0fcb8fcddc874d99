import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, topics, VisitScheduled } from '@carelink/contracts';
import { AppError } from '@carelink/http';
import { v7 as uuidv7 } from 'uuid';
import type { AssignmentRepository } from '../../data-access/assignment-repository';
import type { VisitRepository } from '../../data-access/visit-repository';
import type { VisitState } from '../assignment';
import { scheduleVisit, type ScheduleVisit } from './schedule-visit';

export async function handleScheduleVisit(
  referralId: string,
  command: ScheduleVisit,
  principal: StaffPrincipal,
  deps: {
    assignments: AssignmentRepository;
    visits: VisitRepository;
    now: () => Date;
    traceparent: () => string | undefined;
  },
): Promise<VisitState> {
  const assignment = await deps.assignments.get(referralId);
  if (!assignment) throw AppError.notFound('assignment', '服务派单');
  const now = deps.now();
  const visit = scheduleVisit(assignment, principal, command, uuidv7(), now);
  const event = buildEvent(VisitScheduled, {
    source: '/carelink/provider-scheduling',
    key: visit.caseId,
    time: now,
    traceparent: deps.traceparent(),
    data: {
      visitId: visit.visitId,
      referralId: visit.referralId,
      caseId: visit.caseId,
      region: visit.region,
      township: visit.township,
      providerId: visit.providerId,
      workerId: visit.workerId,
      itemCode: visit.itemCode,
      scheduledFor: visit.scheduledFor,
    },
  });
  await deps.visits.schedule(visit, [{ topic: topics.visits, event }]);
  return visit;
}

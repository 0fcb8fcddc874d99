import type { StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  isoDateTime,
  topics,
  VisitScheduled,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { chinaDateTime } from '@carelink/policy';
import { z } from 'zod';
import { assertNotCancelled } from '../assignment-cancelled';
import { ASSIGNMENT, visitFacts, type AssignmentState, type VisitState } from '../assignment';
import { assertOwnProvider } from '../visibility';

/** ScheduleVisit: a provider sends one of its workers to the person at a time. */
export const scheduleVisitCommand = z.object({
  workerId: z.string().trim().min(1).max(100),
  scheduledFor: isoDateTime,
});
export type ScheduleVisit = z.infer<typeof scheduleVisitCommand>;

/** What scheduling a visit is given: the new visit's id, the caller, and the assignment (none: not found). */
export interface ScheduleVisitOf extends ScheduleVisit {
  visitId: string;
  principal: StaffPrincipal;
  assignment: AssignmentState | undefined;
}

/**
 * Plans a visit of an accepted assignment (`current`: the visit under the new id, none yet) and tells
 * settlement and referral (visit.scheduled.v1). Answers the scheduled visit.
 */
export function decideScheduleVisit(
  current: VisitState | undefined,
  { visitId, principal, assignment, ...command }: ScheduleVisitOf,
  ctx: UseCaseContext,
): Decision<VisitState, VisitState> {
  // A new id names no visit yet; one that does was scheduled already (the same write, decided again).
  if (current) return { result: current };
  if (!assignment) throw DomainError.notFound(...ASSIGNMENT);
  assertOwnProvider(principal, assignment.providerId);
  assertNotCancelled(assignment);
  if (assignment.status !== 'accepted')
    throw DomainError.conflict(
      'not_accepted',
      `referral ${assignment.referralId} must be accepted before visits are scheduled`,
      '请先接单，再安排上门服务',
    );
  const scheduledFor = new Date(command.scheduledFor);
  // A visit is planned within the referral's life: not before the referral reached the provider.
  if (scheduledFor.getTime() < new Date(assignment.offeredAt).getTime())
    throw DomainError.invalid(
      'scheduled_before_referral',
      `scheduledFor ${scheduledFor.toISOString()} is before the referral reached the provider (${assignment.offeredAt})`,
      `预约时间早于转介派单时间（${chinaDateTime(assignment.offeredAt)}），请重新选择`,
    );
  const visit: VisitState = {
    visitId,
    referralId: assignment.referralId,
    caseId: assignment.caseId,
    region: assignment.region,
    township: assignment.township,
    providerId: assignment.providerId,
    workerId: command.workerId,
    itemCode: assignment.itemCode,
    scheduledFor: scheduledFor.toISOString(),
    status: 'scheduled',
    scheduledBy: principal.sub,
    scheduledAt: ctx.now.toISOString(),
  };
  return {
    state: visit,
    events: [
      draft(topics.visits, VisitScheduled, {
        key: visit.caseId,
        data: { ...visitFacts(visit), scheduledFor: visit.scheduledFor },
      }),
    ],
    result: visit,
  };
}

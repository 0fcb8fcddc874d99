import type { StaffPrincipal } from '@carelink/auth';
import { isoDateTime } from '@carelink/contracts';
import { AppError } from '@carelink/http';
import { z } from 'zod';
import { assertNotCancelled } from '../assignment-cancelled';
import type { AssignmentState, VisitState } from '../assignment';
import { assertOwnProvider } from '../visibility';

/** ScheduleVisit: a provider sends one of its workers to the person at a time. */
export const scheduleVisitCommand = z.object({
  workerId: z.string().trim().min(1).max(100),
  scheduledFor: isoDateTime,
});
export type ScheduleVisit = z.infer<typeof scheduleVisitCommand>;

/** Plans a visit of an accepted assignment. Pure: the new visit id, caller and clock come in. */
export function scheduleVisit(
  assignment: AssignmentState,
  principal: StaffPrincipal,
  command: ScheduleVisit,
  visitId: string,
  now: Date,
): VisitState {
  assertOwnProvider(principal, assignment.providerId);
  assertNotCancelled(assignment);
  if (assignment.status !== 'accepted')
    throw AppError.conflict(
      'not_accepted',
      `referral ${assignment.referralId} must be accepted before visits are scheduled`,
      '请先接单，再安排上门服务',
    );
  return {
    visitId,
    referralId: assignment.referralId,
    caseId: assignment.caseId,
    region: assignment.region,
    township: assignment.township,
    providerId: assignment.providerId,
    workerId: command.workerId,
    itemCode: assignment.itemCode,
    scheduledFor: new Date(command.scheduledFor).toISOString(),
    status: 'scheduled',
    scheduledBy: principal.sub,
    scheduledAt: now.toISOString(),
  };
}

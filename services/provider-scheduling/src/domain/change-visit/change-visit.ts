import type { StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  freeText,
  isoDateTime,
  topics,
  VisitCancelled,
  VisitReminderDue,
  VisitRescheduled,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { chinaDate, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { endOf, VISIT, visitFacts, type AssignmentState, type CancellationCause, type VisitState } from '../assignment';
import { assertOneDay, assertWithinService } from '../schedule-visit/schedule-visit';
import type { PlanState } from '../service-plan/plan';
import { assertOwnProvider } from '../visibility';
import { assertMayServe, type TrainingRule, type WorkerState } from '../worker';

/** RescheduleVisit: moves a scheduled visit to another time (and worker), saying why. */
export const rescheduleVisitCommand = z.object({
  scheduledFor: isoDateTime,
  workerId: z.string().trim().min(1).max(100).optional().describe('another worker; none: the same'),
  durationMinutes: z.number().int().min(15).max(720).optional().describe('none: as long as before'),
  reason: freeText().trim().min(1).max(500),
});
export type RescheduleVisit = z.infer<typeof rescheduleVisitCommand>;

/** CancelVisit: the provider calls a scheduled visit off, saying why. */
export const cancelVisitCommand = z.object({ reason: freeText().trim().min(1).max(500) });
export type CancelVisit = z.infer<typeof cancelVisitCommand>;

function assertScheduled(visit: VisitState): void {
  if (visit.status === 'delivered')
    throw DomainError.conflict(
      'already_delivered',
      `visit ${visit.visitId} was already delivered`,
      '该次服务已登记完成，不能再调整',
    );
  if (visit.status === 'cancelled')
    throw DomainError.conflict(
      'visit_cancelled',
      `visit ${visit.visitId} was cancelled: ${visit.cancellation?.reason ?? ''}`,
      `该次服务已取消（${visit.cancellation?.reason ?? ''}）`,
    );
  if (visit.status === 'checked_in')
    throw DomainError.conflict(
      'checked_in',
      `visit ${visit.visitId} is under way (its worker checked in)`,
      '服务人员已签到，该次服务不能再调整',
    );
}

/**
 * Moves a scheduled visit (visit.rescheduled.v1), keeping its earlier time and worker: not into the past, not out
 * of the service (before the referral or plan, after a stop), to a worker who may serve. The new time is booked on
 * the worker's calendar by the caller.
 */
export function decideRescheduleVisit(
  visit: VisitState | undefined,
  {
    principal,
    assignment,
    plan,
    worker,
    trainingRule,
    ...command
  }: RescheduleVisit & {
    principal: StaffPrincipal;
    assignment: AssignmentState | undefined;
    plan: PlanState | undefined;
    worker: WorkerState | undefined;
    trainingRule: TrainingRule;
  },
  ctx: UseCaseContext,
): Decision<VisitState, VisitState> {
  if (!visit) throw DomainError.notFound(...VISIT);
  assertOwnProvider(principal, visit.providerId);
  assertScheduled(visit);
  const start = new Date(command.scheduledFor);
  if (start.getTime() < ctx.now.getTime())
    throw DomainError.invalid(
      'rescheduled_into_past',
      `scheduledFor ${command.scheduledFor} is in the past`,
      '改约时间不能早于当前时间',
    );
  if (assignment) assertWithinService(assignment, plan, start);
  const minutes =
    command.durationMinutes ??
    Math.round((new Date(endOf(visit)).getTime() - new Date(visit.scheduledFor).getTime()) / 60_000);
  const end = assertOneDay(start, minutes);
  const workerId = command.workerId ?? visit.workerId;
  assertMayServe(workerId, worker, {
    providerId: visit.providerId,
    itemCode: visit.itemCode,
    day: chinaDate(start),
    rule: trainingRule,
  });
  const moved: VisitState = {
    ...visit,
    workerId,
    scheduledFor: start.toISOString(),
    endsAt: end.toISOString(),
    reschedules: [
      ...(visit.reschedules ?? []),
      {
        scheduledFor: visit.scheduledFor,
        workerId: visit.workerId,
        reason: command.reason,
        by: principal.sub,
        at: ctx.now.toISOString(),
      },
    ],
  };
  return {
    state: moved,
    events: [
      draft(topics.visits, VisitRescheduled, {
        key: visit.caseId,
        data: {
          ...visitFacts(moved),
          previousScheduledFor: visit.scheduledFor,
          scheduledFor: moved.scheduledFor,
          previousWorkerId: visit.workerId,
          reason: command.reason,
        },
      }),
    ],
    result: moved,
  };
}

/**
 * Cancels a scheduled visit (visit.cancelled.v1): by the provider's staff (`principal`), or by the platform when
 * the service stopped or the plan changed. A cancelled visit told again changes nothing; a delivered one stays.
 */
export function decideCancelVisit(
  visit: VisitState | undefined,
  { principal, reason, cause }: CancelVisit & { principal?: StaffPrincipal; cause: CancellationCause },
  ctx: UseCaseContext,
): Decision<VisitState, VisitState> {
  if (!visit) throw DomainError.notFound(...VISIT);
  if (principal) assertOwnProvider(principal, visit.providerId);
  if (visit.status === 'cancelled' && !principal) return { result: visit };
  assertScheduled(visit);
  const cancelled: VisitState = {
    ...visit,
    status: 'cancelled',
    cancellation: { reason, cause, by: principal?.sub ?? 'platform', at: ctx.now.toISOString() },
  };
  return {
    state: cancelled,
    events: [
      draft(topics.visits, VisitCancelled, {
        key: visit.caseId,
        data: { ...visitFacts(visit), scheduledFor: visit.scheduledFor, reason, cause },
      }),
    ],
    result: cancelled,
  };
}

/**
 * When a visit's worker is reminded of it: its region's `visitReminder.hoursBefore` before its start (a time already
 * past, for a visit booked or moved within that lead: at once). None: the region's pack sets no visit reminder.
 */
export function reminderTimeOf(
  visit: Pick<VisitState, 'scheduledFor'>,
  pack: Pick<PolicyPack, 'visitReminder'> | undefined,
): Date | undefined {
  const hoursBefore = pack?.visitReminder?.hoursBefore.value;
  if (hoursBefore === undefined) return undefined;
  return new Date(new Date(visit.scheduledFor).getTime() - hoursBefore * 3600_000);
}

/**
 * The reminder of a visit (visit.reminder-due.v1), when the visit is still scheduled for the time the reminder was
 * set for (a moved visit has a reminder of its own) and not reminded of it yet.
 */
export function decideVisitReminder(
  visit: VisitState | undefined,
  { scheduledFor }: { scheduledFor: string },
): Decision<VisitState, boolean> {
  if (
    !visit ||
    visit.status !== 'scheduled' ||
    visit.scheduledFor !== scheduledFor ||
    visit.remindedFor === scheduledFor
  )
    return { result: false };
  return {
    state: { ...visit, remindedFor: scheduledFor },
    events: [
      draft(topics.visits, VisitReminderDue, {
        key: visit.caseId,
        data: { ...visitFacts(visit), scheduledFor, endsAt: endOf(visit) },
      }),
    ],
    result: true,
  };
}

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
import { chinaDate, chinaDateTime } from '@carelink/policy';
import { z } from 'zod';
import { assertNotCancelled } from '../assignment-cancelled';
import { ASSIGNMENT, visitFacts, type AssignmentState, type VisitState } from '../assignment';
import { type PlanState } from '../service-plan/plan';
import { assertOwnProvider } from '../visibility';
import { assertMayServe, type TrainingRule, type WorkerState } from '../worker';

/** ScheduleVisit: a provider sends one of its registered workers to the person at a time, for a while. */
export const scheduleVisitCommand = z.object({
  workerId: z.string().trim().min(1).max(100),
  scheduledFor: isoDateTime,
  durationMinutes: z.number().int().min(15).max(720).default(60),
});
export type ScheduleVisit = z.input<typeof scheduleVisitCommand>;

/**
 * What scheduling a visit is given: the new visit's id, the caller (none: generated from the plan by the
 * platform), the assignment (none: not found), the assignment's plan (none yet), the worker as registered, the
 * region's training rule, and for a generated visit its plan version and tasks.
 */
export interface ScheduleVisitOf extends ScheduleVisit {
  visitId: string;
  principal?: StaffPrincipal;
  assignment: AssignmentState | undefined;
  plan: PlanState | undefined;
  worker: WorkerState | undefined;
  trainingRule: TrainingRule;
  fromPlan?: { version: number; tasks: string[] };
}

const PLATFORM = 'platform';

/**
 * A visit lies within the service: not before the referral reached the provider, not outside its approved plan's
 * days, not after the service stopped. Throws what is wrong.
 */
export function assertWithinService(assignment: AssignmentState, plan: PlanState | undefined, start: Date): void {
  assertNotCancelled(assignment);
  if (plan?.status === 'stopped')
    throw DomainError.conflict(
      'service_stopped',
      `the service of referral ${assignment.referralId} stopped at ${plan.stop?.at}: ${plan.stop?.reason}`,
      `该服务已于${chinaDateTime(plan.stop!.at)}停止（${plan.stop?.reason ?? ''}），不能再安排上门服务`,
    );
  if (start.getTime() < new Date(assignment.offeredAt).getTime())
    throw DomainError.invalid(
      'scheduled_before_referral',
      `scheduledFor ${start.toISOString()} is before the referral reached the provider (${assignment.offeredAt})`,
      `预约时间早于转介派单时间（${chinaDateTime(assignment.offeredAt)}），请重新选择`,
    );
  const approved =
    plan?.approvedVersion !== undefined ? plan.versions.find((v) => v.version === plan.approvedVersion) : undefined;
  if (approved) {
    const day = chinaDate(start);
    if (day < approved.startDate)
      throw DomainError.invalid(
        'scheduled_before_plan',
        `scheduledFor ${start.toISOString()} is before the approved plan starts (${approved.startDate})`,
        `预约时间早于服务方案开始日期（${approved.startDate}），请重新选择`,
      );
    if (day > approved.endDate)
      throw DomainError.invalid(
        'scheduled_after_plan',
        `scheduledFor ${start.toISOString()} is after the approved plan ends (${approved.endDate})`,
        `预约时间晚于服务方案结束日期（${approved.endDate}），请先调整方案`,
      );
  }
}

/** Throws 400 when a visit from `start` for `minutes` ends on the next day (a worker's bookings are kept per day). */
export function assertOneDay(start: Date, minutes: number): Date {
  const end = new Date(start.getTime() + minutes * 60_000);
  if (chinaDate(new Date(end.getTime() - 1)) !== chinaDate(start))
    throw DomainError.invalid(
      'visit_crosses_midnight',
      `a visit from ${chinaDateTime(start)} for ${minutes} minutes ends on the next day`,
      `${chinaDateTime(start)}开始的服务${minutes}分钟将跨越零点，请分两次安排`,
    );
  return end;
}

/**
 * Plans a visit of an accepted assignment (`current`: the visit under the new id; one there was scheduled already,
 * the same write decided again) and tells settlement and referral (visit.scheduled.v1). The worker must be
 * registered with the provider, trained as the region requires, and qualified for the item. Whether the worker is
 * free is the worker's calendar's decision (worker-calendar). Answers the scheduled visit.
 */
export function decideScheduleVisit(
  current: VisitState | undefined,
  { visitId, principal, assignment, plan, worker, trainingRule, fromPlan, ...command }: ScheduleVisitOf,
  ctx: UseCaseContext,
): Decision<VisitState, VisitState> {
  if (current) return { result: current };
  if (!assignment) throw DomainError.notFound(...ASSIGNMENT);
  if (principal) assertOwnProvider(principal, assignment.providerId);
  assertNotCancelled(assignment);
  if (assignment.status !== 'accepted')
    throw DomainError.conflict(
      'not_accepted',
      `referral ${assignment.referralId} must be accepted before visits are scheduled`,
      '请先接单，再安排上门服务',
    );
  const scheduledFor = new Date(command.scheduledFor);
  assertWithinService(assignment, plan, scheduledFor);
  const endsAt = assertOneDay(scheduledFor, command.durationMinutes ?? 60);
  assertMayServe(command.workerId, worker, {
    providerId: assignment.providerId,
    itemCode: assignment.itemCode,
    day: chinaDate(scheduledFor),
    rule: trainingRule,
  });
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
    endsAt: endsAt.toISOString(),
    status: 'scheduled',
    scheduledBy: principal?.sub ?? PLATFORM,
    scheduledAt: ctx.now.toISOString(),
    ...(fromPlan && plan ? { plan: { planId: plan.planId, version: fromPlan.version }, tasks: fromPlan.tasks } : {}),
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

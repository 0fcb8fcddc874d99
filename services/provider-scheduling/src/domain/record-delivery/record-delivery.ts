import type { StaffPrincipal } from '@carelink/auth';
import { DomainError, isoDateTime, type Decision, type UseCaseContext, freeText } from '@carelink/contracts';
import { chinaDateTime } from '@carelink/policy';
import { z } from 'zod';
import { VISIT, type AssignmentState, type Delivery, type VisitState } from '../assignment';
import { assertNotClosed } from '../assignment-cancelled';
import {
  checkedOutEvent,
  openConfirmation,
  type CheckedOut,
  type IssuedCode,
  type VerificationRules,
} from '../verify-delivery/check-in-out';
import { assertOwnProvider } from '../visibility';

/** RecordDelivery: the worker's service record (服务记录) of a visit. */
export const recordDeliveryCommand = z.object({
  deliveredAt: isoDateTime,
  units: z.number().int().positive(),
  note: freeText().max(2000).optional(),
});
export type RecordDelivery = z.infer<typeof recordDeliveryCommand>;

/**
 * What recording a delivery is given besides the visit: the caller, the visit's assignment if known, the region's
 * verification rules and a fresh one-time code for the recipient.
 */
export interface RecordDeliveryOf extends RecordDelivery {
  principal: StaffPrincipal;
  assignment?: AssignmentState;
  rules: VerificationRules;
  issued: IssuedCode;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Records a scheduled visit as delivered afterwards (no check-in or check-out on site): it becomes a checked-out
 * visit without a place (visit.checked-out.v1) whose recipient is asked to confirm it with a one-time code, like
 * any other; visit.delivered.v2 follows once that is settled. A delivery cannot lie
 * in the future, nor more than a day before the scheduled time, nor before its referral was made, nor after
 * its referral was closed or the person's service stopped (cancelled); a visit of an assignment referral took
 * back from the provider is not recorded. Answers the delivered visit.
 */
export function decideRecordDelivery(
  visit: VisitState | undefined,
  { principal, assignment, rules, issued, ...command }: RecordDeliveryOf,
  ctx: UseCaseContext,
): Decision<VisitState, CheckedOut> {
  if (!visit) throw DomainError.notFound(...VISIT);
  assertOwnProvider(principal, visit.providerId);
  if (visit.status === 'cancelled')
    throw DomainError.conflict(
      'visit_cancelled',
      `visit ${visit.visitId} was cancelled (${visit.cancellation?.reason ?? ''}); it cannot be recorded as delivered`,
      `该次服务已取消（${visit.cancellation?.reason ?? ''}），不能登记服务`,
    );
  if (visit.status === 'checked_in')
    throw DomainError.conflict(
      'checked_in',
      `visit ${visit.visitId} is checked in: its worker checks it out`,
      '该次服务已签到，请由服务人员签退',
    );
  if (visit.status !== 'scheduled')
    throw DomainError.conflict(
      'already_delivered',
      `visit ${visit.visitId} was already recorded as delivered`,
      '该次服务已登记完成，请勿重复登记',
    );
  if (!Number.isInteger(command.units) || command.units <= 0)
    throw DomainError.invalid(
      'invalid_units',
      `units must be a positive integer, got ${command.units}`,
      '服务量须为正整数',
    );
  const deliveredAt = new Date(command.deliveredAt);
  if (Number.isNaN(deliveredAt.getTime()))
    throw DomainError.invalid(
      'invalid_delivered_at',
      `deliveredAt ${command.deliveredAt} is not a date-time`,
      '服务时间格式不正确',
    );
  if (deliveredAt.getTime() > ctx.now.getTime())
    throw DomainError.invalid(
      'delivered_in_future',
      `deliveredAt ${command.deliveredAt} is in the future`,
      '服务时间不能晚于当前时间',
    );
  if (deliveredAt.getTime() < new Date(visit.scheduledFor).getTime() - DAY_MS)
    throw DomainError.invalid(
      'delivered_before_scheduled',
      `deliveredAt ${command.deliveredAt} is more than a day before the visit was scheduled for (${visit.scheduledFor})`,
      '服务时间不能早于预约时间一天以上',
    );
  // Referral took the assignment back from this provider (its acceptance crossed a re-routing): a visit it
  // scheduled meanwhile is not under the referral, and is not recorded (nor settled).
  if (assignment && (assignment.providerId !== visit.providerId || assignment.status === 'withdrawn'))
    throw DomainError.conflict(
      'assignment_withdrawn',
      `referral ${visit.referralId} was taken back from provider ${visit.providerId}`,
      '该服务派单已撤回，不能登记服务',
    );
  // After the referral was closed (completed or failed) nothing more is served; a visit made before the
  // closure may still be recorded late.
  if (assignment?.closure && deliveredAt.getTime() > new Date(assignment.closure.at).getTime())
    assertNotClosed(assignment);
  // Dynamic management stopped the person's service (the referral was cancelled): a visit made before the stop
  // may still be recorded late, none after it (it would be settled).
  if (
    assignment?.status === 'cancelled' &&
    assignment.cancellation &&
    deliveredAt.getTime() > new Date(assignment.cancellation.at).getTime()
  )
    throw DomainError.conflict(
      'delivered_after_stop',
      `referral ${visit.referralId} was cancelled at ${assignment.cancellation.at} (${assignment.cancellation.reason}); a delivery at ${deliveredAt.toISOString()} comes after the stop`,
      `该服务已于${chinaDateTime(assignment.cancellation.at)}停止（${assignment.cancellation.reason}），停止之后的服务不能登记`,
    );
  // Nothing is served for a referral before it was made.
  if (assignment && deliveredAt.getTime() < new Date(assignment.offeredAt).getTime())
    throw DomainError.invalid(
      'delivered_before_referral',
      `deliveredAt ${deliveredAt.toISOString()} is before the referral reached the provider (${assignment.offeredAt})`,
      `服务时间早于转介派单时间（${chinaDateTime(assignment.offeredAt)}），不能登记`,
    );
  const delivery: Delivery = {
    deliveredAt: deliveredAt.toISOString(),
    units: command.units,
    ...(command.note !== undefined ? { note: command.note } : {}),
    recordedBy: principal.sub,
    recordedAt: ctx.now.toISOString(),
  };
  const delivered: VisitState = {
    ...visit,
    status: 'delivered',
    delivery,
    ...openConfirmation(visit, issued, rules, ctx.now),
  };
  return {
    state: delivered,
    events: [checkedOutEvent(delivered)],
    result: { visit: delivered, confirmationCode: issued.code },
  };
}

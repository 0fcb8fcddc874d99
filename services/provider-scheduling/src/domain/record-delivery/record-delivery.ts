import type { StaffPrincipal } from '@carelink/auth';
import { isoDateTime } from '@carelink/contracts';
import { AppError } from '@carelink/http';
import { z } from 'zod';
import type { AssignmentState, Delivery, VisitState } from '../assignment';
import { assertNotClosed } from '../assignment-cancelled';
import { assertOwnProvider } from '../visibility';

/** RecordDelivery: the worker's service record (服务记录) of a visit. */
export const recordDeliveryCommand = z.object({
  deliveredAt: isoDateTime,
  units: z.number().int().positive(),
  note: z.string().max(2000).optional(),
});
export type RecordDelivery = z.infer<typeof recordDeliveryCommand>;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Records a scheduled visit as delivered. A delivery cannot lie in the future, nor more than a day
 * before the scheduled time, nor after its referral was closed. Pure: caller, clock and assignment come in.
 */
export function recordDelivery(
  visit: VisitState,
  principal: StaffPrincipal,
  command: RecordDelivery,
  now: Date,
  assignment?: AssignmentState,
): { status: 'delivered'; delivery: Delivery } {
  assertOwnProvider(principal, visit.providerId);
  if (visit.status !== 'scheduled')
    throw AppError.conflict(
      'already_delivered',
      `visit ${visit.visitId} was already recorded as delivered`,
      '该次服务已登记完成，请勿重复登记',
    );
  if (!Number.isInteger(command.units) || command.units <= 0)
    throw AppError.badRequest(
      'invalid_units',
      `units must be a positive integer, got ${command.units}`,
      '服务量须为正整数',
    );
  const deliveredAt = new Date(command.deliveredAt);
  if (Number.isNaN(deliveredAt.getTime()))
    throw AppError.badRequest(
      'invalid_delivered_at',
      `deliveredAt ${command.deliveredAt} is not a date-time`,
      '服务时间格式不正确',
    );
  if (deliveredAt.getTime() > now.getTime())
    throw AppError.badRequest(
      'delivered_in_future',
      `deliveredAt ${command.deliveredAt} is in the future`,
      '服务时间不能晚于当前时间',
    );
  if (deliveredAt.getTime() < new Date(visit.scheduledFor).getTime() - DAY_MS)
    throw AppError.badRequest(
      'delivered_before_scheduled',
      `deliveredAt ${command.deliveredAt} is more than a day before the visit was scheduled for (${visit.scheduledFor})`,
      '服务时间不能早于预约时间一天以上',
    );
  // Referral took the assignment back from this provider (its acceptance crossed a re-routing): a visit it
  // scheduled meanwhile is not under the referral, and is not recorded (nor settled).
  if (assignment && (assignment.providerId !== visit.providerId || assignment.status === 'withdrawn'))
    throw AppError.conflict(
      'assignment_withdrawn',
      `referral ${visit.referralId} was taken back from provider ${visit.providerId}`,
      '该服务派单已撤回，不能登记服务',
    );
  // After the referral was closed (completed or failed) nothing more is served; a visit made before the
  // closure may still be recorded late.
  if (assignment?.closure && deliveredAt.getTime() > new Date(assignment.closure.at).getTime())
    assertNotClosed(assignment);
  return {
    status: 'delivered',
    delivery: {
      deliveredAt: deliveredAt.toISOString(),
      units: command.units,
      ...(command.note !== undefined ? { note: command.note } : {}),
      recordedBy: principal.sub,
      recordedAt: now.toISOString(),
    },
  };
}

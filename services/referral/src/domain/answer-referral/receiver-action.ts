import { covers, type StaffPrincipal } from '@carelink/auth';
import { AppError } from '@carelink/http';
import { z } from 'zod';
import type { ReferralRecord, ReferralStatus } from '../referral';

/** What a receiver (department, charity, institution or provider) can say about a referral it was sent. */
export type ReceiverAction = 'receipt' | 'acceptance' | 'rejection' | 'start' | 'completion' | 'failure';

export const receiverActionCommand = z.object({
  reason: z.string().trim().min(2).max(500).optional(),
});
export type ReceiverActionCommand = z.infer<typeof receiverActionCommand>;

/** The FHIR-Task-like moves each action makes: from which states, to which. */
export const RECEIVER_MOVES: Record<ReceiverAction, { from: ReferralStatus[]; to: ReferralStatus }> = {
  receipt: { from: ['requested'], to: 'received' },
  acceptance: { from: ['requested', 'received'], to: 'accepted' },
  rejection: { from: ['requested', 'received'], to: 'rejected' },
  start: { from: ['accepted'], to: 'in_progress' },
  completion: { from: ['accepted', 'in_progress'], to: 'completed' },
  failure: { from: ['accepted', 'in_progress'], to: 'failed' },
};

/** Providers accept and start through provider-scheduling (assignment.accepted, visit.delivered). */
const PROVIDER_ACTIONS: ReceiverAction[] = ['receipt', 'rejection', 'completion', 'failure'];

/** Whether the caller is the referral's current receiver: its department's staff (for its township) or its provider's staff. */
export function isReceiver(principal: StaffPrincipal, referral: ReferralRecord): boolean {
  const route = referral.route;
  if (!route || principal.region !== referral.region) return false;
  // A department's staff serve only within their jurisdiction (a county's office, not the whole region's).
  if (principal.role === 'department_staff')
    return (
      route.kind === 'department' &&
      principal.departmentCode === route.departmentCode &&
      covers(principal, referral.township)
    );
  if (principal.role === 'provider_staff')
    return route.kind === 'provider' && principal.providerId === route.providerId;
  return false;
}

/** Whether the caller's jurisdiction takes in every county of the region (the region's counties, from its pack). */
export function coversRegion(principal: Pick<StaffPrincipal, 'jurisdiction'>, regionCounties: string[]): boolean {
  return regionCounties.length > 0 && regionCounties.every((c) => covers(principal, c));
}

/** AnswerReferral: checks the receiver may make this move now. Pure. */
export function answerReferral(
  referral: ReferralRecord,
  action: ReceiverAction,
  command: ReceiverActionCommand,
  principal: StaffPrincipal,
): { from: ReferralStatus; to: ReferralStatus; reason?: string } {
  // A referral that is not the caller's does not exist for them (no hint about other receivers' work).
  // Nor does one held for consent: nothing about the person reaches the receiver before consent or override.
  if (!isReceiver(principal, referral) || !referral.sharingBasis) throw AppError.notFound('referral', '转介记录');
  if (principal.role === 'provider_staff' && !PROVIDER_ACTIONS.includes(action))
    throw AppError.badRequest(
      'use_provider_scheduling',
      'providers accept and start referrals through provider-scheduling (POST /assignments/:id/acceptance, visits)',
      '服务机构请在派单系统中接单和记录服务',
    );
  const move = RECEIVER_MOVES[action];
  if (!move.from.includes(referral.status))
    throw AppError.conflict(
      'invalid_transition',
      `referral ${referral.referralId} is ${referral.status}; ${action} needs ${move.from.join(' or ')}`,
      '该转介当前状态不允许此操作',
    );
  if ((action === 'rejection' || action === 'failure') && !command.reason)
    throw AppError.badRequest('reason_required', `a ${action} needs a reason`, '请填写原因');
  return { from: referral.status, to: move.to, ...(command.reason ? { reason: command.reason } : {}) };
}

import { covers, type StaffPrincipal } from '@carelink/auth';
import { freeText, DomainError, type Decision } from '@carelink/contracts';
import { z } from 'zod';
import {
  attemptOf,
  referralNotFound,
  type ReferralContext,
  type ReferralRecord,
  type ReferralStatus,
} from '../referral';
import { transitionEvent, withDepartmentCopies } from '../referral-events';
import { rerouteOrEscalate } from '../reroute-referral/reroute-referral';
import type { CandidateLoad } from '../route-referral/route-referral';

/** What a receiver (department, charity, institution or provider) can say about a referral it was sent. */
export type ReceiverAction = 'receipt' | 'acceptance' | 'rejection' | 'start' | 'completion' | 'failure';

export const receiverActionCommand = z.object({
  reason: freeText().trim().min(2).max(500).optional(),
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
  if (!isReceiver(principal, referral) || !referral.sharingBasis) throw referralNotFound();
  if (principal.role === 'provider_staff' && !PROVIDER_ACTIONS.includes(action))
    throw DomainError.invalid(
      'use_provider_scheduling',
      'providers accept and start referrals through provider-scheduling (POST /assignments/:id/acceptance, visits)',
      '服务机构请在派单系统中接单和记录服务',
    );
  const move = RECEIVER_MOVES[action];
  if (!move.from.includes(referral.status))
    throw DomainError.conflict(
      'invalid_transition',
      `referral ${referral.referralId} is ${referral.status}; ${action} needs ${move.from.join(' or ')}`,
      '该转介当前状态不允许此操作',
    );
  if ((action === 'rejection' || action === 'failure') && !command.reason)
    throw DomainError.invalid('reason_required', `a ${action} needs a reason`, '请填写原因');
  return { from: referral.status, to: move.to, ...(command.reason ? { reason: command.reason } : {}) };
}

/** A receiver's answer: the action, its reason, and who answers. */
export interface AnswerReferral {
  action: ReceiverAction;
  command: ReceiverActionCommand;
  principal: StaffPrincipal;
}

/**
 * A receiver acknowledges, accepts, rejects, starts, completes or fails a referral; a rejection re-routes
 * it to the next provider among `candidates` (or escalates it) in the same update. Answers the referral as
 * it is then. Pure.
 */
export function decideReceiverAction(
  current: ReferralRecord | undefined,
  { action, command, principal }: AnswerReferral,
  candidates: CandidateLoad[],
  ctx: ReferralContext,
): Decision<ReferralRecord, ReferralRecord> {
  if (!current) throw referralNotFound();
  const move = answerReferral(current, action, command, principal);
  const event = transitionEvent(current, { ...move, by: principal.sub, at: ctx.now });
  const entry = { ...move, attempt: attemptOf(current), by: principal.sub, at: ctx.now.toISOString() };
  if (move.to === 'rejected')
    return rerouteOrEscalate(
      current,
      {
        causeEvents: [event],
        causeHistory: [entry],
        reason: `接收方拒绝：${move.reason}`,
        reroutedReason: '接收方拒绝',
        by: principal.sub,
      },
      candidates,
      ctx,
    );
  const moved: ReferralRecord = { ...current, status: move.to, history: [...(current.history ?? []), entry] };
  return { state: moved, events: withDepartmentCopies([event], ctx), result: moved };
}

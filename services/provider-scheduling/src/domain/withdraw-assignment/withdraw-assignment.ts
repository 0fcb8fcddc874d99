import type { Decision } from '@carelink/contracts';
import { isOpen, type AssignmentState } from '../assignment';

/**
 * WithdrawAssignment: referral took the referral back from this provider (it rejected the offer, did not
 * answer in time, or the township re-routed it); a later offer goes to the next provider.
 */
export interface WithdrawAssignment {
  providerId: string;
  reason: string;
  at: string;
}

/**
 * Takes the assignment back from this provider; another provider's withdrawal, or one of an assignment no
 * longer open, changes nothing (so a redelivered event does too). Referral is the source of truth: an
 * acceptance that crossed the re-routing is taken back as well, so the next provider's offer can replace it;
 * referral ignored that late acceptance already.
 */
export function decideWithdrawal(
  current: AssignmentState | undefined,
  { providerId, reason, at }: WithdrawAssignment,
): Decision<AssignmentState> {
  if (!current || current.providerId !== providerId || !isOpen(current)) return {};
  return { state: { ...current, status: 'withdrawn', withdrawal: { reason, at } } };
}

import type { Decision } from '@carelink/contracts';
import { isOpen, type AssignmentState } from '../assignment';

/** CancelAssignment: referral cancelled the referral (e.g. the person no longer qualifies): the service stops. */
export interface CancelAssignment {
  reason: string;
  at: string;
}

/** Cancels an offered or accepted assignment; any other (or none) stays as it is, so a redelivery changes nothing. */
export function decideCancellation(
  current: AssignmentState | undefined,
  cancellation: CancelAssignment,
): Decision<AssignmentState> {
  if (!current || !isOpen(current)) return {};
  return { state: { ...current, status: 'cancelled', cancellation } };
}

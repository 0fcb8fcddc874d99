import type { Decision } from '@carelink/contracts';
import { isOpen, type AssignmentState } from '../assignment';

/** CloseAssignment: referral completed the referral (the provider reported it done) or failed it (unable to serve). */
export interface CloseAssignment {
  providerId: string;
  status: 'completed' | 'failed';
  closure: { reason?: string; at: string };
}

/**
 * Closes this provider's open assignment: no more visits after `closure.at`. The first closure stands; one
 * for another provider, or of an assignment no longer open, changes nothing.
 */
export function decideClosure(
  current: AssignmentState | undefined,
  { providerId, status, closure }: CloseAssignment,
): Decision<AssignmentState> {
  if (!current || current.providerId !== providerId || !isOpen(current)) return {};
  return { state: { ...current, status, closure } };
}

import type { StaffPrincipal } from '@carelink/auth';
import { AppError } from '@carelink/http';
import { assertNotCancelled } from '../assignment-cancelled';
import type { AssignmentState } from '../assignment';
import { assertOwnProvider } from '../visibility';

export interface Acceptance {
  status: 'accepted';
  acceptedBy: string;
  acceptedAt: string;
}

/** AcceptAssignment: the offered provider's staff take the referral on (接单). Pure: caller and clock come in. */
export function acceptAssignment(state: AssignmentState, principal: StaffPrincipal, now: Date): Acceptance {
  assertOwnProvider(principal, state.providerId);
  assertNotCancelled(state);
  if (state.status !== 'offered')
    throw AppError.conflict(
      'already_accepted',
      `referral ${state.referralId} was already accepted`,
      '该服务派单已被接单，请勿重复操作',
    );
  return { status: 'accepted', acceptedBy: principal.sub, acceptedAt: now.toISOString() };
}

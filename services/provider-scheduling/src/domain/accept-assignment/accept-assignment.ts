import type { StaffPrincipal } from '@carelink/auth';
import {
  AssignmentAccepted,
  DomainError,
  draft,
  topics,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { assertNotCancelled } from '../assignment-cancelled';
import { ASSIGNMENT, type AssignmentState } from '../assignment';
import { assertOwnProvider } from '../visibility';

/** AcceptAssignment: the offered provider's staff take the referral on (接单). */
export interface AcceptAssignment {
  principal: StaffPrincipal;
}

/**
 * Accepts an offered assignment for the caller's provider, at the context's `now`, and tells referral
 * (assignment.accepted.v1). Answers the accepted assignment.
 */
export function decideAcceptAssignment(
  current: AssignmentState | undefined,
  { principal }: AcceptAssignment,
  ctx: UseCaseContext,
): Decision<AssignmentState, AssignmentState> {
  if (!current) throw DomainError.notFound(...ASSIGNMENT);
  assertOwnProvider(principal, current.providerId);
  assertNotCancelled(current);
  if (current.status !== 'offered')
    throw DomainError.conflict(
      'already_accepted',
      `referral ${current.referralId} was already accepted`,
      '该服务派单已被接单，请勿重复操作',
    );
  const accepted: AssignmentState = {
    ...current,
    status: 'accepted',
    acceptedBy: principal.sub,
    acceptedAt: ctx.now.toISOString(),
    version: current.version + 1,
  };
  return {
    state: accepted,
    events: [
      draft(topics.visits, AssignmentAccepted, {
        key: accepted.caseId,
        data: {
          referralId: accepted.referralId,
          caseId: accepted.caseId,
          providerId: accepted.providerId,
          acceptedBy: principal.sub,
          acceptedAt: ctx.now.toISOString(),
        },
      }),
    ],
    result: accepted,
  };
}

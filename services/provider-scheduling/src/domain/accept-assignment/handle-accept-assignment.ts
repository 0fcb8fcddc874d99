import type { StaffPrincipal } from '@carelink/auth';
import { AssignmentAccepted, buildEvent, topics } from '@carelink/contracts';
import { AppError } from '@carelink/http';
import type { AssignmentRepository } from '../../data-access/assignment-repository';
import type { AssignmentState } from '../assignment';
import { acceptAssignment } from './accept-assignment';

export async function handleAcceptAssignment(
  referralId: string,
  principal: StaffPrincipal,
  deps: { assignments: AssignmentRepository; now: () => Date; traceparent: () => string | undefined },
): Promise<AssignmentState> {
  const state = await deps.assignments.get(referralId);
  if (!state) throw AppError.notFound('assignment', '服务派单');
  const now = deps.now();
  const acceptance = acceptAssignment(state, principal, now);
  const event = buildEvent(AssignmentAccepted, {
    source: '/carelink/provider-scheduling',
    key: state.caseId,
    time: now,
    traceparent: deps.traceparent(),
    data: {
      referralId,
      caseId: state.caseId,
      providerId: state.providerId,
      acceptedBy: acceptance.acceptedBy,
      acceptedAt: acceptance.acceptedAt,
    },
  });
  if (!(await deps.assignments.accept(referralId, acceptance, [{ topic: topics.visits, event }])))
    throw AppError.conflict(
      'already_accepted',
      `referral ${referralId} was already accepted`,
      '该服务派单已被接单，请勿重复操作',
    );
  return (await deps.assignments.get(referralId))!;
}

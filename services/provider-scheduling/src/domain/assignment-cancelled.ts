import { DomainError } from '@carelink/contracts';
import type { AssignmentState } from './assignment';

/** A cancelled, withdrawn or closed (completed, failed) referral takes no more work; say why. */
export function assertNotCancelled(assignment: AssignmentState): void {
  assertNotClosed(assignment);
  if (assignment.status === 'withdrawn')
    throw DomainError.conflict(
      'assignment_withdrawn',
      `referral ${assignment.referralId} was taken back: ${assignment.withdrawal?.reason ?? 'no reason given'}`,
      `该服务派单已撤回：${assignment.withdrawal?.reason ?? ''}`,
    );
  if (assignment.status === 'cancelled')
    throw DomainError.conflict(
      'assignment_cancelled',
      `referral ${assignment.referralId} was cancelled: ${assignment.cancellation?.reason ?? 'no reason given'}`,
      `该服务派单已取消：${assignment.cancellation?.reason ?? ''}`,
    );
}

/** A referral closed by referral (completed, or failed) takes no more visits; say since when. */
export function assertNotClosed(assignment: AssignmentState): void {
  if (assignment.status === 'completed')
    throw DomainError.conflict(
      'assignment_closed',
      `referral ${assignment.referralId} was completed at ${assignment.closure?.at ?? '?'}; it takes no more visits`,
      '该转介已完成结案，不能再安排或登记服务',
    );
  if (assignment.status === 'failed')
    throw DomainError.conflict(
      'assignment_closed',
      `referral ${assignment.referralId} was closed as failed at ${assignment.closure?.at ?? '?'}: ${assignment.closure?.reason ?? 'no reason given'}`,
      `该转介已终止（未能完成）：${assignment.closure?.reason ?? ''}，不能再安排或登记服务`,
    );
}

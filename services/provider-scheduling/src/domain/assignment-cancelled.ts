import { AppError } from '@carelink/http';
import type { AssignmentState } from './assignment';

/** A cancelled referral (the person no longer qualifies) takes no more work; say why. */
export function assertNotCancelled(assignment: AssignmentState): void {
  if (assignment.status === 'withdrawn')
    throw AppError.conflict(
      'assignment_withdrawn',
      `referral ${assignment.referralId} was taken back: ${assignment.withdrawal?.reason ?? 'no reason given'}`,
      `该服务派单已撤回：${assignment.withdrawal?.reason ?? ''}`,
    );
  if (assignment.status === 'cancelled')
    throw AppError.conflict(
      'assignment_cancelled',
      `referral ${assignment.referralId} was cancelled: ${assignment.cancellation?.reason ?? 'no reason given'}`,
      `该服务派单已取消：${assignment.cancellation?.reason ?? ''}`,
    );
}

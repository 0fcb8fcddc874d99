import { attemptOf, type ReferralRecord } from './referral';

/** The timers of the closed loop (BullMQ in production): the current receiver must answer by `at`. */
export interface ReferralTimers {
  answerDue(referralId: string, attempt: number, at: Date): Promise<void>;
}

/** What an answer timer carries: it fires only if the referral still waits for this very answer. */
export interface AnswerDue {
  referralId: string;
  attempt: number;
  /** The answer due time (ms since the epoch) the timer was set for; it must still be the referral's (none in
   * timers scheduled before it was carried). */
  dueAt?: number;
}

/**
 * One job per routing attempt and due time: a timer scheduled for a change that then lost its race stays
 * behind harmlessly, and never blocks a later timer of the same attempt (BullMQ ignores a job id it keeps).
 */
export const answerDueJobId = (referralId: string, attempt: number, dueAt: Date) =>
  `answer-due:${referralId}:${attempt}:${dueAt.getTime()}`;

/**
 * The answer timer a decision starts: when it sends the referral to a receiver (it is `requested` with an
 * answer due time it did not have before), the receiver must answer by then.
 */
export function answerTimerOf(
  current: Pick<ReferralRecord, 'answerDueAt'> | undefined,
  next: Pick<ReferralRecord, 'status' | 'attempt' | 'answerDueAt'> | undefined,
): { attempt: number; at: Date } | undefined {
  if (next?.status !== 'requested' || !next.answerDueAt || next.answerDueAt === current?.answerDueAt) return undefined;
  return { attempt: attemptOf(next), at: new Date(next.answerDueAt) };
}

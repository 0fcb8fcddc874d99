/** The timers of the closed loop (BullMQ in production): the current receiver must answer by `at`. */
export interface ReferralTimers {
  answerDue(referralId: string, attempt: number, at: Date): Promise<void>;
}

export const answerDueJobId = (referralId: string, attempt: number) => `answer-due:${referralId}:${attempt}`;

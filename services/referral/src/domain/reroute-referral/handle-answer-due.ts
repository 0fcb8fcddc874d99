import { commitReferral, type ReferralCommits } from '../referral-commits';
import type { AnswerDue, ReferralTimers } from '../referral-timers';
import type { RoutingSources } from '../route-referral/candidates';
import { awaitsAnswer, decideAnswerDue } from './answer-due';
import { candidatesForRerouting } from './reroute-referral';

/** The answer timer fired (a BullMQ job): re-route or escalate the referral if it still waits for that answer. */
export async function handleAnswerDue(
  job: AnswerDue,
  deps: RoutingSources & { commits: ReferralCommits; timers: ReferralTimers },
): Promise<void> {
  await commitReferral(deps, job.referralId, async (current, ctx) =>
    awaitsAnswer(current, job)
      ? decideAnswerDue(current, job, await candidatesForRerouting(current, ctx, deps), ctx)
      : {},
  );
}

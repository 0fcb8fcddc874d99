import { UNANSWERED_STATES } from '../referral';
import type { AnswerDue } from '../referral-timers';
import { rerouteOrEscalate, type RerouteDeps } from './reroute-referral';

/**
 * The answer timer fired: if the receiver of this routing attempt still has not accepted or rejected, the
 * referral goes to the next provider or up to the township. A timer of an earlier attempt or due time, or of
 * a referral that moved on, does nothing.
 */
export async function handleAnswerDue(job: AnswerDue, deps: RerouteDeps & { now: () => Date }): Promise<void> {
  const referral = await deps.referrals.get(job.referralId);
  if (!referral || (referral.attempt ?? 1) !== job.attempt || !UNANSWERED_STATES.includes(referral.status)) return;
  // A timer of a change that lost its race (or of an earlier send of this attempt) is not the referral's.
  // (Timers scheduled before the due time was carried have none: they are checked as before.)
  if (job.dueAt !== undefined && new Date(referral.answerDueAt ?? 0).getTime() !== job.dueAt) return;
  const pack = deps.policies.get(referral.region);
  await rerouteOrEscalate(
    referral,
    {
      from: UNANSWERED_STATES,
      causeEvents: [],
      causeHistory: [],
      reason: `接收方${pack?.timeLimits.referralAnswerWorkingDays ?? ''}个工作日内未答复`,
      by: 'system',
      at: deps.now(),
    },
    deps,
  );
}

import type { Decision } from '@carelink/contracts';
import { attemptOf, packOf, UNANSWERED_STATES, type ReferralContext, type ReferralRecord } from '../referral';
import type { AnswerDue } from '../referral-timers';
import type { CandidateLoad } from '../route-referral/route-referral';
import { rerouteOrEscalate } from './reroute-referral';

/**
 * Whether the referral still waits for the answer the timer was set for: the same routing attempt, not yet
 * accepted or rejected, and the same due time (a timer of a change that lost its race, or of an earlier
 * send of this attempt, is not the referral's; timers scheduled before the due time was carried have none
 * and are checked as before).
 */
export function awaitsAnswer(referral: ReferralRecord | undefined, job: AnswerDue): referral is ReferralRecord {
  if (!referral || attemptOf(referral) !== job.attempt || !UNANSWERED_STATES.includes(referral.status)) return false;
  return job.dueAt === undefined || new Date(referral.answerDueAt ?? 0).getTime() === job.dueAt;
}

/**
 * The answer timer fired: if the receiver of this routing attempt still has not accepted or rejected, the
 * referral goes to the next provider or up to the township. A timer of an earlier attempt or due time, or of
 * a referral that moved on, does nothing. Pure.
 */
export function decideAnswerDue(
  current: ReferralRecord | undefined,
  job: AnswerDue,
  candidates: CandidateLoad[],
  ctx: ReferralContext,
): Decision<ReferralRecord, ReferralRecord | undefined> {
  if (!awaitsAnswer(current, job)) return {};
  const days = packOf(ctx, current.region).timeLimits.referralAnswerWorkingDays;
  return rerouteOrEscalate(
    current,
    { causeEvents: [], causeHistory: [], reason: `接收方${days}个工作日内未答复`, by: 'system' },
    candidates,
    ctx,
  );
}

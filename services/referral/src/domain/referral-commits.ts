import type { Decision } from '@carelink/contracts';
import type { ReferralContext, ReferralRecord } from './referral';
import { answerTimerOf, type ReferralTimers } from './referral-timers';

/** A decision about one referral, given it as stored (undefined: there is none yet). */
export type DecideReferral<R> = (
  current: ReferralRecord | undefined,
  ctx: ReferralContext,
) => Decision<ReferralRecord, R> | Promise<Decision<ReferralRecord, R>>;

/**
 * Where referral decisions are committed: the referral is loaded, decided on, and written with its events
 * in one update (decided again on the fresh referral when another writer got there first). Implemented in
 * the service's storage, on its commit port.
 */
export interface ReferralCommits {
  commit<R>(referralId: string, decide: DecideReferral<R>): Promise<R>;
}

/**
 * Commits a decision about a referral; when it sends the referral to a receiver, the receiver's answer
 * timer is started first. The timer is idempotent and carries the answer due time: it does nothing unless
 * the referral still waits for that very answer, so the timer of a decision whose write then lost (and was
 * decided again) is harmless, and no written referral ever waits without one.
 */
export function commitReferral<R>(
  deps: { commits: ReferralCommits; timers: ReferralTimers },
  referralId: string,
  decide: DecideReferral<R>,
): Promise<R> {
  return deps.commits.commit(referralId, async (current, ctx) => {
    const decision = await decide(current, ctx);
    const timer = answerTimerOf(current, decision.state);
    if (timer) await deps.timers.answerDue(referralId, timer.attempt, timer.at);
    return decision;
  });
}

import type { ReferralRecord } from '../referral';
import { commitReferral, type ReferralCommits } from '../referral-commits';
import type { ReferralTimers } from '../referral-timers';
import { candidatesForRerouting } from '../reroute-referral/reroute-referral';
import type { RoutingSources } from '../route-referral/candidates';
import { decideReceiverAction, type AnswerReferral } from './receiver-action';

/** A receiver answers a referral; a rejection reads the candidates for the re-routing it causes. */
export function handleReceiverAction(
  referralId: string,
  answer: AnswerReferral,
  deps: RoutingSources & { commits: ReferralCommits; timers: ReferralTimers },
): Promise<ReferralRecord> {
  return commitReferral(deps, referralId, async (current, ctx) =>
    decideReceiverAction(
      current,
      answer,
      current && answer.action === 'rejection' ? await candidatesForRerouting(current, ctx, deps) : [],
      ctx,
    ),
  );
}

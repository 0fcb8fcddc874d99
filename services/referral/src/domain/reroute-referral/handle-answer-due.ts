import { UNANSWERED_STATES } from '../referral';
import { rerouteOrEscalate, type RerouteDeps } from './reroute-referral';

/**
 * The answer timer fired: if the receiver of this routing attempt still has not accepted or rejected, the
 * referral goes to the next provider or up to the township. A timer of an earlier attempt, or of a referral
 * that moved on, does nothing.
 */
export async function handleAnswerDue(
  job: { referralId: string; attempt: number },
  deps: RerouteDeps & { now: () => Date },
): Promise<void> {
  const referral = await deps.referrals.get(job.referralId);
  if (!referral || (referral.attempt ?? 1) !== job.attempt || !UNANSWERED_STATES.includes(referral.status)) return;
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

import type { PolicyPacks } from '@carelink/policy';
import type { CommitPort } from '@carelink/store';
import type { ReferralCommits } from '../domain/referral-commits';
import { referralState, type ReferralRepository } from './referral-repository';

/**
 * Referral decisions committed on the service's commit port (one version-checked write of the referral and
 * its events). A new referral's creation month is noted before it is written, for the listings.
 */
export function referralCommits(
  commits: CommitPort<{ policies: PolicyPacks }>,
  referrals: Pick<ReferralRepository, 'noteCreated'>,
): ReferralCommits {
  return {
    commit: (referralId, decide) =>
      commits.commit(referralState, referralId, async (current, ctx) => {
        const decision = await decide(current, ctx);
        if (!current && decision.state) await referrals.noteCreated(decision.state);
        return decision;
      }),
  };
}

import type { EligibilityChanged, EventOf } from '@carelink/contracts';
import type { ReferralCommits } from '../referral-commits';
import { referralIdOf } from '../route-referral/route-approved-item';
import { cancelReferral } from './cancel-referral';

/** Dynamic management reaches referral: items that stopped qualifying have their open referrals cancelled. */
export async function handleEligibilityChanged(
  changed: EventOf<typeof EligibilityChanged>,
  deps: { commits: ReferralCommits },
): Promise<void> {
  for (const stopped of changed.data.stoppedItems)
    await deps.commits.commit(referralIdOf(changed.data.caseId, stopped.itemCode), (current, ctx) =>
      cancelReferral(current, { changed, stopped }, ctx),
    );
}

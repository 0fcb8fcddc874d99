import type { EligibilityDecided, EventOf } from '@carelink/contracts';
import { chinaMonth, type PolicyPacks } from '@carelink/policy';
import { commitReferral, type ReferralCommits } from '../referral-commits';
import type { ReferralTimers } from '../referral-timers';
import { loadCandidates, loadInstitutionLoads, type ReceiverLoads, type RoutingSources } from './candidates';
import { referralIdOf, routeApprovedItem } from './route-approved-item';

/**
 * RouteApprovedItems: every approved item of a decision becomes one referral, each its own commit under its
 * derived id (case and item), so a redelivered decision, or one retried after some of its referrals were
 * written, makes each referral once.
 */
export async function handleEligibilityDecided(
  decided: EventOf<typeof EligibilityDecided>,
  deps: RoutingSources & {
    policies: Pick<PolicyPacks, 'get'>;
    referrals: ReceiverLoads & { exists(referralId: string): Promise<boolean> };
    commits: ReferralCommits;
    timers: ReferralTimers;
  },
): Promise<void> {
  const month = chinaMonth(new Date(decided.time));
  for (const { itemCode } of decided.data.items.filter((i) => i.approved)) {
    const referralId = referralIdOf(decided.data.caseId, itemCode);
    // Made already (a redelivery): the candidates are not even read.
    if (await deps.referrals.exists(referralId)) continue;
    const candidates = await loadCandidates(decided.data.region, month, deps);
    const pack = deps.policies.get(decided.data.region);
    const institutionLoads = pack ? await loadInstitutionLoads(pack, deps) : undefined;
    await commitReferral(deps, referralId, (current, ctx) =>
      routeApprovedItem(
        current,
        { decided, itemCode, candidates, ...(institutionLoads ? { institutionLoads } : {}) },
        ctx,
      ),
    );
  }
}

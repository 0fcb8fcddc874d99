import type { StaffPrincipal } from '@carelink/auth';
import type { ProviderContract, ReferralRecord } from '../referral';
import { commitReferral, type ReferralCommits } from '../referral-commits';
import type { ReferralTimers } from '../referral-timers';
import { decideRouteOverride, type OverrideRoute } from './override-route';

/** A township routes a referral by hand, among the contracts of the referral's region. */
export function handleOverrideRoute(
  referralId: string,
  override: { command: OverrideRoute; principal: StaffPrincipal },
  deps: {
    contracts: { inRegion(region: string): Promise<ProviderContract[]> };
    commits: ReferralCommits;
    timers: ReferralTimers;
  },
): Promise<ReferralRecord> {
  return commitReferral(deps, referralId, async (current, ctx) =>
    decideRouteOverride(current, override, current ? await deps.contracts.inRegion(current.region) : [], ctx),
  );
}

import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError } from '@carelink/contracts';
import type { PolicyPack, PolicyPacks } from '@carelink/policy';
import type { CaseState } from './case';

/** A case names a region this deployment has no pack for: a fault of the deployment, not of the caller. */
export class PolicyPackMissing extends Error {
  constructor(readonly region: string) {
    super(`no policy pack for region ${region}`);
    this.name = 'PolicyPackMissing';
  }
}

/**
 * A case the caller may act on, with its region's pack: not found when unknown, forbidden outside the
 * jurisdiction or the region of the caller's token.
 */
export function caseInScope(
  state: CaseState | null | undefined,
  caller: Pick<StaffPrincipal, 'jurisdiction' | 'region'>,
  policies: Pick<PolicyPacks, 'get'>,
): { state: CaseState; pack: PolicyPack } {
  if (!state) throw DomainError.notFound('case', '个案');
  const township = state.address.township;
  assertCovers(caller, township, state.region);
  const pack = policies.get(state.region);
  if (!pack) throw new PolicyPackMissing(state.region);
  return { state, pack };
}

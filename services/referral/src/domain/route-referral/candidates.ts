import type { PolicyPack } from '@carelink/policy';
import type { ProviderContract } from '../referral';
import type { CandidateLoad } from './route-referral';

/** How many referrals a contract and a provider have (the referral repository). */
export interface ReferralCounts {
  /** Referrals counted against a contract's month. */
  countForContract(contractId: string, month: string): Promise<number>;
  /** The provider's referrals not yet completed, cancelled or failed. */
  countOpenForProvider(providerId: string): Promise<number>;
}

/** A listed receiver's (an institution's) referrals not yet completed, cancelled or failed (the repository). */
export interface ReceiverLoads {
  countOpenForReceiver(receiverCode: string, region: string): Promise<number>;
}

/** What routing reads besides the referral: the region's contracts, providers' scores and loads. */
export interface RoutingSources {
  contracts: { inRegion(region: string): Promise<ProviderContract[]> };
  scores: { inRegion(region: string): Promise<Map<string, number>> };
  referrals: ReferralCounts;
}

/**
 * Contracts counted at once: each is several reads (its month, and its provider's referrals in each open
 * state), and a region's contracts add up over the years; all at once they would be hundreds of reads together.
 */
const CONTRACTS_COUNTED_AT_ONCE = 8;

/** The region's contracts with what the ranking needs: this month's count, current load and complaint score. */
export async function loadCandidates(region: string, month: string, deps: RoutingSources): Promise<CandidateLoad[]> {
  const [contracts, scores] = await Promise.all([deps.contracts.inRegion(region), deps.scores.inRegion(region)]);
  const candidates: CandidateLoad[] = [];
  for (let i = 0; i < contracts.length; i += CONTRACTS_COUNTED_AT_ONCE) {
    const some = contracts.slice(i, i + CONTRACTS_COUNTED_AT_ONCE);
    candidates.push(
      ...(await Promise.all(
        some.map(async (contract) => {
          const score = scores.get(contract.providerId);
          return {
            contract,
            referralsThisMonth: await deps.referrals.countForContract(contract.contractId, month),
            openReferrals: await deps.referrals.countOpenForProvider(contract.providerId),
            ...(score !== undefined ? { complaintScore: score } : {}),
          };
        }),
      )),
    );
  }
  return candidates;
}

/** Referrals open at each institution the region's pack lists, by receiver code (its places taken). */
export async function loadInstitutionLoads(
  pack: Pick<PolicyPack, 'region' | 'receivers'>,
  deps: { referrals: ReceiverLoads },
): Promise<Map<string, number>> {
  const homes = pack.receivers.filter((r) => r.kind === 'institution');
  const counts = await Promise.all(homes.map((r) => deps.referrals.countOpenForReceiver(r.code, pack.region)));
  return new Map(homes.map((r, i) => [r.code, counts[i]!]));
}

import type { ContractRepository } from '../../data-access/contract-repository';
import type { ProviderScoreRepository } from '../../data-access/provider-score-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
import type { CandidateLoad } from './route-referral';

export interface RoutingSources {
  contracts: ContractRepository;
  referrals: ReferralRepository;
  scores: ProviderScoreRepository;
}

/** The region's contracts with what the ranking needs: this month's count, current load and complaint score. */
export async function loadCandidates(region: string, month: string, deps: RoutingSources): Promise<CandidateLoad[]> {
  const [contracts, scores] = await Promise.all([deps.contracts.inRegion(region), deps.scores.inRegion(region)]);
  return Promise.all(
    contracts.map(async (contract) => {
      const score = scores.get(contract.providerId);
      return {
        contract,
        referralsThisMonth: await deps.referrals.countForContract(contract.contractId, month),
        openReferrals: await deps.referrals.countOpenForProvider(contract.providerId),
        ...(score !== undefined ? { complaintScore: score } : {}),
      };
    }),
  );
}

import type { ContractRegistered, Decision, EventOf } from '@carelink/contracts';

/**
 * What settlement knows of a provider: the name its latest contract gives it (referral's contract.registered.v1, no
 * personal data), so the published spot-check results and the supervision report name providers, not ids.
 */
export interface ProviderName {
  region: string;
  providerId: string;
  name: string;
  /** The contract the name is from, and the day it starts. */
  contractId: string;
  validFrom: string;
}

/** Where a provider's name is kept: providers' ids repeat across regions. */
export const providerNameId = (region: string, providerId: string) => `${region}/${providerId}`;

/**
 * LearnProviderName: a provider is called by the name on its contract that starts last (a provider renamed in a
 * new contract is called by its new name); of two contracts starting the same day, the one with the greater id (ids
 * are time-ordered). An older contract, or the same one delivered again, changes nothing.
 */
export function learnProviderName(
  current: ProviderName | undefined,
  { data }: EventOf<typeof ContractRegistered>,
): Decision<ProviderName> {
  const learnt: ProviderName = {
    region: data.region,
    providerId: data.providerId,
    name: data.providerName,
    contractId: data.contractId,
    validFrom: data.validFrom,
  };
  if (!current) return { state: learnt };
  const newer =
    learnt.validFrom > current.validFrom ||
    (learnt.validFrom === current.validFrom && learnt.contractId > current.contractId);
  return newer && JSON.stringify(learnt) !== JSON.stringify(current) ? { state: learnt } : {};
}

import type { ContractRegistered, EventOf } from '@carelink/contracts';

/** What complaints knows of a provider: the name its latest contract gives it (from contract.registered.v1). */
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

/** The name a registered contract gives its provider. */
export function nameOnContract({ data }: EventOf<typeof ContractRegistered>): ProviderName {
  return {
    region: data.region,
    providerId: data.providerId,
    name: data.providerName,
    contractId: data.contractId,
    validFrom: data.validFrom,
  };
}

/**
 * The name to keep after learning a contract: a provider is called by the name on its contract that starts last
 * (a provider renamed in a new contract is called by its new name; as referral names providers). Of two contracts
 * starting the same day, the one with the greater id (ids are time-ordered). Undefined: keep what is known (an
 * older contract, or the same one delivered again).
 */
export function learnName(current: ProviderName | undefined, learnt: ProviderName): ProviderName | undefined {
  if (!current) return learnt;
  const newer =
    learnt.validFrom > current.validFrom ||
    (learnt.validFrom === current.validFrom && learnt.contractId > current.contractId);
  return newer ? learnt : undefined;
}

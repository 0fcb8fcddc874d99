import type { ProviderContract } from '../referral';

export interface ProviderName {
  providerId: string;
  name: string;
}

/**
 * One name per provider of a region's contracts: the name on its contract that starts last (a provider renamed
 * in a new contract is called by its new name), ordered by name.
 */
export function providerNames(
  contracts: readonly Pick<ProviderContract, 'providerId' | 'providerName' | 'validFrom'>[],
) {
  const latest = new Map<string, { name: string; from: string }>();
  for (const c of contracts) {
    const seen = latest.get(c.providerId);
    if (!seen || c.validFrom > seen.from) latest.set(c.providerId, { name: c.providerName, from: c.validFrom });
  }
  return [...latest]
    .map(([providerId, { name }]): ProviderName => ({ providerId, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

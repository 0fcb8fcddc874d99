import type { ProviderScoreRepository } from '../../data-access/provider-score-repository';
import { applyProviderFact, type ProviderFact } from './provider-score';

/** Records a rating or a resolution against a provider and republishes its score when it changed. */
export async function handleProviderFact(
  region: string,
  providerId: string,
  fact: ProviderFact,
  deps: { scores: Pick<ProviderScoreRepository, 'update'>; now: () => Date },
): Promise<void> {
  await deps.scores.update(region, providerId, (current) => applyProviderFact(current, fact, deps.now()));
}

import type { StateMapping } from '@carelink/store';
import type { ProviderRecord } from '../domain/provider-score/provider-score';

/** Per-provider facts (ratings, upheld complaints) the provider score is computed from; ids `region/provider`. */
export const providerScoreMapping: StateMapping<ProviderRecord> = {
  collection: 'provider_scores',
  toDocument: (record) => ({ ...record }),
  fromDocument: ({ region, providerId, ratings, upheld }) =>
    ({ region, providerId, ratings: ratings ?? {}, upheld: upheld ?? [] }) as ProviderRecord,
};

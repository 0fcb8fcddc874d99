import { z } from 'zod';
import { basisPoints } from './funding';
import { ruleSource } from './provenance';

/**
 * The county's yearly spot checks (抽查, 监督管理) as data: the share of the year's verified services it checks and
 * the strata the sample is drawn in. Settlement's spot-check sample (services/settlement/src/domain/spot-check)
 * draws at least this share in every stratum.
 */

/** What a spot-check stratum is made of; a sample is drawn in each combination of these. */
export const spotCheckStratum = z.enum(['township', 'provider', 'item']);
export type SpotCheckStratum = z.infer<typeof spotCheckStratum>;

/** The county's yearly spot checks (抽查): at least this share of the year's verified services, in each stratum. */
export const spotCheck = z
  .object({
    shareBasisPoints: basisPoints.refine((v) => v > 0, 'a spot-check share is above 0'),
    strata: z
      .array(spotCheckStratum)
      .min(1)
      .refine((strata) => new Set(strata).size === strata.length, 'each stratum once'),
    source: ruleSource,
    sources: z.object({ strata: ruleSource }).strict(),
  })
  .strict();
export type SpotCheck = z.infer<typeof spotCheck>;

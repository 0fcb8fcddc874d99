import { createHash } from 'node:crypto';
import type { SpotCheckStratum } from '@carelink/policy';

/**
 * The county's spot-check sample (Chizhou 000 三(五)1: 抽查比例不少于每年度服务总数的 30%): a stratified random sample
 * of the year's verified services, at least ceil(share × n) of each stratum (township × provider × item, as the
 * pack says), so the whole sample is at least the share too.
 *
 * Reproducible without a random-number generator: each service's rank is sha256(seed NUL serviceId) and a stratum
 * takes its lowest ranks (a hash-ordered sample: uniform over the stratum's subsets of that size for a seed not
 * chosen after seeing the ranks, and independent of the order services are listed in). Anyone with the seed and the
 * list re-draws the same sample; the county records the seed before drawing (e.g. announced, or the draw's date and
 * a public number), so it cannot be picked to spare a provider. Called by the county's spot-check use case with the
 * year's verified services of the county; the sample is stored with its seed and shown per stratum.
 */
export interface ServiceToSample {
  /** The verified visit. */
  serviceId: string;
  township: string;
  providerId: string;
  itemCode: string;
}

export interface StratumSample {
  /** The stratum's values, in the pack's strata order (e.g. `{ township, provider, item }`). */
  stratum: Partial<Record<SpotCheckStratum, string>>;
  /** Services of the stratum in the year. */
  total: number;
  /** ceil(share × total). */
  required: number;
  /** The services drawn, lowest rank first. */
  sampled: string[];
}

export interface SpotCheckSample {
  seed: string;
  shareBasisPoints: number;
  strata: SpotCheckStratum[];
  total: number;
  sampledCount: number;
  /** Every stratum, ordered by its values. */
  byStratum: StratumSample[];
  /** The ids drawn, stratum by stratum. */
  sample: string[];
}

const valueOf: Record<SpotCheckStratum, (s: ServiceToSample) => string> = {
  township: (s) => s.township,
  provider: (s) => s.providerId,
  item: (s) => s.itemCode,
};

/** The rank of a service under a seed: hex sha256 of seed, NUL, id. */
export function sampleRank(seed: string, serviceId: string): string {
  return createHash('sha256').update(`${seed}\u0000${serviceId}`, 'utf8').digest('hex');
}

/** At least the share of n, rounded up, in integers: ceil(n × bp / 10000). */
export function requiredCount(n: number, shareBasisPoints: number): number {
  return Math.floor((n * shareBasisPoints + 9_999) / 10_000);
}

export function drawSpotCheckSample(input: {
  seed: string;
  services: readonly ServiceToSample[];
  shareBasisPoints: number;
  strata: readonly SpotCheckStratum[];
}): SpotCheckSample {
  const { seed, shareBasisPoints } = input;
  if (seed.trim() === '') throw new RangeError('a spot-check sample needs its seed');
  if (!Number.isInteger(shareBasisPoints) || shareBasisPoints <= 0 || shareBasisPoints > 10_000)
    throw new RangeError(`a share is 1–10000 basis points, not ${shareBasisPoints}`);
  const strata = [...input.strata];
  type Group = { stratum: StratumSample['stratum']; ranked: { id: string; rank: string }[] };
  const byKey = new Map<string, Group>();
  const seen = new Set<string>();
  for (const service of input.services) {
    if (seen.has(service.serviceId)) continue; // a service listed twice is one service
    seen.add(service.serviceId);
    const values = strata.map((s) => valueOf[s](service));
    const key = values.join('\u0000');
    const group: Group = byKey.get(key) ?? {
      stratum: Object.fromEntries(strata.map((s, i) => [s, values[i]!])),
      ranked: [],
    };
    group.ranked.push({ id: service.serviceId, rank: sampleRank(seed, service.serviceId) });
    byKey.set(key, group);
  }
  const byStratum = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { stratum, ranked }]): StratumSample => {
      const required = requiredCount(ranked.length, shareBasisPoints);
      const sampled = ranked
        .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : 1))
        .slice(0, required)
        .map((r) => r.id);
      return { stratum, total: ranked.length, required, sampled };
    });
  const sample = byStratum.flatMap((s) => s.sampled);
  return {
    seed,
    shareBasisPoints,
    strata,
    total: seen.size,
    sampledCount: sample.length,
    byStratum,
    sample,
  };
}

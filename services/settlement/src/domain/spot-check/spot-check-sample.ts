import { draft, SpotCheckSampleDrawn, topics, type Decision, type UseCaseContext } from '@carelink/contracts';
import type { SpotCheck } from '@carelink/policy';
import type { Accrual } from '../accrual';
import { drawSpotCheckSample, type ServiceToSample, type StratumSample } from './draw-sample';

/**
 * A spot-check sample as the county drew it (抽查样本): the seed, the pack's share and strata at the time, every
 * stratum with its total and the visits drawn, who drew it and when. Immutable: a redraw is a new sample with its
 * own id and seed (and its own event), so the county's audit shows every draw.
 */
export interface SampledVisit extends ServiceToSample {
  /** The case served (an internal id; lists show it masked). */
  caseId: string;
  serviceDate: string;
  month: string;
  amountFen: number;
}

export interface StoredSample {
  sampleId: string;
  region: string;
  county: string;
  year: number;
  seed: string;
  shareBasisPoints: number;
  strata: SpotCheck['strata'];
  /** The verified services of the county-year when drawn. */
  services: number;
  sampled: number;
  byStratum: StratumSample[];
  /** The visits drawn, with what the sample list shows of each (no personal data: the case by its internal id). */
  visits: SampledVisit[];
  drawnBy: string;
  drawnAt: string;
}

/**
 * The county-year's verified services, the population a sample is drawn from: accruals of the year whose
 * recipient confirmed the visit (a region that pays unverified visits counts those too); disputed visits never.
 */
export function verifiedServicesOf(accruals: readonly Accrual[], payUnverified: boolean): SampledVisit[] {
  return accruals
    .filter((a) => a.verification === 'verified' || (payUnverified && a.verification === 'unverified'))
    .map((a) => ({
      serviceId: a.visitId,
      township: a.township,
      providerId: a.providerId,
      itemCode: a.itemCode,
      caseId: a.caseId,
      serviceDate: a.serviceDate,
      month: a.month,
      amountFen: a.amountFen,
    }));
}

/** DrawSpotCheckSample: a new sample of the population with the seed (given, or the context's new id). */
export function drawSample(
  current: StoredSample | undefined,
  command: {
    sampleId: string;
    region: string;
    county: string;
    year: number;
    seed?: string;
    rule: Pick<SpotCheck, 'shareBasisPoints' | 'strata'>;
    population: readonly SampledVisit[];
    drawnBy: string;
  },
  ctx: UseCaseContext,
): Decision<StoredSample, StoredSample> {
  if (current) return { result: current }; // a sample never changes: the same id is the same draw
  const seed = command.seed?.trim() || ctx.newId();
  const drawn = drawSpotCheckSample({
    seed,
    services: command.population,
    shareBasisPoints: command.rule.shareBasisPoints,
    strata: command.rule.strata,
  });
  const byId = new Map(command.population.map((s) => [s.serviceId, s]));
  const sample: StoredSample = {
    sampleId: command.sampleId,
    region: command.region,
    county: command.county,
    year: command.year,
    seed,
    shareBasisPoints: drawn.shareBasisPoints,
    strata: drawn.strata,
    services: drawn.total,
    sampled: drawn.sampledCount,
    byStratum: drawn.byStratum,
    visits: drawn.sample.map((id) => byId.get(id)!),
    drawnBy: command.drawnBy,
    drawnAt: ctx.now.toISOString(),
  };
  return {
    state: sample,
    result: sample,
    events: [
      draft(topics.settlementSpotChecks, SpotCheckSampleDrawn, {
        key: sample.sampleId,
        data: {
          sampleId: sample.sampleId,
          region: sample.region,
          county: sample.county,
          year: sample.year,
          seed,
          shareBasisPoints: sample.shareBasisPoints,
          strata: sample.strata,
          services: sample.services,
          sampled: sample.sampled,
          strataCount: sample.byStratum.length,
          drawnBy: sample.drawnBy,
          drawnAt: sample.drawnAt,
        },
      }),
    ],
  };
}

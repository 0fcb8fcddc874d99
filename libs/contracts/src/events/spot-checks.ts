import { z } from 'zod';
import { defineEvent } from '../envelope';
import { fen, isoDate, isoDateTime, jurisdictionCode, regionId } from '../values';

/**
 * The county's spot checks of the year's verified services (抽查, 监督管理; Chizhou 000 三(五)1 不少于 30%): the
 * stratified sample drawn with its seed, and each check's result with what it does to the visit's statement line.
 * No personal data: visits, providers and places by id only.
 */
const sampleFacts = {
  sampleId: z.string().min(1),
  region: regionId,
  county: jurisdictionCode,
  year: z.number().int().min(2000).max(2100),
};

export const SpotCheckSampleDrawn = defineEvent(
  'spot-check.sample-drawn.v1',
  z.object({
    ...sampleFacts,
    seed: z
      .string()
      .min(1)
      .describe('the seed the sample was drawn with: the same seed over the same services redraws it'),
    shareBasisPoints: z.number().int().positive().max(10_000),
    strata: z.array(z.enum(['township', 'provider', 'item'])).min(1),
    services: z.number().int().nonnegative().describe('the verified services of the county-year (the population)'),
    sampled: z.number().int().nonnegative(),
    strataCount: z.number().int().nonnegative(),
    drawnBy: z.string().min(1),
    drawnAt: isoDateTime,
  }),
  'The county drew a spot-check sample of the year’s verified services (at least the pack’s share of every stratum), with its seed; a sample never changes, a redraw is a new sample.',
);

export const SpotCheckRecorded = defineEvent(
  'spot-check.recorded.v1',
  z.object({
    ...sampleFacts,
    checkId: z.string().min(1),
    visitId: z.string().min(1),
    township: jurisdictionCode,
    providerId: z.string().min(1),
    itemCode: z.string().min(1),
    serviceDate: isoDate,
    inSample: z.boolean(),
    method: z.enum(['home_visit', 'phone_call', 'records']),
    findings: z.array(
      z.object({
        kind: z.enum([
          'not_delivered',
          'less_than_recorded',
          'poor_quality',
          'records_incomplete',
          'not_confirmed_by_person',
          'other',
        ]),
        action: z.enum(['none', 'hold', 'reverse']),
        lines: z.array(z.object({ statementId: z.string().min(1), lineId: z.string().min(1) })),
      }),
    ),
    amountFen: fen.describe('the visit’s accrued amount: what a hold or reversal keeps from the provider'),
    checkedBy: z.string().min(1),
    checkedAt: isoDateTime,
  }),
  'The county recorded a spot check of a visit (home visit, phone call or records) and its findings; a finding that the visit was not (fully) delivered holds its unpaid statement line or reverses a paid one.',
);

export const SpotCheckHoldReleased = defineEvent(
  'spot-check.hold-released.v1',
  z.object({
    ...sampleFacts,
    checkId: z.string().min(1),
    visitId: z.string().min(1),
    township: jurisdictionCode,
    providerId: z.string().min(1),
    lines: z
      .array(z.object({ statementId: z.string().min(1), lineId: z.string().min(1) }))
      .describe('the statement lines the check held, paid again'),
    statementState: z
      .enum(['draft', 'confirmed', 'approved', 'paid'])
      .describe(
        'the state of the visit’s statement when released: a draft pays the line on its next recomputation; a confirmed (or later) one is paid by an adjusting line of the next open statement',
      ),
    amountFen: fen.describe('the visit’s accrued amount, paid again'),
    reason: z.string().min(1).describe('why the hold was released (a re-check, the provider’s evidence)'),
    releasedBy: z.string().min(1),
    releasedAt: isoDateTime,
  }),
  'The county released the hold a spot check put on a visit’s statement line (a re-check or the provider’s evidence cleared it): the line is paid again.',
);

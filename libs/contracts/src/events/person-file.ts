import { z } from 'zod';
import { defineEvent } from '../envelope';
import { caseId, freeText, isoDateTime, jurisdictionCode, regionId } from '../values';

/** A service number (服务号) as the region's pack formats it, e.g. CZ341702202600001. */
export const serviceNumber = z
  .string()
  .regex(/^[A-Z0-9-]{4,40}$/, 'a service number is capital letters, digits and -')
  .describe('the service number (服务号) of the person’s file (一人一档), in the format of the region’s pack');

export const ServiceNumberIssued = defineEvent(
  'service-number.issued.v1',
  z.object({
    serviceNumber,
    personId: z.string().min(16),
    region: regionId,
    county: jurisdictionCode,
    township: jurisdictionCode,
    /** The case whose approval was the person's first service. */
    caseId,
    issuedAt: isoDateTime,
  }),
  'A person’s first service was approved: their file (一人一档) was opened under a service number, unique and gap-free in its region’s sequence; the person keeps it for every later case.',
);

/** When an effect evaluation (效果评估) is made: at a periodic review, or when a service plan ends. */
export const evaluationOccasion = z.enum(['review', 'plan_ended']);
/** How far the service met the goals set for it. */
export const evaluationGoals = z.enum(['met', 'partly_met', 'not_met']);
/** How the person's self-care changed since the home investigation. */
export const selfCareChange = z.enum(['improved', 'unchanged', 'declined']);
/** What the township recommends for the service. */
export const evaluationRecommendation = z.enum(['continue', 'adjust', 'stop']);

/** The effect evaluation form (效果评估), as the township fills it. */
export const effectEvaluation = z.object({
  occasion: evaluationOccasion,
  caseId: caseId.optional().describe('the case whose services are evaluated; none: the person’s services as a whole'),
  planId: z.string().min(1).max(100).optional().describe('the service plan evaluated (at its end)'),
  satisfaction: z.number().int().min(1).max(5).describe('the person’s satisfaction, 1 (very dissatisfied) to 5'),
  goalsMet: evaluationGoals,
  selfCare: selfCareChange,
  barthelScore: z
    .number()
    .int()
    .min(0)
    .max(100)
    .multipleOf(5)
    .optional()
    .describe('Barthel index now, where it was measured again'),
  recommendation: evaluationRecommendation,
  remarks: freeText().pipe(z.string().max(1000)).optional(),
});
export type EffectEvaluation = z.infer<typeof effectEvaluation>;

export const EvaluationRecorded = defineEvent(
  'evaluation.recorded.v1',
  effectEvaluation.extend({
    evaluationId: z.string().min(1),
    serviceNumber,
    personId: z.string().min(16),
    region: regionId,
    township: jurisdictionCode,
    barthelBefore: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe('Barthel index of the latest home investigation, to compare'),
    recordedBy: z.string().min(1),
    recordedAt: isoDateTime,
  }),
  'The township recorded an effect evaluation (效果评估) in a person’s file: satisfaction, goals met, change in self-care, and whether to continue, adjust or stop the service.',
);

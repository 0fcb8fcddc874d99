import { z } from 'zod';
import { defineEvent } from '../envelope';
import { address, applicantSummary } from './intake';
import { caseId, isoDateTime, jurisdictionCode, regionId } from '../values';

export const CaseOpened = defineEvent(
  'case.opened.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    township: jurisdictionCode,
    openedAt: isoDateTime,
  }),
  'Assessment opened a case for a registered request; investigation and review follow.',
);

export const itemDecision = z.object({
  itemCode: z.string().min(1),
  approved: z.boolean(),
  reason: z.string().min(1).describe('explanation a clerk can read out, in Chinese'),
});

export const EligibilityDecided = defineEvent(
  'eligibility.decided.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    packVersion: z.string().min(1),
    person: applicantSummary.pick({ personId: true, name: true }),
    address,
    items: z.array(itemDecision).min(1),
    decidedBy: z.string().min(1),
    decidedAt: isoDateTime,
  }),
  'The township (and, where the region requires, the county) decided eligibility for each requested item.',
);

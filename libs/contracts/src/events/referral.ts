import { z } from 'zod';
import { defineEvent } from '../envelope';
import { caseId, isoDateTime, jurisdictionCode, regionId } from '../values';

export const ReferralCreated = defineEvent(
  'referral.created.v1',
  z.object({
    referralId: z.string().min(1),
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    itemCode: z.string().min(1),
    township: jurisdictionCode,
    person: z.object({ personId: z.string().min(16), name: z.string().min(1) }),
    route: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('department'), departmentCode: z.string().min(1) }),
      z.object({ kind: z.literal('provider'), providerId: z.string().min(1), contractId: z.string().min(1) }),
    ]),
    explanation: z.string().min(1).describe('why this department or provider, in Chinese'),
    /** On what basis the person's data goes to the receiver: their consent, or a recorded override. */
    sharingBasis: z.discriminatedUnion('basis', [
      z.object({ basis: z.literal('consent'), givenBy: z.enum(['applicant', 'proxy']) }),
      z.object({ basis: z.literal('override'), reason: z.string().min(1), by: z.string().min(1) }),
    ]),
    createdAt: isoDateTime,
  }),
  'An approved item was referred (转介) to a department or a contracted provider.',
);

export const ReferralCancelled = defineEvent(
  'referral.cancelled.v1',
  z.object({
    referralId: z.string().min(1),
    caseId,
    itemCode: z.string().min(1),
    township: jurisdictionCode,
    route: z.object({
      kind: z.enum(['department', 'provider']),
      departmentCode: z.string().optional(),
      providerId: z.string().optional(),
    }),
    reason: z.string().min(1).describe('why, in Chinese'),
    cancelledAt: isoDateTime,
  }),
  'A referral was cancelled (e.g. the person no longer qualifies): the department or provider stops the service.',
);

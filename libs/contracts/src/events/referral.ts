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
    createdAt: isoDateTime,
  }),
  'An approved item was referred (转介) to a department or a contracted provider.',
);

import { z } from 'zod';
import { defineEvent } from '../envelope';
import { caseId, channel, isoDateTime, jurisdictionCode } from '../values';

export const complaintType = z.enum(['service_quality', 'staff_conduct', 'money', 'eligibility_decision', 'other']);

export const ComplaintReceived = defineEvent(
  'complaint.received.v1',
  z.object({
    complaintId: z.string().min(1),
    complaintNumber: z.string().min(1),
    caseId,
    township: jurisdictionCode,
    type: complaintType,
    channel: z.union([channel, z.literal('hotline')]),
    summary: z.string().min(1).max(2000),
    receivedAt: isoDateTime,
  }),
  'A complaint about a case was received.',
);

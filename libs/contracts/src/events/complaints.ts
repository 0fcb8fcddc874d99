import { z } from 'zod';
import { defineEvent } from '../envelope';
import { caseId, channel, isoDateTime, jurisdictionCode, regionId } from '../values';

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

/**
 * The complaints service's per-provider score: residents' ratings of resolved complaints and complaints
 * upheld against the provider. Referral uses the latest score when choosing among contracted providers.
 */
export const ProviderScoreUpdated = defineEvent(
  'provider.score.updated.v1',
  z.object({
    region: regionId,
    providerId: z.string().min(1),
    /** 0–100, higher is better; 100 for a provider with no ratings and no upheld complaints. */
    score: z.number().int().min(0).max(100),
    ratings: z.object({ count: z.number().int().nonnegative(), averageTenths: z.number().int().min(0).max(50) }),
    upheldComplaints: z.number().int().nonnegative(),
    computedAt: isoDateTime,
  }),
  'A provider’s complaint score changed (after a rating or an upheld complaint).',
);

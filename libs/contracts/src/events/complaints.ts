import { z } from 'zod';
import { defineEvent } from '../envelope';
import { caseId, channel, isoDateTime, jurisdictionCode, regionId } from '../values';

export const complaintType = z.enum(['service_quality', 'staff_conduct', 'money', 'eligibility_decision', 'other']);

/** A complaint (投诉) asks for something to be put right; a consultation (咨询) asks a question. */
export const complaintKind = z.enum(['complaint', 'consultation']);

/** Where a complaint came in: the request channels, the hotline desk, or another system over Open311. */
export const complaintChannel = z.union([channel, z.enum(['hotline', 'open311'])]);

/** Lifecycle of a complaint: received → acknowledged → assigned → investigating → resolved → closed (+ reopened). */
export const complaintStatus = z.enum([
  'received',
  'acknowledged',
  'assigned',
  'investigating',
  'resolved',
  'closed',
  'reopened',
]);

/** What a complaint is about: a case, a provider, a worker, a visit and/or a township (at least one). */
export const complaintAbout = z.object({
  caseId: caseId.optional(),
  caseNumber: z.string().min(1).optional(),
  providerId: z.string().min(1).optional(),
  workerId: z.string().min(1).optional(),
  township: jurisdictionCode.optional(),
  /** The delivered visit complained about: an upheld complaint holds (then reverses) its statement line. */
  visitId: z.string().min(1).max(100).optional(),
});

/**
 * Every complaint event is keyed by the complaint id, so one complaint's events stay in order.
 * No event carries the reporter's identity.
 */
export const ComplaintReceived = defineEvent(
  'complaint.received.v1',
  z.object({
    complaintId: z.string().min(1),
    complaintNumber: z.string().min(1),
    /** Set when the complaint is about a case. */
    caseId: caseId.optional(),
    /** Added with the lifecycle; absent on the first events. */
    region: regionId.optional(),
    kind: complaintKind.default('complaint'),
    about: complaintAbout.optional(),
    /** The township the complaint is scoped to (the case's, or the one given); absent when only a provider is named. */
    township: jurisdictionCode.optional(),
    type: complaintType,
    channel: complaintChannel,
    summary: z.string().min(1).max(2000),
    anonymous: z.boolean().default(false),
    receivedAt: isoDateTime,
  }),
  'A complaint or consultation was received (no reporter identity).',
);

export const ComplaintTransitioned = defineEvent(
  'complaint.transitioned.v1',
  z.object({
    complaintId: z.string().min(1),
    complaintNumber: z.string().min(1),
    region: regionId,
    from: complaintStatus,
    to: complaintStatus,
    /** Staff id, `system` (time limits) or the channel adapter's id. */
    actor: z.string().min(1),
    reason: z.string().min(1).max(2000),
    /** On `assigned`: who handles it now. */
    assignee: z.object({ level: z.enum(['township', 'county', 'provider']), unit: z.string().min(1) }).optional(),
    /** True when the transition was forced by an overdue time limit (escalation to the county). */
    escalated: z.boolean().optional(),
    /** On `resolved`: was the complaint upheld, and the outcome in Chinese for the resident. */
    outcome: z.object({ upheld: z.boolean(), summary: z.string().min(1).max(2000) }).optional(),
    /** The channel the complaint came in through: the outcome goes back through it. */
    channel: complaintChannel.optional(),
    providerId: z.string().min(1).optional(),
    at: isoDateTime,
  }),
  'A complaint moved in its lifecycle, with who and why (resolved: the outcome).',
);

export const ComplaintRated = defineEvent(
  'complaint.rated.v1',
  z.object({
    complaintId: z.string().min(1),
    complaintNumber: z.string().min(1),
    region: regionId,
    score: z.number().int().min(1).max(5),
    providerId: z.string().min(1).optional(),
    ratedAt: isoDateTime,
  }),
  'The resident rated how a complaint was handled (1–5), once.',
);

/**
 * The complaints service's per-provider score: residents' ratings of resolved complaints and complaints
 * upheld against the provider. Referral uses the latest score when choosing among contracted providers.
 * Formula (services/complaints `providerScore`): ratings part = 100 with no ratings, else the average
 * rating × 20; score = max(0, ratings part − 10 × upheld complaints), rounded.
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

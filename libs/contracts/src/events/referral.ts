import { z } from 'zod';
import { defineEvent, type EventOf } from '../envelope';
import { caseId, isoDateTime, jurisdictionCode, regionId } from '../values';
import { sharedContact } from './contact';

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
    /**
     * On what basis the person's data goes to the receiver: their consent, or a recorded override. The
     * override's reason (free text, may hold health information) stays with referral and the township.
     */
    sharingBasis: z.discriminatedUnion('basis', [
      z.object({ basis: z.literal('consent'), givenBy: z.enum(['applicant', 'proxy']) }),
      z.object({ basis: z.literal('override'), by: z.string().min(1) }),
    ]),
    createdAt: isoDateTime,
    /** 1 for the first receiver, 2 and up after a re-routing. */
    attempt: z.number().int().positive().default(1),
  }),
  'An approved item was referred (转介) to a department or a contracted provider.',
);

/**
 * v2, for departments only (their `.v2` topics and webhook subscriptions of version 2): v1 and the contact the
 * resident consented to share. The shared referrals topic keeps v1, so providers, bots and intake never see it.
 */
export const ReferralCreatedV2 = defineEvent(
  'referral.created.v2',
  ReferralCreated.schema.extend({
    contact: sharedContact
      .optional()
      .describe(
        'the parts of their contact (name, phone, address) the resident consented to share; absent without consent (a township override shares none)',
      ),
  }),
  'An approved item was referred (转介) to a department, with the contact the resident consented to share.',
);

/** A v1 referral.created read as v2: no contact travelled with it. Same id, time and key. */
export function referralCreatedV2FromV1(event: EventOf<typeof ReferralCreated>): EventOf<typeof ReferralCreatedV2> {
  return { ...event, type: ReferralCreatedV2.type, data: { ...event.data } };
}

/**
 * Who a referral goes to, by kind (v3): a department or a contracted provider as in v1, or a receiver the region's
 * pack names — an institution (敬老院/福利院), a party branch (党建+救助), a village's red-vest team (社工志愿), a
 * neighbour-help roster (邻里互助) or a charity (慈善救济) — by its receiver code.
 */
export const receiverRoute = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('department'), departmentCode: z.string().min(1) }),
  z.object({ kind: z.literal('provider'), providerId: z.string().min(1), contractId: z.string().min(1) }),
  ...(['institution', 'party_branch', 'village_team', 'neighbours', 'charity'] as const).map((kind) =>
    z.object({ kind: z.literal(kind), receiverCode: z.string().min(1) }),
  ),
]);
export type ReceiverRoute = z.infer<typeof receiverRoute>;

/**
 * v3, on the shared referrals topic beside v1 (same referral; a consumer reads one of the two): the receiver by
 * its kind, and the delivery mode (服务方式) the referral was routed by. v1 goes on for its consumers; in v1 a
 * receiver other than a department or provider is named as a `department` by its receiver code (it is served
 * through the department inbox).
 */
export const ReferralCreatedV3 = defineEvent(
  'referral.created.v3',
  ReferralCreated.schema.extend({
    route: receiverRoute,
    mode: z
      .object({
        code: z.string().min(1),
        name: z.string().min(1).describe('in Chinese, e.g. 邻里互助服务'),
        handover: z
          .enum(['referral', 'monthly_list', 'pairing'])
          .describe('one by one with acceptance; on the monthly list handed over (charities); a pairing record'),
      })
      .optional()
      .describe('absent when the region routes by item alone (no delivery modes)'),
  }),
  'An approved item was referred (转介) to its receiver of any kind, by the delivery mode the region’s pack chose.',
);

/** A v1 referral.created read as v3: a department or provider, routed before delivery modes. Same id, time and key. */
export function referralCreatedV3FromV1(event: EventOf<typeof ReferralCreated>): EventOf<typeof ReferralCreatedV3> {
  return { ...event, type: ReferralCreatedV3.type, data: { ...event.data } };
}

export const ReferralCancelled = defineEvent(
  'referral.cancelled.v1',
  z.object({
    referralId: z.string().min(1),
    caseId,
    /** Optional only for events written before it was added; referral always sets it. */
    region: regionId.optional(),
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

const routeOfReferral = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('department'), departmentCode: z.string().min(1) }),
  z.object({ kind: z.literal('provider'), providerId: z.string().min(1), contractId: z.string().min(1) }),
]);

/** States of a referral after the FHIR Task model (requested → received → accepted / rejected → in-progress → completed). */
export const referralState = z.enum([
  'awaiting_consent',
  'awaiting_provider',
  // On the county's monthly list for a charity (慈善救济), not yet handed over; no transition event names it.
  'awaiting_list',
  'requested',
  'received',
  'accepted',
  'rejected',
  'in_progress',
  'completed',
  'cancelled',
  'failed',
]);

/** What every referral transition event carries: who, which receiver, from which state to which, and why. */
const transition = z.object({
  referralId: z.string().min(1),
  caseId,
  region: regionId,
  itemCode: z.string().min(1),
  township: jurisdictionCode,
  route: routeOfReferral.optional().describe('the receiver the transition concerns'),
  from: referralState,
  to: referralState,
  /** How many receivers the referral has been routed to so far (1 for the first). */
  attempt: z.number().int().positive(),
  reason: z.string().min(1).optional().describe('why, in Chinese (rejections, time-outs, escalations)'),
  by: z.string().min(1).describe('who: a staff id, or "system" for timers'),
  at: isoDateTime,
});

export const ReferralReceived = defineEvent(
  'referral.received.v1',
  transition,
  'The receiver (department or provider) acknowledged the referral.',
);
export const ReferralAccepted = defineEvent(
  'referral.accepted.v1',
  transition,
  'The receiver accepted the referral and will serve the person.',
);
export const ReferralRejected = defineEvent(
  'referral.rejected.v1',
  transition,
  'The receiver rejected the referral, with the reason; referral re-routes it or escalates it to the township.',
);
export const ReferralStarted = defineEvent(
  'referral.started.v1',
  transition,
  'Service under the referral began (in progress).',
);
export const ReferralCompleted = defineEvent(
  'referral.completed.v1',
  transition,
  'The receiver completed the referred service.',
);
export const ReferralRerouted = defineEvent(
  'referral.rerouted.v1',
  transition.extend({ previousRoute: routeOfReferral.optional() }),
  'A referral moved to another receiver (after a rejection, a time-out, or a township override); a referral.created.v1 for the new receiver follows.',
);
export const ReferralEscalated = defineEvent(
  'referral.escalated.v1',
  transition,
  'No receiver answered in time or every one rejected: the township must route the referral by hand.',
);
export const ReferralFailed = defineEvent(
  'referral.failed.v1',
  transition,
  'The referral could not be served (e.g. the receiver stopped after accepting).',
);

/**
 * A county registered a purchase-of-service contract (政府购买服务合同) with a provider: who the provider is (its
 * name as the contract gives it), what it serves where, and when. No personal data. Complaints reads it to name
 * providers beside their ids in its statistics.
 */
export const ContractRegistered = defineEvent(
  'contract.registered.v1',
  z.object({
    contractId: z.string().min(1),
    region: regionId,
    providerId: z.string().min(1),
    providerName: z.string().min(1),
    itemCodes: z.array(z.string().min(1)).min(1),
    townships: z.array(jurisdictionCode).min(1),
    monthlyCapacity: z.number().int().positive(),
    validFrom: z.string().date(),
    validTo: z.string().date(),
    registeredAt: isoDateTime,
  }),
  'A county registered a purchase-of-service contract with a provider (its name, items, townships, period).',
);

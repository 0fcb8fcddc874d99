import type { Decision, EventOf, ReferralCreated } from '@carelink/contracts';
import type { AssignmentState } from '../assignment';

/** OfferAssignment: a referral to a provider becomes an offered assignment; referrals to departments are not ours. */
export function offerAssignment(referral: EventOf<typeof ReferralCreated>): AssignmentState | null {
  const d = referral.data;
  if (d.route.kind !== 'provider') return null;
  return {
    referralId: d.referralId,
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    region: d.region,
    township: d.township,
    itemCode: d.itemCode,
    person: { personId: d.person.personId, name: d.person.name },
    providerId: d.route.providerId,
    contractId: d.route.contractId,
    status: 'offered',
    version: 0,
    offeredAt: referral.time,
  };
}

/**
 * Records an offer once: a redelivered referral changes nothing (answers false). A referral re-routed to
 * another provider replaces the withdrawn offer, acceptance and withdrawal gone (the assignment id stays
 * the referral id); an offer older than the withdrawn one changes nothing.
 */
export function decideOffer(
  current: AssignmentState | undefined,
  offer: AssignmentState,
): Decision<AssignmentState, boolean> {
  if (!current) return { state: offer, result: true };
  if (current.status === 'withdrawn' && current.offeredAt < offer.offeredAt) return { state: offer, result: true };
  return { result: false };
}

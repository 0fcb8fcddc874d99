import type { EventOf, ReferralCreated } from '@carelink/contracts';
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

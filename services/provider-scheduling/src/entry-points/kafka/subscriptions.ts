import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { AssignmentRepository } from '../../data-access/assignment-repository';
import { offerAssignment } from '../../domain/offer-assignment/offer-assignment';

/** Referrals to providers become offered assignments; referrals to departments are handled elsewhere. */
export function providerSchedulingSubscriptions(assignments: AssignmentRepository): Subscription[] {
  return [
    on(topics.referrals, {
      'referral.created.v1': async (event) => {
        const state = offerAssignment(event);
        if (state) await assignments.offer(state);
      },
      // A cancelled referral (e.g. the person no longer qualifies) stops the provider's service.
      'referral.cancelled.v1': (event) =>
        assignments.cancel(event.data.referralId, { reason: event.data.reason, at: event.data.cancelledAt }),
    }),
  ];
}

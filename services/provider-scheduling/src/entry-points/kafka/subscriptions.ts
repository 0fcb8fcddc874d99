import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { AssignmentRepository } from '../../data-access/assignment-repository';
import { offerAssignment } from '../../domain/offer-assignment/offer-assignment';

/** Referrals to providers become offered assignments; referrals to departments are handled elsewhere. */
export function providerSchedulingSubscriptions(assignments: AssignmentRepository): Subscription[] {
  const withdraw = async (
    referralId: string,
    route: { kind: string; providerId?: string } | undefined,
    why: { reason?: string; at: string },
  ) => {
    if (route?.kind === 'provider' && route.providerId)
      await assignments.withdraw(referralId, route.providerId, { reason: why.reason ?? '转介已改派', at: why.at });
  };
  const close = async (
    status: 'completed' | 'failed',
    data: { referralId: string; route?: { kind: string; providerId?: string }; reason?: string; at: string },
  ) => {
    if (data.route?.kind === 'provider' && data.route.providerId)
      await assignments.close(data.referralId, data.route.providerId, status, {
        ...(data.reason ? { reason: data.reason } : {}),
        at: data.at,
      });
  };
  return [
    on(topics.referrals, {
      'referral.created.v1': async (event) => {
        const state = offerAssignment(event);
        if (state) await assignments.offer(state);
      },
      // A cancelled referral (e.g. the person no longer qualifies) stops the provider's service.
      'referral.cancelled.v1': (event) =>
        assignments.cancel(event.data.referralId, { reason: event.data.reason, at: event.data.cancelledAt }),
      // Referral takes an unanswered offer back when the provider rejects it, lets it time out, or the
      // township re-routes it; a later referral.created.v1 offers it to the next provider.
      'referral.rejected.v1': (event) => withdraw(event.data.referralId, event.data.route, event.data),
      'referral.escalated.v1': (event) => withdraw(event.data.referralId, event.data.route, event.data),
      'referral.rerouted.v1': (event) => withdraw(event.data.referralId, event.data.previousRoute, event.data),
      // The provider reported the referral completed (or unable to serve) through referral: no more visits.
      'referral.completed.v1': (event) => close('completed', event.data),
      'referral.failed.v1': (event) => close('failed', event.data),
    }),
  ];
}

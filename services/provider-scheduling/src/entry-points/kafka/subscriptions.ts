import { on, type Subscription } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import type { ServiceContext } from '@carelink/service-host';
import { assignmentStates, type AssignmentRepository } from '../../data-access/assignment-repository';
import { decideCancellation } from '../../domain/cancel-assignment/cancel-assignment';
import { decideClosure } from '../../domain/close-assignment/close-assignment';
import { decideOffer, offerAssignment } from '../../domain/offer-assignment/offer-assignment';
import type { SchedulingPorts } from '../../domain/scheduling-ports';
import { stopService } from '../../domain/stop-service/stop-service';
import { decideWithdrawal } from '../../domain/withdraw-assignment/withdraw-assignment';

/** The provider a referral was routed to; none for a department. */
const providerOf = (route: { kind: string; providerId?: string } | undefined) =>
  route?.kind === 'provider' ? route.providerId : undefined;

/** Referrals to providers become offered assignments; referrals to departments are handled elsewhere. */
export function providerSchedulingSubscriptions({
  commits,
  assignments,
  scheduling,
}: Pick<ServiceContext, 'commits'> & {
  assignments: AssignmentRepository;
  scheduling: SchedulingPorts;
}): Subscription[] {
  const withdraw = async (
    referralId: string,
    route: { kind: string; providerId?: string } | undefined,
    why: { reason?: string; at: string },
  ) => {
    const providerId = providerOf(route);
    if (providerId)
      await commits.commit(assignmentStates, referralId, (current) =>
        decideWithdrawal(current, { providerId, reason: why.reason ?? '转介已改派', at: why.at }),
      );
  };
  const close = async (
    status: 'completed' | 'failed',
    data: { referralId: string; route?: { kind: string; providerId?: string }; reason?: string; at: string },
  ) => {
    const providerId = providerOf(data.route);
    if (providerId)
      await commits.commit(assignmentStates, data.referralId, (current) =>
        decideClosure(current, {
          providerId,
          status,
          closure: { ...(data.reason ? { reason: data.reason } : {}), at: data.at },
        }),
      );
  };
  /** Stops the service of one assignment at once: the assignment, its plan, and every visit ahead of the stop. */
  const stop = async (referralId: string, why: { reason: string; at: string }) => {
    await commits.commit(assignmentStates, referralId, (current) => decideCancellation(current, why));
    await stopService(scheduling, { referralId, ...why });
  };
  return [
    // Dynamic management: the person's assistance status changed and items no longer qualify. Their services stop
    // at once here, without waiting for referral's referral.cancelled.v1 (which then changes nothing more).
    on(topics.assessmentCases, {
      'eligibility.changed.v1': async (event) => {
        for (const item of event.data.stoppedItems)
          for (const assignment of await assignments.openOf(event.data.caseId, item.itemCode))
            await stop(assignment.referralId, { reason: item.reason, at: event.time });
      },
    }),
    on(topics.referrals, {
      'referral.created.v1': async (event) => {
        const offer = offerAssignment(event);
        if (!offer) return;
        await assignments.noteOffered(offer);
        await commits.commit(assignmentStates, offer.referralId, (current) => decideOffer(current, offer));
      },
      // A cancelled referral (e.g. the person no longer qualifies) stops the provider's service at once: the
      // assignment, its plan, and every visit ahead of the stop.
      'referral.cancelled.v1': (event) =>
        stop(event.data.referralId, { reason: event.data.reason, at: event.data.cancelledAt }),
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

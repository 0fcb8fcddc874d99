import type { AssignmentAccepted, Decision, EventOf, VisitDeliveredV2 } from '@carelink/contracts';
import { attemptOf, type ReferralContext, type ReferralRecord, type ReferralStatus } from '../referral';
import { transitionEvent, withDepartmentCopies } from '../referral-events';

/**
 * RecordProviderProgress: the provider route's states come from provider-scheduling: an accepted assignment
 * accepts the referral, the first delivered visit (visit.delivered.v2, once its verification is settled; v1 history
 * read as unverified v2) starts it — unless its recipient disputed it: a visit the recipient says did not happen
 * starts nothing. Only the provider the referral is currently routed to counts, and only from the states the move
 * leaves (a later visit, or a redelivery, changes nothing); the event's id derives from its cause. Pure.
 */
export function recordProviderProgress(
  current: ReferralRecord | undefined,
  event: EventOf<typeof AssignmentAccepted> | EventOf<typeof VisitDeliveredV2>,
  ctx: ReferralContext,
): Decision<ReferralRecord> {
  if (!current || current.route?.kind !== 'provider' || current.route.providerId !== event.data.providerId) return {};
  if (event.type === 'visit.delivered.v2' && event.data.verification === 'disputed') return {};
  const accepted = event.type === 'assignment.accepted.v1';
  const from: ReferralStatus[] = accepted ? ['requested', 'received'] : ['accepted'];
  if (!from.includes(current.status)) return {};
  const to: ReferralStatus = accepted ? 'accepted' : 'in_progress';
  const by = accepted
    ? (event.data as { acceptedBy: string }).acceptedBy
    : (event.data as { workerId: string }).workerId;
  const at = new Date(event.time);
  const moved: ReferralRecord = {
    ...current,
    status: to,
    history: [
      ...(current.history ?? []),
      { from: current.status, to, attempt: attemptOf(current), by, at: event.time },
    ],
  };
  const transition = transitionEvent(current, {
    from: current.status,
    to,
    by,
    at,
    id: ctx.derivedId(event.id, 'referral', to),
  });
  return { state: moved, events: withDepartmentCopies([transition], ctx) };
}

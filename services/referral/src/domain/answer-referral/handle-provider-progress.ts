import { derivedEventId, type AssignmentAccepted, type EventOf, type VisitDelivered } from '@carelink/contracts';
import type { ReferralRepository } from '../../data-access/referral-repository';
import { attemptOf } from '../referral';
import { transitionEvent, type TransitionFacts } from '../referral-events';

/**
 * The provider route's states come from provider-scheduling: an accepted assignment accepts the referral,
 * the first delivered visit starts it. Only the provider the referral is currently routed to counts.
 */
const movedTo = (accepted: boolean) => (accepted ? 'accepted' : 'in_progress');

export async function handleProviderProgress(
  event: EventOf<typeof AssignmentAccepted> | EventOf<typeof VisitDelivered>,
  deps: { referrals: ReferralRepository; eventsWritten: () => void },
): Promise<void> {
  const referral = await deps.referrals.get(event.data.referralId);
  if (!referral || referral.route?.kind !== 'provider' || referral.route.providerId !== event.data.providerId) return;
  const accepted = event.type === 'assignment.accepted.v1';
  const from = accepted ? (['requested', 'received'] as const) : (['accepted'] as const);
  if (!(from as readonly string[]).includes(referral.status)) return;
  const facts: TransitionFacts = {
    from: referral.status,
    to: movedTo(accepted),
    by: accepted ? (event.data as { acceptedBy: string }).acceptedBy : event.data.workerId,
    at: new Date(event.time),
    id: derivedEventId(event.id, 'referral', movedTo(accepted)),
    traceparent: event.traceparent,
  };
  const ok = await deps.referrals.change(referral.referralId, {
    expect: { status: [referral.status], attempt: attemptOf(referral) },
    set: { status: facts.to },
    history: [{ from: facts.from, to: facts.to, attempt: attemptOf(referral), by: facts.by, at: event.time }],
    events: [transitionEvent(referral, facts)],
  });
  if (ok) deps.eventsWritten();
}

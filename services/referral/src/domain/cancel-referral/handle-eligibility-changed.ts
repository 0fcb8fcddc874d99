import {
  buildEvent,
  derivedEventId,
  ReferralCancelled,
  topics,
  type EligibilityChanged,
  type EventInput,
  type EventOf,
} from '@carelink/contracts';
import type { ReferralRepository } from '../../data-access/referral-repository';
import { attemptOf, OPEN_STATES, type ReferralRecord } from '../referral';
import { withDepartmentCopies } from '../referral-events';

/** The receiver a cancellation names; a referral never shared (no consent nor override) names none. */
function cancelledRoute(referral: ReferralRecord, shared: boolean): EventInput<typeof ReferralCancelled>['route'] {
  const route = referral.route;
  if (!shared || !route) return { kind: route?.kind ?? 'provider' };
  return route.kind === 'department'
    ? { kind: 'department', departmentCode: route.departmentCode }
    : { kind: 'provider', providerId: route.providerId };
}

/** Dynamic management reaches referral: items that stopped qualifying have their open referrals cancelled. */
export async function handleEligibilityChanged(
  changed: EventOf<typeof EligibilityChanged>,
  deps: { referrals: ReferralRepository; eventsWritten: () => void },
): Promise<void> {
  for (const stopped of changed.data.stoppedItems) {
    const referralId = `${changed.data.caseId}:${stopped.itemCode}`;
    const referral = await deps.referrals.get(referralId);
    if (!referral || !OPEN_STATES.includes(referral.status)) continue;
    const at = changed.time;
    const shared = Boolean(referral.sharingBasis);
    const event = buildEvent(ReferralCancelled, {
      id: derivedEventId(changed.id, ReferralCancelled.type, stopped.itemCode),
      source: '/carelink/referral',
      key: referral.caseId,
      time: new Date(at),
      traceparent: changed.traceparent,
      data: {
        referralId,
        caseId: referral.caseId,
        region: referral.region,
        itemCode: referral.itemCode,
        township: referral.township,
        route: cancelledRoute(referral, shared),
        reason: stopped.reason,
        cancelledAt: at,
      },
    });
    const history = [
      { from: referral.status, to: 'cancelled' as const, attempt: attemptOf(referral), by: 'system', at },
    ];
    if (
      await deps.referrals.cancel(
        referralId,
        { reason: stopped.reason, at },
        shared ? withDepartmentCopies([{ topic: topics.referrals, event }]) : [{ topic: topics.referrals, event }],
        history,
      )
    )
      deps.eventsWritten();
  }
}

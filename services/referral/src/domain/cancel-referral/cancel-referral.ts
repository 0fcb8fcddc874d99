import {
  draft,
  ReferralCancelled,
  topics,
  type Decision,
  type EligibilityChanged,
  type EventInput,
  type EventOf,
} from '@carelink/contracts';
import { attemptOf, OPEN_STATES, type ReferralContext, type ReferralRecord } from '../referral';
import { withDepartmentCopies } from '../referral-events';

/**
 * The receiver a cancellation names; a referral never shared (no consent nor override, or still on a charity's
 * list not handed over) names none.
 */
function cancelledRoute(referral: ReferralRecord): EventInput<typeof ReferralCancelled>['route'] {
  const route = referral.route;
  if (!referral.sharingBasis || !route || referral.status === 'awaiting_list')
    return { kind: route?.kind ?? 'provider' };
  return route.kind === 'department'
    ? { kind: 'department', departmentCode: route.departmentCode }
    : { kind: 'provider', providerId: route.providerId };
}

export interface CancelReferral {
  changed: EventOf<typeof EligibilityChanged>;
  stopped: { itemCode: string; reason: string };
}

/**
 * CancelReferral: dynamic management reaches referral: an item that stopped qualifying has its referral
 * cancelled while it is open (a closed one, or none, stays as it is). The cancellation goes to the receiver's
 * department topic only if the referral was ever shared. Its id derives from the change, so a redelivered
 * change cancels once. Pure.
 */
export function cancelReferral(
  current: ReferralRecord | undefined,
  { changed, stopped }: CancelReferral,
  ctx: ReferralContext,
): Decision<ReferralRecord> {
  if (!current || !OPEN_STATES.includes(current.status)) return {};
  const at = changed.time;
  const event = draft(topics.referrals, ReferralCancelled, {
    id: ctx.derivedId(changed.id, ReferralCancelled.type, stopped.itemCode),
    key: current.caseId,
    data: {
      referralId: current.referralId,
      caseId: current.caseId,
      region: current.region,
      itemCode: current.itemCode,
      township: current.township,
      route: cancelledRoute(current),
      reason: stopped.reason,
      cancelledAt: at,
    },
  });
  // Still on a charity's list not handed over: the charity never had it, and its inbox never shows it.
  const { route: _unsent, ...unsent } = current;
  const cancelled: ReferralRecord = {
    ...(current.status === 'awaiting_list' ? unsent : current),
    status: 'cancelled',
    cancellation: { reason: stopped.reason, at },
    history: [
      ...(current.history ?? []),
      { from: current.status, to: 'cancelled', attempt: attemptOf(current), by: 'system', at },
    ],
  };
  return { state: cancelled, events: withDepartmentCopies([event], ctx) };
}

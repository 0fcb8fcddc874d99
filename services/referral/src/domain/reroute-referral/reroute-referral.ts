import { chinaDate, chinaMonth, type PolicyPacks } from '@carelink/policy';
import type { PendingEvent } from '@carelink/store';
import type { ReferralRepository } from '../../data-access/referral-repository';
import { attemptOf, type ReferralRecord, type ReferralStatus, type Route, type Transition } from '../referral';
import { escalatedEvent, reroutedEvent, withDepartmentCopies } from '../referral-events';
import type { ReferralTimers } from '../referral-timers';
import { loadCandidates, type RoutingSources } from '../route-referral/candidates';
import { routeItem } from '../route-referral/route-referral';
import { sendToReceiver } from '../route-referral/send-to-receiver';

export interface RerouteDeps extends RoutingSources {
  policies: PolicyPacks;
  referrals: ReferralRepository;
  timers: ReferralTimers;
  eventsWritten: () => void;
}

export interface RerouteCause {
  /** The state the referral is in now (the change only applies if it still is). */
  from: ReferralStatus[];
  /** Events of the cause written in the same update (e.g. the rejection). */
  causeEvents: PendingEvent[];
  causeHistory: Transition[];
  reason: string;
  /**
   * What the referral.rerouted event says instead, when `reason` is the previous receiver's own words: that
   * event reaches the next receiver, which is not told what the previous one wrote (it may be about the person).
   */
  reroutedReason?: string;
  by: string;
  at: Date;
  traceparent?: string;
}

/**
 * RerouteOrEscalate: after a rejection or a time-out the referral goes to the next provider that has not
 * been tried (ranked as for the first routing), while the pack's routing limit allows; else it escalates
 * to the township, which routes it by hand. A department, charity or institution has no "next": escalate.
 */
export async function rerouteOrEscalate(
  referral: ReferralRecord,
  cause: RerouteCause,
  deps: RerouteDeps,
): Promise<boolean> {
  const pack = deps.policies.get(referral.region);
  if (!pack) throw new Error(`no policy pack for region ${referral.region}`);
  const attempt = attemptOf(referral);
  // Capacity is that of the month the referral is re-routed in, and it counts there from now on.
  const month = chinaMonth(cause.at);
  const tried = [
    ...(referral.triedProviders ?? []),
    ...(referral.route?.kind === 'provider' ? [referral.route.providerId] : []),
  ];
  const decision =
    referral.route?.kind === 'provider' && attempt < pack.timeLimits.referralMaxRoutings
      ? routeItem(
          pack,
          referral.itemCode,
          referral.township,
          chinaDate(cause.at),
          await loadCandidates(referral.region, month, deps),
          tried,
        )
      : undefined;
  const at = cause.at.toISOString();
  const facts = { from: 'rejected' as ReferralStatus, by: cause.by, at: cause.at, reason: cause.reason };
  const base = cause.causeHistory.length ? 'rejected' : referral.status;
  if (decision?.route) {
    const next = { route: decision.route as Route, attempt: attempt + 1 };
    const ok = await sendToReceiver(
      {
        referral,
        from: cause.from,
        route: next.route,
        attempt: next.attempt,
        sharingBasis: referral.sharingBasis!,
        explanation: decision.explanation,
        storedExplanation: `${decision.explanation}（改派原因：${cause.reason}）`,
        month,
        eventsBefore: [
          ...cause.causeEvents,
          reroutedEvent(
            referral,
            {
              ...facts,
              from: base,
              to: 'requested',
              reason: cause.reroutedReason ?? cause.reason,
              traceparent: cause.traceparent,
            },
            next,
          ),
        ],
        history: [
          ...cause.causeHistory,
          { from: base, to: 'requested', attempt: next.attempt, by: cause.by, at, reason: cause.reason },
        ],
        set: { triedProviders: tried },
        at: cause.at,
        traceparent: cause.traceparent,
      },
      deps,
    );
    if (ok) deps.eventsWritten();
    return ok;
  }
  const why = decision ? decision.explanation : '无其他可改派的接收方';
  const events = [
    ...cause.causeEvents,
    escalatedEvent(referral, {
      ...facts,
      from: base,
      to: 'awaiting_provider',
      reason: `${cause.reason}；${why}，请乡镇(街道)指定`,
      traceparent: cause.traceparent,
    }),
  ];
  const ok = await deps.referrals.change(referral.referralId, {
    expect: { status: cause.from, attempt },
    set: {
      status: 'awaiting_provider',
      triedProviders: tried,
      explanation: `${cause.reason}；${why}，待乡镇(街道)指定`,
    },
    clearRoute: true,
    history: [
      ...cause.causeHistory,
      { from: base, to: 'awaiting_provider', attempt, by: cause.by, at, reason: cause.reason },
    ],
    events: withDepartmentCopies(events),
  });
  if (ok) deps.eventsWritten();
  return ok;
}

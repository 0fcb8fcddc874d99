import type { Decision, EventDraft } from '@carelink/contracts';
import { chinaDate, chinaMonth, type PolicyPack } from '@carelink/policy';
import {
  attemptOf,
  packOf,
  type ReferralContext,
  type ReferralRecord,
  type ReferralStatus,
  type Route,
  type Transition,
} from '../referral';
import { escalatedEvent, reroutedEvent, withDepartmentCopies } from '../referral-events';
import { loadCandidates, type RoutingSources } from '../route-referral/candidates';
import { routeItem, type CandidateLoad } from '../route-referral/route-referral';
import { sendToReceiver } from '../route-referral/send-to-receiver';

export interface RerouteCause {
  /** Events of the cause written in the same update (e.g. the rejection). */
  causeEvents: EventDraft[];
  causeHistory: Transition[];
  reason: string;
  /**
   * What the referral.rerouted event says instead, when `reason` is the previous receiver's own words: that
   * event reaches the next receiver, which is not told what the previous one wrote (it may be about the person).
   */
  reroutedReason?: string;
  by: string;
}

/** Whether a re-routing looks for another provider: a provider's referral, while the pack's routing limit allows. */
export function mayRerouteToProvider(referral: ReferralRecord, pack: PolicyPack): boolean {
  return referral.route?.kind === 'provider' && attemptOf(referral) < pack.timeLimits.referralMaxRoutings;
}

/** The candidates a re-routing of the referral ranks now (none when it would not look for a provider). */
export async function candidatesForRerouting(
  referral: ReferralRecord,
  ctx: ReferralContext,
  sources: RoutingSources,
): Promise<CandidateLoad[]> {
  // Capacity is that of the month the referral is re-routed in, and it counts there from now on.
  return mayRerouteToProvider(referral, packOf(ctx, referral.region))
    ? loadCandidates(referral.region, chinaMonth(ctx.now), sources)
    : [];
}

/**
 * RerouteOrEscalate: after a rejection or a time-out the referral goes to the next provider that has not
 * been tried (ranked as for the first routing, among `candidates`), while the pack's routing limit allows;
 * else it escalates to the township, which routes it by hand. A department, charity or institution has no
 * "next": escalate. Pure.
 */
export function rerouteOrEscalate(
  referral: ReferralRecord,
  cause: RerouteCause,
  candidates: CandidateLoad[],
  ctx: ReferralContext,
): Decision<ReferralRecord, ReferralRecord> {
  const pack = packOf(ctx, referral.region);
  const attempt = attemptOf(referral);
  const tried = [
    ...(referral.triedProviders ?? []),
    ...(referral.route?.kind === 'provider' ? [referral.route.providerId] : []),
  ];
  const decision = mayRerouteToProvider(referral, pack)
    ? routeItem(pack, referral.itemCode, referral.township, chinaDate(ctx.now), candidates, tried)
    : undefined;
  const at = ctx.now.toISOString();
  const facts = { by: cause.by, at: ctx.now };
  const from: ReferralStatus = cause.causeHistory.length ? 'rejected' : referral.status;
  if (decision?.route) {
    const next = { route: decision.route as Route, attempt: attempt + 1 };
    return sendToReceiver(
      referral,
      {
        route: next.route,
        attempt: next.attempt,
        sharingBasis: referral.sharingBasis!,
        explanation: decision.explanation,
        storedExplanation: `${decision.explanation}（改派原因：${cause.reason}）`,
        month: chinaMonth(ctx.now),
        eventsBefore: [
          ...cause.causeEvents,
          reroutedEvent(
            referral,
            { ...facts, from, to: 'requested', reason: cause.reroutedReason ?? cause.reason },
            next,
          ),
        ],
        history: [
          ...cause.causeHistory,
          { from, to: 'requested', attempt: next.attempt, by: cause.by, at, reason: cause.reason },
        ],
        set: { triedProviders: tried },
      },
      ctx,
    );
  }
  const why = decision ? decision.explanation : '无其他可改派的接收方';
  const events = [
    ...cause.causeEvents,
    escalatedEvent(referral, {
      ...facts,
      from,
      to: 'awaiting_provider',
      reason: `${cause.reason}；${why}，请乡镇(街道)指定`,
    }),
  ];
  const { route: _previous, ...unrouted } = referral;
  const escalated: ReferralRecord = {
    ...unrouted,
    status: 'awaiting_provider',
    triedProviders: tried,
    explanation: `${cause.reason}；${why}，待乡镇(街道)指定`,
    history: [
      ...(referral.history ?? []),
      ...cause.causeHistory,
      { from, to: 'awaiting_provider', attempt, by: cause.by, at, reason: cause.reason },
    ],
  };
  return { state: escalated, events: withDepartmentCopies(events, ctx), result: escalated };
}

import {
  buildEvent,
  departmentReferralsTopic,
  ReferralAccepted,
  ReferralCompleted,
  ReferralEscalated,
  ReferralFailed,
  ReferralReceived,
  ReferralRejected,
  ReferralRerouted,
  ReferralStarted,
  topics,
} from '@carelink/contracts';
import type { PendingEvent } from '@carelink/store';
import { attemptOf, type ReferralRecord, type ReferralStatus, type Route } from './referral';

const TRANSITION_EVENTS = {
  received: ReferralReceived,
  accepted: ReferralAccepted,
  rejected: ReferralRejected,
  in_progress: ReferralStarted,
  completed: ReferralCompleted,
  failed: ReferralFailed,
} as const;

export interface TransitionFacts {
  from: ReferralStatus;
  to: ReferralStatus;
  by: string;
  at: Date;
  reason?: string;
  id?: string;
  traceparent?: string;
}

function base(referral: ReferralRecord, facts: TransitionFacts, route: Route | undefined, attempt: number) {
  return {
    referralId: referral.referralId,
    caseId: referral.caseId,
    region: referral.region,
    itemCode: referral.itemCode,
    township: referral.township,
    ...(route ? { route } : {}),
    from: facts.from,
    to: facts.to,
    attempt,
    ...(facts.reason ? { reason: facts.reason } : {}),
    by: facts.by,
    at: facts.at.toISOString(),
  };
}

const meta = (referral: ReferralRecord, facts: TransitionFacts) => ({
  ...(facts.id ? { id: facts.id } : {}),
  source: '/carelink/referral',
  key: referral.caseId,
  time: facts.at,
  traceparent: facts.traceparent,
});

/** The event of a receiver's move (received, accepted, rejected, started, completed, failed). */
export function transitionEvent(referral: ReferralRecord, facts: TransitionFacts): PendingEvent {
  const definition = TRANSITION_EVENTS[facts.to as keyof typeof TRANSITION_EVENTS];
  if (!definition) throw new Error(`no event for a move to ${facts.to}`);
  return {
    topic: topics.referrals,
    event: buildEvent(definition, {
      ...meta(referral, facts),
      data: base(referral, facts, referral.route, attemptOf(referral)),
    }),
  };
}

export function reroutedEvent(
  referral: ReferralRecord,
  facts: TransitionFacts,
  next: { route: Route; attempt: number },
): PendingEvent {
  return {
    topic: topics.referrals,
    event: buildEvent(ReferralRerouted, {
      ...meta(referral, facts),
      data: {
        ...base(referral, facts, next.route, next.attempt),
        ...(referral.route ? { previousRoute: referral.route } : {}),
      },
    }),
  };
}

export function escalatedEvent(referral: ReferralRecord, facts: TransitionFacts): PendingEvent {
  return {
    topic: topics.referrals,
    event: buildEvent(ReferralEscalated, {
      ...meta(referral, facts),
      data: base(referral, facts, referral.route, attemptOf(referral)),
    }),
  };
}

/**
 * Every referral event concerning a department also goes to that department's own topic (of the event's
 * region), so a department reads (and is granted by ACL) only its topic. Same event id: a consumer of both sees one event.
 */
export function withDepartmentCopies(events: PendingEvent[]): PendingEvent[] {
  const out: PendingEvent[] = [];
  for (const e of events) {
    out.push(e);
    if (e.topic.name !== topics.referrals.name) continue;
    const data = e.event.data as { region: string; route?: Route; previousRoute?: Route };
    const codes = new Set<string>();
    for (const r of [data.route, data.previousRoute]) if (r?.kind === 'department') codes.add(r.departmentCode);
    for (const code of codes) out.push({ topic: departmentReferralsTopic(data.region, code), event: e.event });
  }
  return out;
}

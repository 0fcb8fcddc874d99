import {
  departmentReferralsTopic,
  draft,
  ReferralAccepted,
  ReferralCompleted,
  ReferralCreatedV3,
  ReferralEscalated,
  ReferralFailed,
  ReferralReceived,
  ReferralRejected,
  ReferralRerouted,
  ReferralStarted,
  topics,
  type EventDraft,
  type UseCaseContext,
} from '@carelink/contracts';
import { attemptOf, type ReferralContext, type ReferralRecord, type ReferralStatus, type Route } from './referral';

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
  /** A derived id, when the cause is an event that may be delivered again. */
  id?: string;
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
  key: referral.caseId,
  ...(facts.id ? { id: facts.id } : {}),
});

/** The event of a receiver's move (received, accepted, rejected, started, completed, failed). */
export function transitionEvent(referral: ReferralRecord, facts: TransitionFacts): EventDraft {
  const definition = TRANSITION_EVENTS[facts.to as keyof typeof TRANSITION_EVENTS];
  if (!definition) throw new Error(`no event for a move to ${facts.to}`);
  return draft(topics.referrals, definition, {
    ...meta(referral, facts),
    data: base(referral, facts, referral.route, attemptOf(referral)),
  });
}

export function reroutedEvent(
  referral: ReferralRecord,
  facts: TransitionFacts,
  next: { route: Route; attempt: number },
): EventDraft {
  return draft(topics.referrals, ReferralRerouted, {
    ...meta(referral, facts),
    data: {
      ...base(referral, facts, next.route, next.attempt),
      ...(referral.route ? { previousRoute: referral.route } : {}),
    },
  });
}

export function escalatedEvent(referral: ReferralRecord, facts: TransitionFacts): EventDraft {
  return draft(topics.referrals, ReferralEscalated, {
    ...meta(referral, facts),
    data: base(referral, facts, referral.route, attemptOf(referral)),
  });
}

/**
 * Every referral event concerning a department also goes to that department's own topic (of the event's
 * region), so a department reads (and is granted by ACL) only its topic. Same event id: a consumer of both
 * sees one event (an event without a derived id is given one here, for it and its copies).
 */
export function withDepartmentCopies(
  events: EventDraft[],
  ctx: Pick<UseCaseContext, 'newId'> & Pick<ReferralContext, 'policies'>,
): EventDraft[] {
  const out: EventDraft[] = [];
  for (const e of events) {
    // referral.created.v3 stays on the shared topic: the department topics keep their events.
    if (e.topic.name !== topics.referrals.name || e.type === ReferralCreatedV3.type) {
      out.push(e);
      continue;
    }
    const data = e.data as { region: string; route?: Route; previousRoute?: Route };
    const departments = ctx.policies.get(data.region)?.departments ?? {};
    const codes = new Set<string>();
    // A cancellation of a referral never shared names no department: it is copied nowhere. Nor is a referral to
    // a receiver the pack lists besides its departments (a party branch, a village team …): it has no topic.
    for (const r of [data.route, data.previousRoute])
      if (r?.kind === 'department' && r.departmentCode && r.departmentCode in departments) codes.add(r.departmentCode);
    const event = codes.size > 0 && !e.id ? { ...e, id: ctx.newId() } : e;
    out.push(event);
    for (const code of codes) out.push({ ...event, topic: departmentReferralsTopic(data.region, code) });
  }
  return out;
}

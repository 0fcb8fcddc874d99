import type { Decision, EventDraft } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import type { Complaint, ComplaintsContext } from '../complaint';
import { countyOf, transitionComplaint } from '../lifecycle/transition-complaint';

export type TimeLimit = 'acknowledge' | 'resolve';

/** Job ids of a complaint's timers: one per limit and round, so rescheduling cannot add a second. */
export function timerJobs(complaint: Pick<Complaint, 'complaintId' | 'round' | 'acknowledgeBy' | 'resolveBy'>) {
  return [
    {
      name: 'complaint-acknowledge-overdue',
      jobId: `complaint-acknowledge-overdue_${complaint.complaintId}`,
      runAt: new Date(complaint.acknowledgeBy),
    },
    {
      name: 'complaint-resolve-overdue',
      jobId: `complaint-resolve-overdue_${complaint.complaintId}_${complaint.round}`,
      runAt: new Date(complaint.resolveBy),
    },
  ];
}

/** Whether a time limit still matters: the complaint has not moved on, is not with the county, same round. */
function limitApplies(c: Complaint, limit: TimeLimit, round: number | undefined): boolean {
  if (c.kind === 'consultation' && c.status === 'closed') return false;
  if (limit === 'acknowledge') return c.status === 'received';
  if (round !== undefined && round !== c.round) return false;
  if (['resolved', 'closed'].includes(c.status)) return false;
  return !(c.escalated && c.assignee?.level === 'county');
}

const dueAt = (c: Complaint, limit: TimeLimit) => new Date(limit === 'acknowledge' ? c.acknowledgeBy : c.resolveBy);

/**
 * A timer that ran before its limit (clock skew between hosts, a promoted or early job) while the limit
 * still matters: the time it must run again. Null when it is due, or when the limit no longer matters.
 */
export function notYetDue(input: { complaint: Complaint; limit: TimeLimit; round?: number; now: Date }): Date | null {
  const { complaint: c, limit, now } = input;
  if (!limitApplies(c, limit, input.round)) return null;
  const due = dueAt(c, limit);
  return now.getTime() < due.getTime() ? due : null;
}

/**
 * What an expired time limit does: a complaint not acknowledged in time, or not resolved in time, is
 * assigned to the county (escalated). Nothing happens when it moved on in time, when it is already with
 * the county after an escalation, or when the timer belongs to an earlier round (reopened since).
 */
export function escalateIfOverdue(input: {
  complaint: Complaint;
  limit: TimeLimit;
  round?: number;
  pack: PolicyPack;
  now: Date;
}): { complaint: Complaint; events: EventDraft[] } | null {
  const { complaint: c, limit, pack, now } = input;
  if (!limitApplies(c, limit, input.round)) return null;
  if (now.getTime() < dueAt(c, limit).getTime()) return null;
  const days = limit === 'acknowledge' ? pack.complaints.acknowledgeWorkingDays : pack.complaints.resolveWorkingDays;
  const county = countyOf(c, pack);
  // Assignment follows acknowledgement; an unacknowledged complaint is acknowledged by the escalation.
  let current = c;
  const events: EventDraft[] = [];
  if (c.status === 'received') {
    const ack = transitionComplaint({
      complaint: c,
      command: { to: 'acknowledged', reason: `超过${days}个工作日未受理，系统受理并升级` },
      actor: 'system',
      pack,
      now,
      escalated: true,
    });
    current = ack.complaint;
    events.push(...ack.events);
  }
  if (current.status === 'resolved' || current.status === 'closed') return null;
  const to = transitionComplaint({
    complaint: current,
    command: {
      to: 'assigned',
      reason:
        limit === 'acknowledge'
          ? `超过受理时限（${days}个工作日），升级至县级督办`
          : `超过办结时限（${days}个工作日），升级至县级督办`,
      assignee: { level: 'county', unit: county },
    },
    actor: 'system',
    pack,
    now,
    escalated: true,
  });
  return { complaint: to.complaint, events: [...events, ...to.events] };
}

/** What a timer's run came to: the complaint was escalated, or the timer must run again at a later time. */
export interface TimeLimitOutcome {
  escalated: boolean;
  /** Set when the timer ran before its limit while the limit still matters. */
  runAgainAt: Date | null;
}

/**
 * A time limit's timer ran: escalate when overdue (see `escalateIfOverdue`), else say when to run again if it
 * ran early. A complaint that is gone, or of a region without a pack, is left alone.
 */
export function decideTimeLimit(
  current: Complaint | undefined,
  timer: { limit: TimeLimit; round?: number },
  ctx: ComplaintsContext,
): Decision<Complaint, TimeLimitOutcome> {
  const pack = current && ctx.policies.get(current.region);
  if (!current || !pack) return { result: { escalated: false, runAgainAt: null } };
  const { limit, round } = timer;
  const decided = escalateIfOverdue({ complaint: current, limit, round, pack, now: ctx.now });
  if (decided)
    return { state: decided.complaint, events: decided.events, result: { escalated: true, runAgainAt: null } };
  return { result: { escalated: false, runAgainAt: notYetDue({ complaint: current, limit, round, now: ctx.now }) } };
}

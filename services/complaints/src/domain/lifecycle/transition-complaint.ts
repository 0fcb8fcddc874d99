import type { StaffPrincipal } from '@carelink/auth';
import {
  ComplaintTransitioned,
  complaintStatus,
  DomainError,
  draft,
  topics,
  type Decision,
  type EventDraft,
  freeText,
} from '@carelink/contracts';
import { addWorkingDays, type PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import type { AssigneeLevel, Complaint, ComplaintsContext, ComplaintStatus } from '../complaint';
import { assertInJurisdiction, complaintInScope, packOf } from '../complaint-access';

/** Which status may follow which (received → acknowledged → assigned → investigating → resolved → closed; reopened). */
export const NEXT: Record<ComplaintStatus, ComplaintStatus[]> = {
  received: ['acknowledged', 'closed'],
  acknowledged: ['assigned', 'closed'],
  assigned: ['assigned', 'investigating'],
  investigating: ['assigned', 'resolved'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['assigned', 'investigating'],
};

/** TransitionComplaint: move a complaint on, saying why; assignments name the unit, resolutions the outcome. */
export const transitionComplaintCommand = z
  .object({
    to: complaintStatus,
    reason: freeText().trim().min(1).max(2000),
    assignee: z
      .object({ level: z.enum(['township', 'county', 'provider']), unit: z.string().trim().min(1).max(64) })
      .optional(),
    /**
     * The staff member who will handle it (sees the reporter's identity). An assignment without one leaves
     * it open (the dispatcher is not the handler); whoever moves the complaint to investigating then takes it.
     */
    handlerId: z.string().trim().min(1).max(100).optional(),
    outcome: z.object({ upheld: z.boolean(), summary: freeText().trim().min(1).max(2000) }).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.to === 'assigned' && !c.assignee)
      ctx.addIssue({ code: 'custom', path: ['assignee'], message: 'an assignment names the unit' });
    if (c.to === 'resolved' && !c.outcome)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'a resolution gives the outcome' });
    if (c.assignee?.level === 'township' && !/^\d{9}$/.test(c.assignee.unit))
      ctx.addIssue({ code: 'custom', path: ['assignee', 'unit'], message: 'a township code has 9 digits' });
    if (c.assignee?.level === 'county' && !/^\d{6}$/.test(c.assignee.unit))
      ctx.addIssue({ code: 'custom', path: ['assignee', 'unit'], message: 'a county code has 6 digits' });
  });
export type TransitionComplaint = z.infer<typeof transitionComplaintCommand>;

const STATUS_ZH: Record<ComplaintStatus, string> = {
  received: '已接收',
  acknowledged: '已受理',
  assigned: '已交办',
  investigating: '调查中',
  resolved: '已办结待确认',
  closed: '已关闭',
  reopened: '已重新处理',
};

/** The county a complaint belongs to: its scope's first six digits, else the region's first county. */
export function countyOf(complaint: Pick<Complaint, 'scope'>, pack: PolicyPack): string {
  return complaint.scope.length >= 6 ? complaint.scope.slice(0, 6) : pack.jurisdictions[0]!.code;
}

/**
 * TransitionComplaint as staff ask for it: the caller must see the complaint (else not found / forbidden);
 * staff assign within their jurisdiction, or up to their own county. Answers the complaint as it is now.
 */
export function decideTransition(
  current: Complaint | undefined,
  command: { transition: TransitionComplaint; principal: StaffPrincipal },
  ctx: ComplaintsContext,
): Decision<Complaint, Complaint> {
  const { transition, principal } = command;
  const c = complaintInScope(current, principal);
  const unit = transition.assignee?.level === 'provider' ? undefined : transition.assignee?.unit;
  if (unit && !(transition.assignee!.level === 'county' && principal.jurisdiction.startsWith(unit)))
    assertInJurisdiction(principal, unit, c.region);
  const pack = packOf(ctx.policies, c.region);
  const { complaint, events } = transitionComplaint({
    complaint: c,
    command: transition,
    actor: principal.sub,
    pack,
    now: ctx.now,
  });
  return { state: complaint, events, result: complaint };
}

/**
 * Decides a transition. Pure: the complaint as stored, the command, who, when. Returns the changed
 * complaint and its ComplaintTransitioned event, or throws a conflict (invalid_transition).
 */
export function transitionComplaint(input: {
  complaint: Complaint;
  command: TransitionComplaint;
  actor: string;
  pack: PolicyPack;
  now: Date;
  escalated?: boolean;
}): { complaint: Complaint; events: EventDraft[] } {
  const { complaint: c, command, actor, now, pack } = input;
  if (!NEXT[c.status].includes(command.to))
    throw DomainError.conflict(
      'invalid_transition',
      `a ${c.status} complaint cannot become ${command.to}; next: ${NEXT[c.status].join(', ')}`,
      `该投诉当前为“${STATUS_ZH[c.status]}”，不能改为“${STATUS_ZH[command.to]}”`,
    );
  if (c.kind === 'complaint' && command.to === 'closed' && c.status !== 'resolved')
    throw DomainError.conflict(
      'invalid_transition',
      'a complaint is closed after it was resolved; only a consultation closes early',
      '投诉须办结后才能关闭',
    );
  const at = now.toISOString();
  const next: Complaint = { ...c, status: command.to, updatedAt: at };
  if (command.to === 'assigned') {
    const assignee = command.assignee!;
    next.assignee = assignee as { level: AssigneeLevel; unit: string };
    next.handlerId = command.handlerId;
    if (assignee.level !== 'provider') next.scope = assignee.unit;
  }
  if (command.to === 'investigating') next.handlerId = command.handlerId ?? next.handlerId ?? actor;
  if (command.to === 'resolved') next.outcome = command.outcome;
  if (command.to === 'reopened') {
    next.round = c.round + 1;
    next.resolveBy = addWorkingDays(now, pack.complaints.resolveWorkingDays, pack.workingCalendar).toISOString();
    next.outcome = undefined;
  }
  if (input.escalated) next.escalated = true;
  next.history = [
    ...c.history,
    {
      from: c.status,
      to: command.to,
      actor,
      reason: command.reason,
      at,
      ...(input.escalated ? { escalated: true } : {}),
    },
  ];
  const transitioned = draft(topics.complaints, ComplaintTransitioned, {
    key: c.complaintId,
    data: {
      complaintId: c.complaintId,
      complaintNumber: c.complaintNumber,
      region: c.region,
      from: c.status,
      to: command.to,
      actor,
      reason: command.reason,
      ...(next.assignee && command.to === 'assigned' ? { assignee: next.assignee } : {}),
      ...(input.escalated ? { escalated: true } : {}),
      ...(command.to === 'resolved' ? { outcome: command.outcome } : {}),
      channel: c.channel,
      ...(c.about.providerId ? { providerId: c.about.providerId } : {}),
      at,
    },
  });
  return { complaint: next, events: [transitioned] };
}

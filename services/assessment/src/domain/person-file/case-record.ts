import {
  visitDeliveredFromV1,
  type ComplaintReceived,
  type ComplaintTransitioned,
  type DocumentAttached,
  type EligibilityChanged,
  type EligibilityDecided,
  type EventOf,
  type InvestigationRecorded,
  type PlanApproved,
  type PlanChanged,
  type PlanProposed,
  type PlanReturned,
  type PlanStopped,
  type ReferralAccepted,
  type ReferralCancelled,
  type ReferralCompleted,
  type ReferralCreated,
  type ReferralRejected,
  type ReferralStarted,
  type VisitCancelled,
  type VisitCheckedIn,
  type VisitCheckedOut,
  type VisitDelivered,
  type VisitDeliveredV2,
  type VisitDisputed,
  type VisitRescheduled,
  type VisitScheduled,
  type VisitVerified,
} from '@carelink/contracts';

/**
 * What the one-person file (一人一档) keeps of one case, projected from the events every service publishes
 * about it: the documents (references to intake's attachments, never their bytes), the needs form of the home
 * investigation, the decisions with their item-by-item explanations, the referrals, the service plans with their
 * versions, and the visits with their verification. Kept per case (the key of every one of those events), so a
 * case's events are applied in their order; the file of a person gathers the records of their cases.
 */
export interface CaseRecord {
  caseId: string;
  /** Ids of the events applied (each applies once). */
  appliedEvents: string[];
  documents: { attachmentId: string; kind: string; attachedBy: string; attachedAt: string }[];
  needsForms: {
    recordedBy: string;
    recordedAt: string;
    difficulty: { types: string[]; degree: string };
    barthel?: { score: number; band: string };
    verifiedConditions: string[];
    needs: { kind: string; category: string; itemCode?: string; description: string }[];
  }[];
  decisions: {
    decidedBy: string;
    decidedAt: string;
    packVersion: string;
    items: { itemCode: string; approved: boolean; reason: string }[];
  }[];
  stoppedItems: { itemCode: string; reason: string; effectiveFrom: string }[];
  referrals: ReferralEntry[];
  plans: PlanEntry[];
  visits: VisitEntry[];
}

export interface ReferralEntry {
  referralId: string;
  itemCode: string;
  /** Who it went to: `department:<code>` or `provider:<id>`. */
  receiver: string;
  explanation: string;
  status: 'requested' | 'accepted' | 'rejected' | 'in_progress' | 'completed' | 'cancelled';
  createdAt: string;
  updatedAt: string;
  reason?: string;
}

export interface PlanVersion {
  planVersion: number;
  status: 'proposed' | 'approved' | 'returned' | 'superseded' | 'stopped';
  rrule: string;
  startDate: string;
  endDate: string;
  durationMinutes: number;
  tasks: string[];
  /** Why it was changed, returned or stopped. */
  reason?: string;
  at: string;
}

export interface PlanEntry {
  planId: string;
  referralId: string;
  itemCode: string;
  providerId: string;
  versions: PlanVersion[];
}

export type VisitStatus = 'scheduled' | 'cancelled' | 'checked_in' | 'checked_out' | 'delivered';

export interface VisitEntry {
  visitId: string;
  itemCode: string;
  providerId: string;
  workerId: string;
  status: VisitStatus;
  scheduledFor?: string;
  checkedInAt?: string;
  checkedOutAt?: string;
  deliveredAt?: string;
  distanceMeters?: number;
  farFromHome?: boolean;
  tasksDone?: string[];
  units?: number;
  /** pending: checked out, awaiting the recipient's confirmation. */
  verification?: 'pending' | 'verified' | 'disputed' | 'unverified';
  verificationReason?: string;
  note?: string;
}

/** The events a case record is built from. */
export type CaseRecordEvent =
  | EventOf<typeof DocumentAttached>
  | EventOf<typeof InvestigationRecorded>
  | EventOf<typeof EligibilityDecided>
  | EventOf<typeof EligibilityChanged>
  | EventOf<typeof ReferralCreated>
  | EventOf<typeof ReferralCancelled>
  | EventOf<typeof ReferralAccepted>
  | EventOf<typeof ReferralRejected>
  | EventOf<typeof ReferralStarted>
  | EventOf<typeof ReferralCompleted>
  | EventOf<typeof PlanProposed>
  | EventOf<typeof PlanApproved>
  | EventOf<typeof PlanReturned>
  | EventOf<typeof PlanChanged>
  | EventOf<typeof PlanStopped>
  | EventOf<typeof VisitScheduled>
  | EventOf<typeof VisitRescheduled>
  | EventOf<typeof VisitCancelled>
  | EventOf<typeof VisitCheckedIn>
  | EventOf<typeof VisitCheckedOut>
  | EventOf<typeof VisitVerified>
  | EventOf<typeof VisitDisputed>
  | EventOf<typeof VisitDelivered>
  | EventOf<typeof VisitDeliveredV2>;

export function emptyCaseRecord(caseId: string): CaseRecord {
  return {
    caseId,
    appliedEvents: [],
    documents: [],
    needsForms: [],
    decisions: [],
    stoppedItems: [],
    referrals: [],
    plans: [],
    visits: [],
  };
}

/** Replaces the element `matches` finds with `change(it)`, or adds `create()` (when given) at the end. */
function upsert<T>(list: T[], matches: (t: T) => boolean, change: (t: T) => T, create?: () => T): T[] {
  const i = list.findIndex(matches);
  if (i >= 0) return list.map((t, j) => (j === i ? change(t) : t));
  return create ? [...list, create()] : list;
}

const receiverOf = (route: { kind: string; departmentCode?: string; providerId?: string }) =>
  route.kind === 'provider' ? `provider:${route.providerId}` : `department:${route.departmentCode}`;

const referralStatus: Record<string, ReferralEntry['status']> = {
  'referral.accepted.v1': 'accepted',
  'referral.rejected.v1': 'rejected',
  'referral.started.v1': 'in_progress',
  'referral.completed.v1': 'completed',
};

/**
 * A case's record after one more event: the record unchanged (`undefined`) when the event was applied before,
 * so a redelivery changes nothing. Pure.
 */
export function recordCaseEvent(current: CaseRecord | undefined, event: CaseRecordEvent): CaseRecord | undefined {
  if (current?.appliedEvents.includes(event.id)) return undefined;
  const record = current ?? emptyCaseRecord(event.data.caseId);
  return { ...applyEvent(record, event), appliedEvents: [...record.appliedEvents, event.id] };
}

function applyEvent(r: CaseRecord, event: CaseRecordEvent): CaseRecord {
  switch (event.type) {
    case 'document.attached.v1': {
      const d = event.data;
      if (r.documents.some((x) => x.attachmentId === d.attachmentId)) return r;
      return {
        ...r,
        documents: [
          ...r.documents,
          { attachmentId: d.attachmentId, kind: d.kind, attachedBy: d.attachedBy, attachedAt: d.attachedAt },
        ],
      };
    }
    case 'investigation.recorded.v1': {
      const d = event.data;
      return {
        ...r,
        needsForms: [
          ...r.needsForms,
          {
            recordedBy: d.recordedBy,
            recordedAt: d.recordedAt,
            difficulty: d.difficulty,
            ...(d.barthel ? { barthel: d.barthel } : {}),
            verifiedConditions: d.verifiedConditions,
            needs: d.needs,
          },
        ],
      };
    }
    case 'eligibility.decided.v2': {
      const d = event.data;
      return {
        ...r,
        decisions: [
          ...r.decisions,
          { decidedBy: d.decidedBy, decidedAt: d.decidedAt, packVersion: d.packVersion, items: d.items },
        ],
      };
    }
    case 'eligibility.changed.v1':
      return {
        ...r,
        stoppedItems: [
          ...r.stoppedItems,
          ...event.data.stoppedItems.map((s) => ({ ...s, effectiveFrom: event.data.effectiveFrom })),
        ],
      };
    case 'referral.created.v1': {
      const d = event.data;
      return {
        ...r,
        referrals: upsert(
          r.referrals,
          (x) => x.referralId === d.referralId,
          (x) => ({ ...x, receiver: receiverOf(d.route), status: 'requested', updatedAt: d.createdAt }),
          () => ({
            referralId: d.referralId,
            itemCode: d.itemCode,
            receiver: receiverOf(d.route),
            explanation: d.explanation,
            status: 'requested',
            createdAt: d.createdAt,
            updatedAt: d.createdAt,
          }),
        ),
      };
    }
    case 'referral.cancelled.v1': {
      const d = event.data;
      return {
        ...r,
        referrals: upsert(
          r.referrals,
          (x) => x.referralId === d.referralId,
          (x) => ({ ...x, status: 'cancelled', reason: d.reason, updatedAt: d.cancelledAt }),
        ),
      };
    }
    case 'referral.accepted.v1':
    case 'referral.rejected.v1':
    case 'referral.started.v1':
    case 'referral.completed.v1': {
      const d = event.data;
      return {
        ...r,
        referrals: upsert(
          r.referrals,
          (x) => x.referralId === d.referralId,
          (x) => ({
            ...x,
            status: referralStatus[event.type]!,
            updatedAt: d.at,
            ...(d.reason ? { reason: d.reason } : {}),
          }),
        ),
      };
    }
    case 'plan.proposed.v1':
    case 'plan.approved.v1':
    case 'plan.changed.v1': {
      const d = event.data;
      const status = event.type === 'plan.approved.v1' ? 'approved' : 'proposed';
      const at = event.time;
      const version: PlanVersion = {
        planVersion: d.planVersion,
        status,
        rrule: d.rrule,
        startDate: d.startDate,
        endDate: d.endDate,
        durationMinutes: d.durationMinutes,
        tasks: d.tasks,
        ...(event.type === 'plan.changed.v1' ? { reason: event.data.reason } : {}),
        at,
      };
      const withVersion = (p: PlanEntry): PlanEntry => ({
        ...p,
        versions: upsert(
          // An approved version supersedes the approved one before it.
          status === 'approved'
            ? p.versions.map((v) => (v.status === 'approved' ? { ...v, status: 'superseded' as const } : v))
            : p.versions,
          (v) => v.planVersion === d.planVersion,
          (v) => ({ ...version, ...(v.reason && !version.reason ? { reason: v.reason } : {}) }),
          () => version,
        ),
      });
      return {
        ...r,
        plans: upsert(
          r.plans,
          (p) => p.planId === d.planId,
          withVersion,
          () =>
            withVersion({
              planId: d.planId,
              referralId: d.referralId,
              itemCode: d.itemCode,
              providerId: d.providerId,
              versions: [],
            }),
        ),
      };
    }
    case 'plan.returned.v1':
    case 'plan.stopped.v1': {
      const d = event.data;
      const status = event.type === 'plan.returned.v1' ? 'returned' : 'stopped';
      return {
        ...r,
        plans: upsert(
          r.plans,
          (p) => p.planId === d.planId,
          (p) => ({
            ...p,
            versions: p.versions.map((v) =>
              v.planVersion === d.planVersion ? { ...v, status, reason: d.reason, at: event.time } : v,
            ),
          }),
        ),
      };
    }
    case 'visit.delivered.v1':
      return applyEvent(r, visitDeliveredFromV1(event));
    default:
      return applyVisitEvent(r, event);
  }
}

type VisitEvent = Exclude<Extract<CaseRecordEvent, { type: `visit.${string}` }>, { type: 'visit.delivered.v1' }>;

function applyVisitEvent(r: CaseRecord, event: VisitEvent): CaseRecord {
  const d = event.data;
  const change = (v: VisitEntry): VisitEntry => {
    switch (event.type) {
      case 'visit.scheduled.v1':
        return { ...v, scheduledFor: event.data.scheduledFor };
      case 'visit.rescheduled.v1':
        return { ...v, scheduledFor: event.data.scheduledFor, workerId: event.data.workerId };
      case 'visit.cancelled.v1':
        return { ...v, status: 'cancelled', note: event.data.reason };
      case 'visit.checked-in.v1':
        return {
          ...v,
          status: v.status === 'scheduled' ? 'checked_in' : v.status,
          checkedInAt: event.data.checkedInAt,
          ...place(event.data),
        };
      case 'visit.checked-out.v1':
        return {
          ...v,
          status: v.status === 'delivered' ? v.status : 'checked_out',
          checkedInAt: event.data.checkedInAt,
          checkedOutAt: event.data.checkedOutAt,
          tasksDone: event.data.tasksDone,
          verification: v.verification ?? 'pending',
          ...place(event.data),
        };
      case 'visit.verified.v1':
        return { ...v, verification: 'verified', verificationReason: 'code_confirmed' };
      case 'visit.disputed.v1':
        return { ...v, verification: 'disputed', verificationReason: 'resident_disputed' };
      case 'visit.delivered.v2': {
        const x = event.data;
        return {
          ...v,
          status: 'delivered',
          deliveredAt: x.deliveredAt,
          ...(x.scheduledFor ? { scheduledFor: x.scheduledFor } : {}),
          ...(x.checkedInAt ? { checkedInAt: x.checkedInAt } : {}),
          units: x.units,
          tasksDone: x.tasksDone,
          verification: x.verification,
          verificationReason: x.verificationReason,
          ...(x.note ? { note: x.note } : {}),
          ...place(x),
        };
      }
    }
  };
  return {
    ...r,
    visits: upsert(
      r.visits,
      (v) => v.visitId === d.visitId,
      change,
      () =>
        change({
          visitId: d.visitId,
          itemCode: d.itemCode,
          providerId: d.providerId,
          workerId: d.workerId,
          status: 'scheduled',
        }),
    ),
  };
}

const place = (d: { distanceMeters?: number; farFromHome: boolean }) => ({
  ...(d.distanceMeters !== undefined ? { distanceMeters: d.distanceMeters } : {}),
  farFromHome: d.farFromHome,
});

/** A complaint about a case, as the file shows it (the reporter is never in an event). */
export interface ComplaintRecord {
  complaintId: string;
  complaintNumber: string;
  caseId: string;
  kind: string;
  type: string;
  channel: string;
  summary: string;
  status: string;
  receivedAt: string;
  updatedAt: string;
  outcome?: { upheld: boolean; summary: string };
  appliedEvents: string[];
}

/**
 * A complaint after one more event: `undefined` when nothing changes (applied before, a complaint about no case,
 * a transition of a complaint the file does not hold). Pure.
 */
export type ComplaintEvent = EventOf<typeof ComplaintReceived> | EventOf<typeof ComplaintTransitioned>;

export function recordComplaintEvent(
  current: ComplaintRecord | undefined,
  event: ComplaintEvent,
): ComplaintRecord | undefined {
  if (current?.appliedEvents.includes(event.id)) return undefined;
  if (event.type === 'complaint.received.v1') {
    const d = event.data;
    const caseId = d.caseId ?? d.about?.caseId;
    if (!caseId || current) return undefined;
    return {
      complaintId: d.complaintId,
      complaintNumber: d.complaintNumber,
      caseId,
      kind: d.kind,
      type: d.type,
      channel: d.channel,
      summary: d.summary,
      status: 'received',
      receivedAt: d.receivedAt,
      updatedAt: d.receivedAt,
      appliedEvents: [event.id],
    };
  }
  if (!current) return undefined;
  const d = event.data;
  return {
    ...current,
    status: d.to,
    updatedAt: d.at,
    ...(d.outcome ? { outcome: d.outcome } : {}),
    appliedEvents: [...current.appliedEvents, event.id],
  };
}

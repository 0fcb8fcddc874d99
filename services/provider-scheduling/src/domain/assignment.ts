/** An assignment (派单): a referral to a contracted provider, from offer to acceptance. */
/**
 * `withdrawn`: referral took the offer back (the provider rejected it, did not answer in time, or the township
 * re-routed it), also when the provider's acceptance crossed the re-routing (referral decides).
 */
/** `completed` / `failed`: referral closed the referral (the provider reported it done, or unable to serve). */
export type AssignmentStatus = 'offered' | 'accepted' | 'cancelled' | 'withdrawn' | 'completed' | 'failed';

export interface AssignmentState {
  referralId: string;
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  itemCode: string;
  person: { personId: string; name: string };
  providerId: string;
  contractId: string;
  status: AssignmentStatus;
  version: number;
  offeredAt: string;
  acceptedBy?: string;
  acceptedAt?: string;
  cancellation?: { reason: string; at: string };
  withdrawal?: { reason: string; at: string };
  /** Set when referral completed or failed the referral: no more visits after `at`. */
  closure?: { reason?: string; at: string };
}

/** Offered or accepted: referral may still take it back, close or cancel it. */
export function isOpen(assignment: AssignmentState): boolean {
  return assignment.status === 'offered' || assignment.status === 'accepted';
}

/** How an assignment is named when it is not found (English, Chinese). */
export const ASSIGNMENT = ['assignment', '服务派单'] as const;

/** Reads of assignments a use case needs besides its own document (a repository implements it). */
export interface AssignmentLookup {
  assignmentOf(referralId: string): Promise<AssignmentState | undefined>;
}

/**
 * A visit (上门服务) a provider schedules for an accepted assignment (one by one, or generated from its approved
 * service plan), then records as delivered (服务记录); `cancelled`: it will not take place.
 */
export type VisitStatus = 'scheduled' | 'delivered' | 'cancelled';

/** Who cancelled a visit: the provider, the stop of the service, or a new version of its plan. */
export type CancellationCause = 'provider' | 'service_stopped' | 'plan_changed';

export interface VisitState {
  visitId: string;
  referralId: string;
  caseId: string;
  region: string;
  township: string;
  providerId: string;
  workerId: string;
  itemCode: string;
  scheduledFor: string;
  /** When the visit ends (visits scheduled before plans existed have none: an hour is assumed). */
  endsAt?: string;
  status: VisitStatus;
  scheduledBy: string;
  scheduledAt: string;
  /** The plan version the visit was generated from (none: scheduled by hand). */
  plan?: { planId: string; version: number };
  /** What the worker does at the visit (from the plan). */
  tasks?: string[];
  delivery?: Delivery;
  cancellation?: { reason: string; cause: CancellationCause; by: string; at: string };
  /** Earlier times and workers of a moved visit, oldest first. */
  reschedules?: { scheduledFor: string; workerId: string; reason: string; by: string; at: string }[];
  /** The start time the worker was last reminded of (a day before). */
  remindedFor?: string;
}

const HOUR_MS = 3600_000;

/** When a visit ends: its `endsAt`, or an hour after its start. */
export function endOf(visit: Pick<VisitState, 'scheduledFor' | 'endsAt'>): string {
  return visit.endsAt ?? new Date(new Date(visit.scheduledFor).getTime() + HOUR_MS).toISOString();
}

/** What every visit event says of its visit. */
export function visitFacts(visit: VisitState) {
  return {
    visitId: visit.visitId,
    referralId: visit.referralId,
    caseId: visit.caseId,
    region: visit.region,
    township: visit.township,
    providerId: visit.providerId,
    workerId: visit.workerId,
    itemCode: visit.itemCode,
  };
}

/** How a visit is named when it is not found (English, Chinese). */
export const VISIT = ['visit', '服务记录'] as const;

export interface Delivery {
  deliveredAt: string;
  units: number;
  note?: string;
  recordedBy: string;
  recordedAt: string;
}

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

/** A visit (上门服务) a provider schedules for an accepted assignment, then records as delivered (服务记录). */
export type VisitStatus = 'scheduled' | 'delivered';

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
  status: VisitStatus;
  scheduledBy: string;
  scheduledAt: string;
  delivery?: Delivery;
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

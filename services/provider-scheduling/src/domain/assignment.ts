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

export interface Delivery {
  deliveredAt: string;
  units: number;
  note?: string;
  recordedBy: string;
  recordedAt: string;
}

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
 * service plan); its worker checks in (`checked_in`) and out, or the provider records it afterwards: `delivered`
 * (服务记录), then its recipient confirms or disputes it (`verification`); `cancelled`: it will not take place.
 */
export type VisitStatus = 'scheduled' | 'checked_in' | 'delivered' | 'cancelled';

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
  /** The start time the worker was last reminded of (before it, as the region's pack says). */
  remindedFor?: string;
  /** The worker's check-in and check-out on site (none: recorded afterwards, or not yet). */
  checkIn?: SiteCheck;
  checkOut?: SiteCheck & { tasksDone: string[]; tasksNotDone: string[] };
  /** Photos the worker took at the visit (GridFS, bucket visit-photos). */
  photos?: VisitPhoto[];
  /** The recipient's confirmation of the delivered visit (one-time code, dispute, or a signed paper slip). */
  verification?: Verification;
  /** Keyed digest (HMAC) of the one-time code; the code itself is never stored, and this is never answered. */
  codeDigest?: string;
}

/**
 * Where a check-in or check-out was, as kept: how far from the recipient's home and how precise the phone said
 * it was. The worker's coordinates themselves are not kept (they are the recipient's home, near enough); none of
 * these when the phone gave no position or the plan records no home.
 */
export interface VisitPlace {
  distanceMeters?: number;
  accuracyMeters?: number;
  farFromHome: boolean;
}

export interface SiteCheck {
  at: string;
  by: string;
  place: VisitPlace;
}

export interface VisitPhoto {
  photoId: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: string;
}

export type VerificationState = 'awaiting' | 'verified' | 'disputed' | 'unverified';
export type VerificationReason =
  'code_confirmed' | 'paper_confirmed' | 'resident_disputed' | 'no_confirmation_in_time' | 'wrong_code_limit';
export type ConfirmationChannel = 'telegram' | 'ivr' | 'township';

export interface Verification {
  state: VerificationState;
  /** Until when the recipient can confirm or dispute. */
  confirmBy: string;
  /** Wrong codes the recipient may still key in. */
  attemptsLeft: number;
  /** Set once settled. */
  reason?: VerificationReason;
  via?: ConfirmationChannel;
  settledAt?: string;
  /** The recipient's words when disputing. */
  disputeReason?: string;
  /** A township clerk's record of a signed paper confirmation. */
  paper?: { recordedBy: string; note: string };
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

/** A visit as it is answered: never the digest of its code. */
export function answeredVisit(visit: VisitState): Omit<VisitState, 'codeDigest'> {
  const { codeDigest: _digest, ...answered } = visit;
  return answered;
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

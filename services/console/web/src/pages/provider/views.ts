/**
 * What provider-scheduling and settlement answer, as the provider's and county's screens read it (the OpenAPI
 * documents describe requests, not answers; see api/views.ts). Each mirrors the state the route returns.
 */

export type AssignmentStatus = 'offered' | 'accepted' | 'cancelled' | 'withdrawn' | 'completed' | 'failed';

/** provider-scheduling `GET /assignments`, `GET /assignments/:referralId` (AssignmentState). */
export interface AssignmentView {
  referralId: string;
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  itemCode: string;
  person: { personId?: string; name: string };
  providerId: string;
  contractId: string;
  status: AssignmentStatus;
  version?: number;
  offeredAt: string;
  acceptedBy?: string;
  acceptedAt?: string;
  cancellation?: { reason: string; at: string };
  withdrawal?: { reason: string; at: string };
  closure?: { reason?: string; at: string };
}

export type VisitStatus = 'scheduled' | 'checked_in' | 'delivered' | 'cancelled';

/** Where a check-in or check-out was, against the recipient's home (none measured: no position or no home). */
export interface VisitPlaceView {
  distanceMeters?: number;
  accuracyMeters?: number;
  farFromHome: boolean;
}

/** The recipient's confirmation of a delivered visit (one-time code, dispute, or the township's paper slip). */
export interface VerificationView {
  state: 'awaiting' | 'verified' | 'disputed' | 'unverified';
  confirmBy: string;
  attemptsLeft: number;
  reason?: 'code_confirmed' | 'paper_confirmed' | 'resident_disputed' | 'no_confirmation_in_time' | 'wrong_code_limit';
  via?: 'telegram' | 'ivr' | 'township';
  settledAt?: string;
  disputeReason?: string;
  paper?: { recordedBy: string; note: string };
}

/** provider-scheduling `GET /assignments/:referralId/visits` items, `GET /visits/:visitId` (VisitState). */
export interface VisitView {
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
  delivery?: { deliveredAt: string; units: number; note?: string; recordedBy: string; recordedAt: string };
  endsAt?: string;
  plan?: { planId: string; version: number };
  tasks?: string[];
  cancellation?: { reason: string; cause: 'provider' | 'service_stopped' | 'plan_changed'; by: string; at: string };
  reschedules?: { scheduledFor: string; workerId: string; reason: string; by: string; at: string }[];
  checkIn?: { at: string; by: string; place: VisitPlaceView };
  checkOut?: { at: string; by: string; place: VisitPlaceView; tasksDone: string[]; tasksNotDone: string[] };
  photos?: { photoId: string; contentType: string; size: number; uploadedBy: string; uploadedAt: string }[];
  verification?: VerificationView;
}

/** What checking out (or recording afterwards) answers: the visit, and its one-time code the first time only. */
export type CheckedOutView = VisitView & { confirmationCode?: string };

/** provider-scheduling `GET /workers` items (WorkerState: ID number and phone masked). */
export interface WorkerView {
  workerId: string;
  providerId: string;
  region: string;
  name: string;
  idNumberMasked: string;
  phoneMasked: string;
  qualifications: string[];
  itemCodes: string[];
  training: { course: string; date: string; hours: number; recordedBy: string; recordedAt: string }[];
  registeredBy: string;
  registeredAt: string;
  /** Whether the worker linked their chat with the bot (reminders reach them only then: 未绑定 / 已绑定). */
  chatLinked?: boolean;
  chatLinkedAt?: string;
  /** A one-time link code waiting to be used, until then. */
  linkCodeExpiresAt?: string;
}

/** A worker's one-time chat link code, shown once, with the command the worker sends the bot. */
export interface WorkerLinkCode {
  code: string;
  command: string;
  expiresAt: string;
}

export type PlanStatus = 'proposed' | 'approved' | 'returned' | 'stopped';

/** One version of a service plan (服务方案). */
export interface PlanVersionView {
  version: number;
  rrule: string;
  startDate: string;
  endDate: string;
  durationMinutes: number;
  tasks: string[];
  workerId: string;
  reason?: string;
  proposedBy: string;
  proposedAt: string;
  review?: { outcome: 'approved' | 'returned'; by: string; at: string; reason?: string };
}

/** provider-scheduling `GET /plans`, `GET /assignments/:referralId/plan` (PlanState). */
export interface PlanView {
  planId: string;
  referralId: string;
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  providerId: string;
  itemCode: string;
  person: { personId?: string; name: string };
  status: PlanStatus;
  versions: PlanVersionView[];
  approvedVersion?: number;
  stop?: { reason: string; at: string };
  /** The recipient's home, as the provider entered it (WGS 84). */
  home?: { lat: number; lng: number };
}

/** settlement: one delivered visit priced at the fee standard (Accrual), money in integer fen. */
export interface AccrualView {
  accrualId: string;
  visitId: string;
  referralId: string;
  caseId: string;
  region: string;
  township: string;
  providerId: string;
  workerId: string;
  itemCode: string;
  itemName: { zh: string; en: string };
  unit: { zh: string; en: string };
  units: number;
  unitFeeFen: number;
  amountFen: number;
  month: string;
  deliveredAt: string;
  packVersion: string;
  accruedAt: string;
}

/** settlement `GET /statements?providerId=&month=&township=` (MonthlyStatement, 月度结算单). */
export interface StatementView {
  providerId: string;
  month: string;
  township: string | null;
  lines: { itemCode: string; itemName: string; unitFeeFen: number; units: number; amountFen: number; visits: number }[];
  totalFen: number;
  visitCount: number;
  accruals: AccrualView[];
}

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

export type VisitStatus = 'scheduled' | 'delivered';

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

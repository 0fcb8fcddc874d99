import type { ConsoleRole } from '../../api/bff';

/**
 * What the county's pages read besides api/views.ts: the BFF's accounts and audit trail, the services' audit
 * trails and statistics. Each mirrors the answer of the route named beside it.
 */

/** BFF `GET /console/accounts` items, `POST`/`PATCH` answers' `account` (AccountView). */
export interface AccountView {
  username: string;
  displayName: string;
  role: ConsoleRole;
  region: string;
  jurisdiction: string;
  jurisdictionName: string;
  providerId?: string;
  departmentCode?: string;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  disabled: boolean;
  demo: boolean;
  lockedUntil?: string;
  lastSignInAt?: string;
}

export type ConsoleAuditKind = 'sign_in' | 'sign_out' | 'password_change' | 'totp_change' | 'account_change';

/** BFF `GET /console/audit` items (ConsoleAuditRecord). */
export interface ConsoleAuditView {
  kind: ConsoleAuditKind;
  actor: string;
  role?: string;
  region?: string;
  jurisdiction?: string;
  subject?: { username: string; region: string; jurisdiction: string };
  ip?: string;
  what: string;
  outcome: 'success' | 'failure' | 'locked';
  reason?: string;
  at: string;
}

export type AuditAction = 'read' | 'create' | 'update' | 'export' | 'denied';

/** Every service's `GET /audit-trail` items (AuditRecord of libs/store). */
export interface AuditTrailView {
  actor: string;
  role: string;
  actorJurisdiction?: string;
  action: AuditAction;
  subjectType?: string;
  subjectId?: string;
  subjectIds: string[];
  places?: string[];
  resource?: string;
  query?: Record<string, unknown>;
  purpose?: string;
  refusal?: { status: number; code: string; detail: string };
  verified?: boolean;
  traceId?: string;
  at: string;
}

/** intake `GET /statistics?from=&to=` (months, YYYY-MM). */
export interface RequestStatisticsView {
  from: string;
  to: string;
  jurisdiction: string;
  total: number;
  open: number;
  byChannel: { channel: string; count: number }[];
  byTownship: { township: string; count: number; byChannel: Record<string, number> }[];
}

export interface DecisionTimesView {
  decided: number;
  approved: number;
  rejected: number;
  medianDays: number | null;
  p90Days: number | null;
}

/** assessment `GET /statistics?from=&to=`: time to decision, overall and per township. */
export interface DecisionStatisticsView extends DecisionTimesView {
  from: string;
  to: string;
  jurisdiction: string;
  byTownship: (DecisionTimesView & { township: string })[];
}

/**
 * complaints `GET /statistics?month=&by=` rows (StatisticsRow): `key` is a township code, provider id or complaint
 * type code, `name` its name (a provider's from its latest contract, （名称未知） when no contract names it).
 */
export interface ComplaintStatisticsRow {
  key: string;
  name?: string | null;
  received: number;
  complaints: number;
  consultations: number;
  resolved: number;
  upheld: number;
  escalated: number;
  rated: number;
  /** Average rating × 10 (integer), 0 without ratings. */
  averageRatingTenths: number;
}

export interface ComplaintStatisticsView {
  month: string;
  by: 'township' | 'provider' | 'type';
  rows: ComplaintStatisticsRow[];
}

/** referral `GET /statistics?from=&to=`: referrals created in the months, counted. */
export interface ReferralStatisticsView {
  from: string;
  to: string;
  jurisdiction: string;
  total: number;
  byStatus: { status: string; count: number }[];
  byReceiver: {
    kind: 'department' | 'provider' | 'none';
    code: string;
    count: number;
    byStatus: Record<string, number>;
  }[];
  byItem: { itemCode: string; count: number }[];
}

/** complaints `GET /provider-scores`: each provider's score (0–100), ratings and upheld complaints. */
export interface ProviderScoresView {
  region: string;
  items: {
    providerId: string;
    score: number;
    ratings: { count: number; averageTenths: number };
    upheldComplaints: number;
  }[];
}

/** referral `GET /charity-lists/:charityCode/:month` (a charity's monthly list, minimised: never an ID number). */
export interface CharityListView {
  charity: { code: string; name: string; demo?: boolean };
  month: string;
  jurisdiction: string;
  items: {
    referralId: string;
    caseNumber: string;
    person: { name: string };
    township: string;
    townshipName: string;
    villageName: string | null;
    itemCode: string;
    itemName: string;
    category: string | null;
    /** Only where the person consented to share it. */
    phone: string | null;
    handedOverAt: string | null;
    handedOverBy?: string | null;
  }[];
}

/** referral `POST /charity-lists/:charityCode/:month/handover`: the referrals handed over now. */
export interface CharityHandoverView {
  charityCode: string;
  month: string;
  handedOver: string[];
}

import type {
  Decision,
  EligibilityChanged,
  EventOf,
  PlanApproved,
  PlanStopped,
  ReferralCancelled,
} from '@carelink/contracts';

/** Why a service stopped (dynamic management 动态管理): settlement pays no visit after it. */
export type StopCause = 'plan_stopped' | 'referral_cancelled' | 'eligibility_changed';

export interface ServiceStop {
  /** The instant the service stopped (for a change of eligibility: the start of its effective China day). */
  at: string;
  cause: StopCause;
  reason: string;
}

/**
 * What settlement keeps of a service's terms: per referral the start of its first approved plan and its stop;
 * per case and item the stop a change of eligibility made. Id: `referral:<referralId>` or
 * `case-item:<caseId>:<itemCode>`. Every fact is kept as its earliest value, so events in any order and
 * redelivered give the same terms.
 */
export interface ServiceTerms {
  termsId: string;
  kind: 'referral' | 'case_item';
  caseId: string;
  township: string;
  referralId?: string;
  itemCode?: string;
  /** China date (YYYY-MM-DD) the first approved plan of the referral starts. */
  planStartDate?: string;
  stop?: ServiceStop;
}

export const referralTermsId = (referralId: string) => `referral:${referralId}`;
export const caseItemTermsId = (caseId: string, itemCode: string) => `case-item:${caseId}:${itemCode}`;

function earlierStop(current: ServiceStop | undefined, next: ServiceStop): ServiceStop {
  if (!current) return next;
  const [a, b] = [Date.parse(current.at), Date.parse(next.at)];
  if (a !== b) return a < b ? current : next;
  // The same instant from two events: the same one kept whichever came first.
  return `${current.cause}|${current.reason}` <= `${next.cause}|${next.reason}` ? current : next;
}

function unchanged(a: ServiceTerms | undefined, b: ServiceTerms): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function referralTerms(
  current: ServiceTerms | undefined,
  facts: { referralId: string; caseId: string; township: string; itemCode: string },
): ServiceTerms {
  return (
    current ?? {
      termsId: referralTermsId(facts.referralId),
      kind: 'referral',
      caseId: facts.caseId,
      township: facts.township,
      referralId: facts.referralId,
      itemCode: facts.itemCode,
    }
  );
}

/** An approved plan: the referral's plan starts on the earliest start of its approved versions. */
export function recordPlanApproved(
  current: ServiceTerms | undefined,
  event: EventOf<typeof PlanApproved>,
): Decision<ServiceTerms> {
  const base = referralTerms(current, event.data);
  const start = event.data.startDate;
  const next = {
    ...base,
    planStartDate: base.planStartDate && base.planStartDate <= start ? base.planStartDate : start,
  };
  return unchanged(current, next) ? {} : { state: next };
}

/** A stopped plan or a cancelled referral: no visit after the earliest stop is paid. */
export function recordReferralStop(
  current: ServiceTerms | undefined,
  event: EventOf<typeof PlanStopped> | EventOf<typeof ReferralCancelled>,
): Decision<ServiceTerms> {
  const d = event.data;
  const stop: ServiceStop =
    'stoppedAt' in d
      ? { at: new Date(d.stoppedAt).toISOString(), cause: 'plan_stopped', reason: d.reason }
      : { at: new Date(d.cancelledAt).toISOString(), cause: 'referral_cancelled', reason: d.reason };
  const base = referralTerms(current, d);
  const next = { ...base, stop: earlierStop(base.stop, stop) };
  return unchanged(current, next) ? {} : { state: next };
}

/** The stop a change of eligibility makes for one of its items, from the start of its effective day (China time). */
export function recordEligibilityStop(
  current: ServiceTerms | undefined,
  event: EventOf<typeof EligibilityChanged>,
  itemCode: string,
): Decision<ServiceTerms> {
  const d = event.data;
  const item = d.stoppedItems.find((s) => s.itemCode === itemCode);
  if (!item) return {};
  const stop: ServiceStop = {
    at: new Date(`${d.effectiveFrom}T00:00:00+08:00`).toISOString(),
    cause: 'eligibility_changed',
    reason: item.reason,
  };
  const base: ServiceTerms = current ?? {
    termsId: caseItemTermsId(d.caseId, itemCode),
    kind: 'case_item',
    caseId: d.caseId,
    township: d.township,
    itemCode,
  };
  const next = { ...base, stop: earlierStop(base.stop, stop) };
  return unchanged(current, next) ? {} : { state: next };
}

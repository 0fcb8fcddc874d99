import { DomainError, freeText, isoDate } from '@carelink/contracts';
import { chinaDate, chinaDateTime } from '@carelink/policy';
import { z } from 'zod';
import { checkedRule, occurrences } from './recurrence';

/** The terms of a service plan (服务方案): when visits happen, how long, what is done, by whom. */
export const planTerms = z.object({
  rrule: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('RFC 5545 RRULE, wall-clock China time, e.g. FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=0'),
  startDate: isoDate,
  endDate: isoDate,
  durationMinutes: z.number().int().min(15).max(720),
  tasks: z.array(freeText().trim().min(1).max(200)).min(1).max(30).describe('what the worker does at each visit'),
  workerId: z.string().trim().min(1).max(100).describe('the worker the provider means to send'),
});
export type PlanTerms = z.infer<typeof planTerms>;

/** One version of a plan, as proposed; its review when the township has reviewed it. */
export interface PlanVersion extends PlanTerms {
  version: number;
  /** Why it changed (versions after the first). */
  reason?: string;
  proposedBy: string;
  proposedAt: string;
  review?: { outcome: 'approved' | 'returned'; by: string; at: string; reason?: string };
}

/**
 * `proposed`: the newest version awaits the township; `approved`: the newest version is approved; `returned`: the
 * township sent the newest version back; `stopped`: the service stopped, no more visits.
 */
export type PlanStatus = 'proposed' | 'approved' | 'returned' | 'stopped';

/** A service plan of one accepted assignment (its id is the referral's), every version kept. */
export interface PlanState {
  planId: string;
  referralId: string;
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  providerId: string;
  itemCode: string;
  person: { personId: string; name: string };
  status: PlanStatus;
  versions: PlanVersion[];
  /** The version visits are generated from (the newest approved); none before the first approval. */
  approvedVersion?: number;
  stop?: { reason: string; at: string };
  /**
   * Where the recipient lives (WGS 84), as the provider entered it with a version: check-ins and check-outs are
   * measured against it. Personal data: stored encrypted (data-access).
   */
  home?: { lat: number; lng: number; recordedBy: string; recordedAt: string };
}

/** How a plan is named when it is not found (English, Chinese). */
export const PLAN = ['service plan', '服务方案'] as const;

export function latestVersion(plan: PlanState): PlanVersion {
  return plan.versions[plan.versions.length - 1]!;
}

export function approvedTerms(plan: PlanState): PlanVersion | undefined {
  return plan.approvedVersion === undefined ? undefined : plan.versions.find((v) => v.version === plan.approvedVersion);
}

/** The facts every plan event carries. */
export function planFacts(plan: PlanState) {
  return {
    planId: plan.planId,
    referralId: plan.referralId,
    caseId: plan.caseId,
    region: plan.region,
    township: plan.township,
    providerId: plan.providerId,
    itemCode: plan.itemCode,
  };
}

export function termsOf(v: PlanVersion) {
  return {
    planVersion: v.version,
    rrule: v.rrule,
    startDate: v.startDate,
    endDate: v.endDate,
    durationMinutes: v.durationMinutes,
    tasks: v.tasks,
    workerId: v.workerId,
  };
}

const DAY_MS = 24 * 3600_000;
/** A plan covers at most three years; a longer service is planned again (and reviewed again). */
const MAX_PLAN_DAYS = 3 * 366;
const dayOf = (d: Date) => chinaDate(d);

/**
 * Throws 400 unless the terms make a plan: a valid rule, start on or before end, not before the referral reached
 * the provider, at least one visit, every visit ending on its own day and none overlapping the next.
 */
export function checkTerms(terms: PlanTerms, referralAt: string): void {
  checkedRule(terms.rrule);
  const bad = (code: string, message: string, zh: string, path: string) => {
    throw DomainError.invalid(code, message, zh, [{ path, code }]);
  };
  if (terms.endDate < terms.startDate)
    bad(
      'plan_ends_before_start',
      `endDate ${terms.endDate} is before startDate ${terms.startDate}`,
      '结束日期不能早于开始日期',
      'endDate',
    );
  if (
    new Date(`${terms.endDate}T00:00:00Z`).getTime() - new Date(`${terms.startDate}T00:00:00Z`).getTime() >
    MAX_PLAN_DAYS * DAY_MS
  )
    bad(
      'plan_too_long',
      `a plan lasts at most ${MAX_PLAN_DAYS} days`,
      `服务方案期限最长${MAX_PLAN_DAYS}天，到期后请续订新方案`,
      'endDate',
    );
  const referralDay = chinaDate(new Date(referralAt));
  if (terms.startDate < referralDay)
    bad(
      'plan_before_referral',
      `startDate ${terms.startDate} is before the referral reached the provider (${referralDay})`,
      `方案开始日期早于转介派单日期（${referralDay}），请重新选择`,
      'startDate',
    );
  const from = new Date(`${terms.startDate}T00:00:00+08:00`);
  const to = new Date(new Date(`${terms.endDate}T00:00:00+08:00`).getTime() + DAY_MS);
  const starts = occurrences(terms, from, to);
  if (starts.length === 0)
    bad(
      'plan_without_visits',
      `the rule gives no visit between ${terms.startDate} and ${terms.endDate}`,
      '按该频次在方案期内没有任何上门服务，请调整',
      'rrule',
    );
  const length = terms.durationMinutes * 60_000;
  starts.forEach((start, i) => {
    const end = new Date(start.getTime() + length);
    if (dayOf(new Date(end.getTime() - 1)) !== dayOf(start))
      bad(
        'visit_crosses_midnight',
        `a visit at ${chinaDateTime(start)} for ${terms.durationMinutes} minutes ends on the next day`,
        `${chinaDateTime(start)}开始的服务${terms.durationMinutes}分钟将跨越零点，请调整时间或时长`,
        'durationMinutes',
      );
    const next = starts[i + 1];
    if (next && next.getTime() < end.getTime())
      bad(
        'plan_visits_overlap',
        `the visit at ${chinaDateTime(start)} lasts until after the next one (${chinaDateTime(next)})`,
        `${chinaDateTime(start)}的服务尚未结束，下一次服务（${chinaDateTime(next)}）已开始，请调整频次或时长`,
        'rrule',
      );
  });
}

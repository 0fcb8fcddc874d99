import type { Accrual } from '../accrual';
import { holdEffect, type ComplaintHold } from '../complaint-holds/complaint-hold';
import { caseItemTermsId, referralTermsId, type ServiceStop, type ServiceTerms } from '../service-terms/service-terms';
import { findingNames, type SpotCheckEffect } from '../spot-check/spot-check-result';

/** Why a visit is not paid: every excluded line says one of these, with the words a clerk reads. */
export type ExclusionReason =
  | 'duplicate_visit'
  | 'disputed'
  | 'after_service_stopped'
  | 'before_plan_start'
  | 'unverified'
  | 'complaint_upheld'
  | 'spot_check_reversed';

/** Why an adjusting line moves money for a visit of a confirmed month. */
export type AdjustmentReason = 'late_visit' | 'released' | 'corrected' | 'reversed';

export type LineStatus = 'payable' | 'held' | 'excluded';

export interface LineReason {
  code: ExclusionReason | AdjustmentReason | 'complaint_hold' | 'spot_check_hold';
  zh: string;
  en: string;
}

/**
 * A line of a monthly statement: one visit (its item, unit, quantity, fee and amount, its id and date), or an
 * adjusting line of a statement confirmed earlier. Ids are stable (`<visitId>` for a visit line,
 * `<visitId>@<month>` for an adjusting line in that month's statement), so a line can be allocated to a funding
 * source and traced back to its visit.
 */
export interface StatementLine {
  lineId: string;
  kind: 'visit' | 'adjustment';
  visitId: string;
  caseId: string;
  referralId: string;
  workerId: string;
  region: string;
  county: string;
  township: string;
  providerId: string;
  /** The month of the statement the line is on (an adjusting line: the later month). */
  month: string;
  serviceDate: string;
  deliveredAt: string;
  itemCode: string;
  itemName: { zh: string; en: string };
  unit: { zh: string; en: string };
  quantity: number;
  unitFeeFen: number;
  /** Integer fen; an adjusting line's may be negative (a reversal). */
  amountFen: number;
  status: LineStatus;
  reason?: LineReason;
  /** An adjusting line: the visit's line it corrects (its month and line id). */
  adjusts?: { month: string; lineId: string };
}

/** What decides whether a visit is paid, besides the visit itself. */
export interface PaymentFacts {
  /** Service terms by id (`referral:<id>`, `case-item:<caseId>:<item>`). */
  terms: ReadonlyMap<string, ServiceTerms>;
  /** Complaints about visits, by visit id. */
  holds: ReadonlyMap<string, readonly ComplaintHold[]>;
  /** The region's switch: unverified visits are paid (confirmation not switched on). */
  payUnverified: boolean;
  /** What the county's spot checks found, by visit id: the line held or reversed (absent: none). */
  spotChecks?: ReadonlyMap<string, SpotCheckEffect>;
}

export interface Assessment {
  status: LineStatus;
  reason?: LineReason;
}

const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const STOP_CAUSE: Record<ServiceStop['cause'], { zh: string; en: string }> = {
  plan_stopped: { zh: '服务方案终止', en: 'the service plan stopped' },
  referral_cancelled: { zh: '转介已取消', en: 'the referral was cancelled' },
  eligibility_changed: { zh: '救助资格变更', en: 'the eligibility changed' },
};

/** The words of a reason, in Chinese for the clerk and in English. */
export const reasons = {
  duplicate: (keptVisitId: string): LineReason => ({
    code: 'duplicate_visit',
    zh: `重复记录：与服务记录 ${keptVisitId} 为同一服务对象、同一服务人员、同一时间`,
    en: `duplicate of visit ${keptVisitId}: same person, worker and time`,
  }),
  disputed: (): LineReason => ({
    code: 'disputed',
    zh: '服务对象否认该次服务（有争议），不予结算',
    en: 'the recipient disputed the visit; not paid',
  }),
  stopped: (stop: ServiceStop): LineReason => ({
    code: 'after_service_stopped',
    zh: `服务已于 ${chinaDay(stop.at)} 停止（${STOP_CAUSE[stop.cause].zh}：${stop.reason}），此后的服务不予结算`,
    en: `after the service stopped at ${chinaDay(stop.at)} (${STOP_CAUSE[stop.cause].en}: ${stop.reason})`,
  }),
  beforePlan: (start: string): LineReason => ({
    code: 'before_plan_start',
    zh: `早于经批准的服务方案开始日期 ${start}，不予结算`,
    en: `before the approved service plan started on ${start}`,
  }),
  unverified: (): LineReason => ({
    code: 'unverified',
    zh: '服务对象未确认该次服务，不予结算',
    en: 'the recipient did not confirm the visit; not paid',
  }),
  upheld: (complaintNumber: string): LineReason => ({
    code: 'complaint_upheld',
    zh: `投诉 ${complaintNumber} 成立并已办结，该次服务不予结算`,
    en: `complaint ${complaintNumber} was upheld and closed; not paid`,
  }),
  held: (complaintNumber: string): LineReason => ({
    code: 'complaint_hold',
    zh: `投诉 ${complaintNumber} 成立，暂缓结算，待投诉办结`,
    en: `held: complaint ${complaintNumber} was upheld; until it closes`,
  }),
  spotCheckReversed: (effect: SpotCheckEffect): LineReason => ({
    code: 'spot_check_reversed',
    zh: `县级抽查查实“${findingNames[effect.finding].zh}”（检查 ${effect.checkId}），该次服务不予结算`,
    en: `county spot check ${effect.checkId} found “${findingNames[effect.finding].en}”; not paid`,
  }),
  spotCheckHold: (effect: SpotCheckEffect): LineReason => ({
    code: 'spot_check_hold',
    zh: `县级抽查发现“${findingNames[effect.finding].zh}”（检查 ${effect.checkId}），暂缓结算`,
    en: `held: county spot check ${effect.checkId} found “${findingNames[effect.finding].en}”`,
  }),
  late: (month: string): LineReason => ({
    code: 'late_visit',
    zh: `${month} 结算单确认后才收到的服务记录，本月补结`,
    en: `a visit of ${month} recorded after its statement was confirmed`,
  }),
  released: (month: string): LineReason => ({
    code: 'released',
    zh: `${month} 未结算的服务现可结算（暂缓解除或原因消除），本月补结`,
    en: `a visit of ${month} not paid then is payable now (hold released)`,
  }),
  corrected: (month: string): LineReason => ({
    code: 'corrected',
    zh: `${month} 已确认的金额更正`,
    en: `correction of the amount confirmed for ${month}`,
  }),
  reversed: (month: string, why: LineReason): LineReason => ({
    code: 'reversed',
    zh: `冲减 ${month} 已确认的结算：${why.zh}`,
    en: `reversal of the amount confirmed for ${month}: ${why.en}`,
  }),
};

/** The earliest stop of a visit's service: its referral's, or its case item's (a change of eligibility). */
function stopOf(visit: Accrual, terms: PaymentFacts['terms']): ServiceStop | undefined {
  const stops = [
    terms.get(referralTermsId(visit.referralId))?.stop,
    terms.get(caseItemTermsId(visit.caseId, visit.itemCode))?.stop,
  ].filter((s): s is ServiceStop => s !== undefined);
  return stops.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
}

/**
 * Oldest delivery first; of two at the same time, the one recorded (accrued) first, then by visit id. Each time
 * is parsed once per visit, not once per comparison (a statement has thousands of visits).
 */
function inDeliveryOrder(visits: readonly Accrual[]): Accrual[] {
  return visits
    .map((v) => ({ v, delivered: Date.parse(v.deliveredAt), accrued: Date.parse(v.accruedAt) }))
    .sort(
      (a, b) =>
        a.delivered - b.delivered ||
        a.accrued - b.accrued ||
        (a.v.visitId < b.v.visitId ? -1 : a.v.visitId > b.v.visitId ? 1 : 0),
    )
    .map(({ v }) => v);
}

/**
 * Whether each visit of a month is paid, held or excluded, and why. The first reason that applies wins, in this
 * order: a duplicate (same person, worker and time as a visit recorded before it), disputed, after the service
 * stopped, before the approved plan started, unverified (unless the region pays them), a complaint upheld and
 * closed (reversed), a complaint upheld (held).
 */
export function assessVisits(visits: readonly Accrual[], facts: PaymentFacts): Map<string, Assessment> {
  const out = new Map<string, Assessment>();
  const seen = new Map<string, string>();
  for (const v of inDeliveryOrder(visits)) {
    const sameVisit = `${v.caseId}|${v.workerId}|${Date.parse(v.scheduledFor ?? v.deliveredAt)}`;
    const kept = seen.get(sameVisit);
    if (kept) {
      out.set(v.visitId, { status: 'excluded', reason: reasons.duplicate(kept) });
      continue;
    }
    seen.set(sameVisit, v.visitId);
    out.set(v.visitId, assessVisit(v, facts));
  }
  return out;
}

function assessVisit(v: Accrual, facts: PaymentFacts): Assessment {
  if (v.verification === 'disputed') return { status: 'excluded', reason: reasons.disputed() };
  const stop = stopOf(v, facts.terms);
  if (stop && Date.parse(v.deliveredAt) >= Date.parse(stop.at))
    return { status: 'excluded', reason: reasons.stopped(stop) };
  const planStart = facts.terms.get(referralTermsId(v.referralId))?.planStartDate;
  if (planStart && v.serviceDate < planStart) return { status: 'excluded', reason: reasons.beforePlan(planStart) };
  if (v.verification === 'unverified' && !facts.payUnverified)
    return { status: 'excluded', reason: reasons.unverified() };
  const holds = facts.holds.get(v.visitId) ?? [];
  const reversed = holds.find((h) => holdEffect(h) === 'reversed');
  if (reversed) return { status: 'excluded', reason: reasons.upheld(reversed.complaintNumber) };
  const checked = facts.spotChecks?.get(v.visitId);
  if (checked?.action === 'reverse') return { status: 'excluded', reason: reasons.spotCheckReversed(checked) };
  const held = holds.find((h) => holdEffect(h) === 'held');
  if (held) return { status: 'held', reason: reasons.held(held.complaintNumber) };
  if (checked?.action === 'hold') return { status: 'held', reason: reasons.spotCheckHold(checked) };
  return { status: 'payable' };
}

/** A visit's line on its own month's statement. */
export function visitLine(v: Accrual, assessment: Assessment): StatementLine {
  return {
    lineId: v.visitId,
    kind: 'visit',
    visitId: v.visitId,
    caseId: v.caseId,
    referralId: v.referralId,
    workerId: v.workerId,
    region: v.region,
    county: v.county,
    township: v.township,
    providerId: v.providerId,
    month: v.month,
    serviceDate: v.serviceDate,
    deliveredAt: v.deliveredAt,
    itemCode: v.itemCode,
    itemName: v.itemName,
    unit: v.unit,
    quantity: v.units,
    unitFeeFen: v.unitFeeFen,
    amountFen: v.amountFen,
    status: assessment.status,
    ...(assessment.reason ? { reason: assessment.reason } : {}),
  };
}

/** What a line pays: a payable line its amount, a held or excluded one nothing. */
export const paidBy = (line: Pick<StatementLine, 'status' | 'amountFen'>) =>
  line.status === 'payable' ? line.amountFen : 0;

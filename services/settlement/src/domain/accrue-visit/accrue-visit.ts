import {
  draft,
  SettlementAccrued,
  topics,
  type Decision,
  type EventOf,
  type VisitDeliveredV2,
} from '@carelink/contracts';
import { chinaDate, chinaMonth, feeStandardOn } from '@carelink/policy';
import type { Accrual, SettlementContext } from '../accrual';

/**
 * AccrueVisit: a delivered visit is priced at the fee standard of its region's pack in force on its China date
 * (units × fee, integer fen; a county's own standard before the region's) and accrued into the provider's month.
 * A visit accrues once: a redelivery changes nothing. A `visit.delivered.v1` (history, read as an unverified v2)
 * is replaced by the visit's v2 when it comes (its verification settled), never the other way round; the price
 * stays as first accrued. The event id derives from the visit event, so a retry yields the same event. Throws
 * (→ retries, then the dead-letter topic) when the pack or the catalogue item is missing: that is a
 * configuration problem to fix, not a visit to drop.
 */
export function accrueVisit(
  current: Accrual | undefined,
  delivered: EventOf<typeof VisitDeliveredV2>,
  ctx: SettlementContext,
  deliveryVersion: 1 | 2 = 2,
): Decision<Accrual> {
  const d = delivered.data;
  if (current) {
    if (current.deliveryVersion === 2 || deliveryVersion === 1) return {};
    return {
      state: {
        ...current,
        verification: d.verification,
        verificationReason: d.verificationReason,
        deliveryVersion: 2,
        ...(d.scheduledFor ? { scheduledFor: d.scheduledFor } : {}),
      },
    };
  }
  const pack = ctx.policies.get(d.region);
  if (!pack) throw new Error(`no policy pack for region ${d.region}: visit ${d.visitId} cannot be accrued`);
  const serviceDate = chinaDate(new Date(d.deliveredAt));
  const county = d.township.slice(0, 6);
  const fee = feeStandardOn(pack, d.itemCode, county, serviceDate);
  if (!fee)
    throw new Error(
      `item ${d.itemCode} is not in the ${d.region} catalogue (pack ${pack.version}): visit ${d.visitId} cannot be accrued`,
    );
  const amountFen = d.units * fee.feeFen;
  if (!Number.isSafeInteger(amountFen))
    throw new Error(`visit ${d.visitId}: ${d.units} × ${fee.feeFen} fen is not a safe integer`);
  const item = pack.catalogue.find((c) => c.code === d.itemCode)!;
  const month = chinaMonth(new Date(d.deliveredAt));

  const accrual: Accrual = {
    accrualId: d.visitId,
    visitId: d.visitId,
    referralId: d.referralId,
    caseId: d.caseId,
    region: d.region,
    county,
    township: d.township,
    providerId: d.providerId,
    workerId: d.workerId,
    itemCode: item.code,
    itemName: item.name,
    unit: fee.unit,
    units: d.units,
    unitFeeFen: fee.feeFen,
    amountFen,
    ...(fee.effectiveFrom ? { feeEffectiveFrom: fee.effectiveFrom } : {}),
    feeSource: fee.source,
    month,
    serviceDate,
    deliveredAt: d.deliveredAt,
    ...(d.scheduledFor ? { scheduledFor: d.scheduledFor } : {}),
    verification: d.verification,
    verificationReason: d.verificationReason,
    deliveryVersion,
    packVersion: pack.version,
    accruedAt: ctx.now.toISOString(),
  };
  const accrued = draft(topics.settlementAccruals, SettlementAccrued, {
    id: ctx.derivedId(delivered.id, SettlementAccrued.type),
    key: d.caseId,
    data: {
      accrualId: accrual.accrualId,
      visitId: d.visitId,
      caseId: d.caseId,
      region: d.region,
      township: d.township,
      providerId: d.providerId,
      month,
      itemCode: item.code,
      units: d.units,
      unitFeeFen: fee.feeFen,
      amountFen,
      packVersion: pack.version,
    },
  });
  return { state: accrual, events: [accrued] };
}

import {
  draft,
  SettlementAccrued,
  topics,
  type Decision,
  type EventOf,
  type VisitDelivered,
} from '@carelink/contracts';
import { catalogueItemOf, chinaMonth } from '@carelink/policy';
import type { Accrual, SettlementContext } from '../accrual';

/**
 * AccrueVisit: a delivered visit is priced at the fee standard of its region's pack (units × fee, integer fen)
 * and accrued into the provider's month. A visit accrues once: when its accrual exists, nothing changes. The
 * event id derives from the visit event, so a retry yields the same event. Throws (→ retries, then the
 * dead-letter topic) when the pack or the catalogue item is missing: that is a configuration problem to fix,
 * not a visit to drop.
 */
export function accrueVisit(
  current: Accrual | undefined,
  delivered: EventOf<typeof VisitDelivered>,
  ctx: SettlementContext,
): Decision<Accrual> {
  if (current) return {};
  const d = delivered.data;
  const pack = ctx.policies.get(d.region);
  if (!pack) throw new Error(`no policy pack for region ${d.region}: visit ${d.visitId} cannot be accrued`);
  const item = catalogueItemOf(pack, d.itemCode);
  if (!item)
    throw new Error(
      `item ${d.itemCode} is not in the ${d.region} catalogue (pack ${pack.version}): visit ${d.visitId} cannot be accrued`,
    );
  const amountFen = d.units * item.feeFen;
  if (!Number.isSafeInteger(amountFen))
    throw new Error(`visit ${d.visitId}: ${d.units} × ${item.feeFen} fen is not a safe integer`);
  const month = chinaMonth(new Date(d.deliveredAt));

  const accrual: Accrual = {
    accrualId: d.visitId,
    visitId: d.visitId,
    referralId: d.referralId,
    caseId: d.caseId,
    region: d.region,
    township: d.township,
    providerId: d.providerId,
    workerId: d.workerId,
    itemCode: item.code,
    itemName: item.name,
    unit: item.unit,
    units: d.units,
    unitFeeFen: item.feeFen,
    amountFen,
    month,
    deliveredAt: d.deliveredAt,
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
      unitFeeFen: item.feeFen,
      amountFen,
      packVersion: pack.version,
    },
  });
  return { state: accrual, events: [accrued] };
}

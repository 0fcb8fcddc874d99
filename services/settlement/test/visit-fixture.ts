import type { EventOf, VisitDeliveredV2 } from '@carelink/contracts';
import type { Accrual } from '../src/domain/accrual';

/** The visit the settlement tests accrue: a chizhou township, one provider, one worker. */
export const VISIT = {
  referralId: 'ref-1',
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  region: 'chizhou',
  township: '341702001',
  providerId: 'prov-1',
  workerId: 'w-1',
};

/** A visit.delivered.v2 of the fixture's visit: verified unless told otherwise. */
export function deliveredV2(
  over: Partial<EventOf<typeof VisitDeliveredV2>['data']> = {},
  id = `event-of-${over.visitId ?? 'visit-1'}`,
): EventOf<typeof VisitDeliveredV2> {
  return {
    specversion: '1.0',
    id,
    source: '/carelink/provider-scheduling',
    type: 'visit.delivered.v2',
    time: over.deliveredAt ?? '2026-11-20T10:00:00+08:00',
    datacontenttype: 'application/json',
    partitionkey: VISIT.caseId,
    data: {
      visitId: 'visit-1',
      ...VISIT,
      itemCode: 'CZ-JK-02',
      deliveredAt: '2026-11-20T10:00:00+08:00',
      units: 2,
      tasksDone: ['护理'],
      farFromHome: false,
      verification: 'verified',
      verificationReason: 'code_confirmed',
      ...over,
    },
  };
}

let n = 0;
/** An accrual as stored, for the statement's pure tests. */
export function accrualOf(over: Partial<Accrual> = {}): Accrual {
  n++;
  const visitId = over.visitId ?? `visit-${n}`;
  const deliveredAt = over.deliveredAt ?? `2026-11-${String(10 + (n % 15)).padStart(2, '0')}T09:00:00+08:00`;
  const units = over.units ?? 1;
  const unitFeeFen = over.unitFeeFen ?? 1500;
  return {
    accrualId: visitId,
    visitId,
    ...VISIT,
    county: '341702',
    itemCode: 'CZ-SH-01',
    itemName: { zh: '助餐送餐', en: 'Meal help and delivery' },
    unit: { zh: '次', en: 'visit' },
    units,
    unitFeeFen,
    amountFen: units * unitFeeFen,
    feeSource: 'test',
    month: deliveredAt.slice(0, 7),
    serviceDate: deliveredAt.slice(0, 10),
    deliveredAt,
    verification: 'verified',
    verificationReason: 'code_confirmed',
    deliveryVersion: 2,
    packVersion: '2026.12-1',
    accruedAt: '2026-11-30T00:00:00.000Z',
    ...over,
  };
}

import { SettlementAccrued, topics, type EventOf, type VisitDelivered } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import { chinaMonth as monthInChina } from '@carelink/policy';
import { accrueVisit } from '../src/domain/accrue-visit/accrue-visit';

const packs = loadPolicyPacks();
const now = new Date('2026-12-02T10:00:00+08:00');

function delivered(
  over: Partial<EventOf<typeof VisitDelivered>['data']> = {},
  id = '0192f3a4-0000-7000-8000-000000000001',
): EventOf<typeof VisitDelivered> {
  return {
    specversion: '1.0',
    id,
    source: '/carelink/provider-scheduling',
    type: 'visit.delivered.v1',
    time: '2026-11-20T10:00:00+08:00',
    datacontenttype: 'application/json',
    partitionkey: '0192f3a4-5b6c-7d8e-9f00-112233445566',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    data: {
      visitId: 'visit-1',
      referralId: 'ref-1',
      caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
      region: 'chizhou',
      township: '341702001',
      providerId: 'prov-1',
      workerId: 'w-1',
      itemCode: 'CZ-JK-02',
      deliveredAt: '2026-11-20T10:00:00+08:00',
      units: 3,
      ...over,
    },
  };
}

describe('accruing a delivered visit', () => {
  it('prices units × the fee standard in integer fen and carries the SettlementAccrued event', () => {
    const { accrual, events } = accrueVisit(delivered(), packs.get('chizhou'), now);
    expect(accrual).toMatchObject({
      accrualId: 'visit-1',
      itemCode: 'CZ-JK-02',
      units: 3,
      unitFeeFen: 6000,
      amountFen: 18000,
      month: '2026-11',
      packVersion: packs.get('chizhou')!.version,
    });
    expect(accrual.itemName.zh).toBe('康复护理');
    expect(events).toHaveLength(1);
    const { topic, event } = events[0]!;
    expect(topic).toBe(topics.settlementAccruals);
    expect(event).toMatchObject({
      type: SettlementAccrued.type,
      source: '/carelink/settlement',
      partitionkey: '0192f3a4-5b6c-7d8e-9f00-112233445566',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      data: {
        accrualId: 'visit-1',
        visitId: 'visit-1',
        providerId: 'prov-1',
        month: '2026-11',
        unitFeeFen: 6000,
        amountFen: 18000,
        units: 3,
      },
    });
  });

  it('uses the pack of the visit’s region', () => {
    const { accrual } = accrueVisit(
      delivered({ region: 'changji', township: '652301001', itemCode: 'CJ-SH-01', units: 1 }),
      packs.get('changji'),
      now,
    );
    expect(accrual.amountFen).toBe(300000);
  });

  it('counts the month in China time: Dec 1st 00:30 +08:00 belongs to December', () => {
    expect(
      accrueVisit(delivered({ deliveredAt: '2026-12-01T00:30:00+08:00' }), packs.get('chizhou'), now).accrual.month,
    ).toBe('2026-12');
    expect(
      accrueVisit(delivered({ deliveredAt: '2026-11-30T16:30:00Z' }), packs.get('chizhou'), now).accrual.month,
    ).toBe('2026-12');
    expect(
      accrueVisit(delivered({ deliveredAt: '2026-11-30T23:59:00+08:00' }), packs.get('chizhou'), now).accrual.month,
    ).toBe('2026-11');
    expect(monthInChina(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(monthInChina(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01');
  });

  it('throws for an item outside the catalogue (the bus retries, then dead-letters it)', () => {
    expect(() => accrueVisit(delivered({ itemCode: 'CZ-XX-99' }), packs.get('chizhou'), now)).toThrow(
      /CZ-XX-99 is not in the chizhou catalogue/,
    );
    expect(() => accrueVisit(delivered({ itemCode: 'CJ-SH-01' }), packs.get('chizhou'), now)).toThrow(
      /not in the chizhou catalogue/,
    );
  });

  it('throws when the region has no pack', () => {
    expect(() => accrueVisit(delivered({ region: 'nowhere' }), undefined, now)).toThrow(
      /no policy pack for region nowhere/,
    );
  });

  it('re-accruing the same visit yields the same event id; another visit event another id', () => {
    const first = accrueVisit(delivered(), packs.get('chizhou'), now).events[0]!.event.id;
    const again = accrueVisit(delivered(), packs.get('chizhou'), new Date('2026-12-03T00:00:00Z')).events[0]!.event.id;
    const other = accrueVisit(delivered({}, '0192f3a4-0000-7000-8000-000000000002'), packs.get('chizhou'), now)
      .events[0]!.event.id;
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });
});

import { SettlementAccrued, topics, useCaseContext, type EventOf, type VisitDelivered } from '@carelink/contracts';
import { chinaMonth as monthInChina, loadPolicyPacks } from '@carelink/policy';
import type { Accrual, SettlementContext } from '../src/domain/accrual';
import { accrueVisit } from '../src/domain/accrue-visit/accrue-visit';
import { VISIT } from './visit-fixture';

const policies = loadPolicyPacks();
const now = new Date('2026-12-02T10:00:00+08:00');
const ctxAt = (at: Date): SettlementContext => ({ ...useCaseContext(at), policies });
const ctx = ctxAt(now);

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
    partitionkey: VISIT.caseId,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    data: {
      visitId: 'visit-1',
      ...VISIT,
      itemCode: 'CZ-JK-02',
      deliveredAt: '2026-11-20T10:00:00+08:00',
      units: 3,
      ...over,
    },
  };
}

const accrued = (event: EventOf<typeof VisitDelivered>, at = ctx) => accrueVisit(undefined, event, at).state!;

describe('accruing a delivered visit', () => {
  it('prices units × the fee standard in integer fen and drafts the SettlementAccrued event', () => {
    const { state: accrual, events, result } = accrueVisit(undefined, delivered(), ctx);
    expect(accrual).toMatchObject({
      accrualId: 'visit-1',
      itemCode: 'CZ-JK-02',
      units: 3,
      unitFeeFen: 6000,
      amountFen: 18000,
      month: '2026-11',
      packVersion: policies.get('chizhou')!.version,
      accruedAt: now.toISOString(),
    });
    expect(accrual!.itemName.zh).toBe('康复护理');
    expect(result).toBeUndefined();
    expect(events).toHaveLength(1);
    expect(events![0]).toMatchObject({
      topic: topics.settlementAccruals,
      type: SettlementAccrued.type,
      key: VISIT.caseId,
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
    const accrual = accrued(delivered({ region: 'changji', township: '652301001', itemCode: 'CJ-SH-01', units: 1 }));
    expect(accrual.amountFen).toBe(300000);
  });

  it('counts the month in China time: Dec 1st 00:30 +08:00 belongs to December', () => {
    expect(accrued(delivered({ deliveredAt: '2026-12-01T00:30:00+08:00' })).month).toBe('2026-12');
    expect(accrued(delivered({ deliveredAt: '2026-11-30T16:30:00Z' })).month).toBe('2026-12');
    expect(accrued(delivered({ deliveredAt: '2026-11-30T23:59:00+08:00' })).month).toBe('2026-11');
    expect(monthInChina(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(monthInChina(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01');
  });

  it('throws for an item outside the catalogue (the bus retries, then dead-letters it)', () => {
    expect(() => accrued(delivered({ itemCode: 'CZ-XX-99' }))).toThrow(/CZ-XX-99 is not in the chizhou catalogue/);
    expect(() => accrued(delivered({ itemCode: 'CJ-SH-01' }))).toThrow(/not in the chizhou catalogue/);
  });

  it('throws when the region has no pack', () => {
    expect(() => accrued(delivered({ region: 'nowhere' }))).toThrow(/no policy pack for region nowhere/);
  });

  it('a visit accrues once: with its accrual stored, a redelivery changes nothing and drafts no event', () => {
    const first: Accrual = accrued(delivered());
    expect(accrueVisit(first, delivered(), ctxAt(new Date('2026-12-03T00:00:00Z')))).toEqual({});
    // Even when the pack has gone since: the stored accrual stands.
    expect(accrueVisit(first, delivered({ region: 'nowhere' }), ctx)).toEqual({});
  });

  it('re-accruing the same visit yields the same event id; another visit event another id', () => {
    const idOf = (event: EventOf<typeof VisitDelivered>, at = ctx) => accrueVisit(undefined, event, at).events![0]!.id;
    const first = idOf(delivered());
    expect(first).toEqual(expect.any(String));
    expect(idOf(delivered(), ctxAt(new Date('2026-12-03T00:00:00Z')))).toBe(first);
    expect(idOf(delivered({}, '0192f3a4-0000-7000-8000-000000000002'))).not.toBe(first);
  });
});

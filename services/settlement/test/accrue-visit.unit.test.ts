import {
  SettlementAccrued,
  topics,
  useCaseContext,
  visitDeliveredFromV1,
  type EventOf,
  type VisitDelivered,
} from '@carelink/contracts';
import { chinaMonth as monthInChina, loadPolicyPacks, type PolicyPack } from '@carelink/policy';
import type { Accrual, SettlementContext } from '../src/domain/accrual';
import { accrueVisit } from '../src/domain/accrue-visit/accrue-visit';
import { deliveredV2, VISIT } from './visit-fixture';

const policies = loadPolicyPacks();
const now = new Date('2026-12-02T10:00:00+08:00');
const ctxAt = (at: Date): SettlementContext => ({ ...useCaseContext(at), policies });
const ctx = ctxAt(now);

const delivered = (over: Parameters<typeof deliveredV2>[0] = {}, id?: string) =>
  deliveredV2({ units: 3, ...over }, id ?? '0192f3a4-0000-7000-8000-000000000001');

const accrued = (event: ReturnType<typeof deliveredV2>, at = ctx) => accrueVisit(undefined, event, at).state!;

/** The chizhou pack with a new meal fee (1500 → 1800 fen) from the 15th of November, region-wide. */
const withFeeChange: SettlementContext = {
  ...ctx,
  policies: {
    get: (region: string) => {
      const pack = policies.get(region)!;
      return {
        ...pack,
        feeStandards: [
          ...pack.feeStandards,
          { item: 'CZ-SH-01', unit: 'visit', feeFen: 1800, effectiveFrom: '2026-11-15', source: 'test' },
        ],
      } as PolicyPack;
    },
  },
};

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
      serviceDate: '2026-11-20',
      county: '341702',
      verification: 'verified',
      deliveryVersion: 2,
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
      data: { accrualId: 'visit-1', providerId: 'prov-1', month: '2026-11', unitFeeFen: 6000, amountFen: 18000 },
    });
  });

  it('prices each side of a fee change on the 15th by the standard in force on the visit’s China date', () => {
    const on = (deliveredAt: string) =>
      accrueVisit(undefined, delivered({ itemCode: 'CZ-SH-01', units: 2, deliveredAt }), withFeeChange).state!;
    expect(on('2026-11-14T23:59:00+08:00')).toMatchObject({
      unitFeeFen: 1500,
      amountFen: 3000,
      serviceDate: '2026-11-14',
    });
    // 16:30 UTC on the 14th is 00:30 on the 15th in China.
    expect(on('2026-11-14T16:30:00Z')).toMatchObject({
      unitFeeFen: 1800,
      amountFen: 3600,
      serviceDate: '2026-11-15',
      feeEffectiveFrom: '2026-11-15',
    });
    expect(on('2026-11-28T09:00:00+08:00').unitFeeFen).toBe(1800);
  });

  it('a county’s own standard comes before the region’s, from its date (the chizhou pack: 贵池区 CZ-JK-02 from 2027)', () => {
    expect(accrued(delivered({ deliveredAt: '2026-12-31T23:00:00+08:00', units: 1 })).unitFeeFen).toBe(6000);
    expect(accrued(delivered({ deliveredAt: '2027-01-01T08:00:00+08:00', units: 1 })).unitFeeFen).toBe(6500);
  });

  it('uses the pack of the visit’s region', () => {
    const accrual = accrued(delivered({ region: 'changji', township: '652301001', itemCode: 'CJ-SH-01', units: 1 }));
    expect(accrual.amountFen).toBe(300000);
  });

  it('counts the month in China time: Dec 1st 00:30 +08:00 belongs to December', () => {
    expect(accrued(delivered({ deliveredAt: '2026-12-01T00:30:00+08:00' })).month).toBe('2026-12');
    expect(accrued(delivered({ deliveredAt: '2026-11-30T16:30:00Z' })).month).toBe('2026-12');
    expect(accrued(delivered({ deliveredAt: '2026-11-30T23:59:00+08:00' })).month).toBe('2026-11');
    expect(monthInChina(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01');
  });

  it('throws for an item outside the catalogue, or a region without a pack (the bus retries, then dead-letters it)', () => {
    expect(() => accrued(delivered({ itemCode: 'CZ-XX-99' }))).toThrow(/CZ-XX-99 is not in the chizhou catalogue/);
    expect(() => accrued(delivered({ region: 'nowhere' }))).toThrow(/no policy pack for region nowhere/);
  });

  it('a visit accrues once: a redelivery changes nothing and drafts no event', () => {
    const first: Accrual = accrued(delivered());
    expect(accrueVisit(first, delivered(), ctxAt(new Date('2026-12-03T00:00:00Z')))).toEqual({});
    expect(accrueVisit(first, delivered({ region: 'nowhere' }), ctx)).toEqual({});
  });

  it('a v1 delivery (history) accrues as unverified; its v2 settles the verification, a v1 after a v2 changes nothing', () => {
    const v1: EventOf<typeof VisitDelivered> = {
      ...delivered(),
      type: 'visit.delivered.v1',
      data: { visitId: 'visit-1', ...VISIT, itemCode: 'CZ-JK-02', deliveredAt: '2026-11-20T10:00:00+08:00', units: 3 },
    };
    const fromHistory = accrueVisit(undefined, visitDeliveredFromV1(v1), ctx, 1).state!;
    expect(fromHistory).toMatchObject({ verification: 'unverified', deliveryVersion: 1, amountFen: 18000 });
    const settled = accrueVisit(
      fromHistory,
      delivered({ verification: 'disputed', verificationReason: 'resident_disputed' }),
      ctx,
      2,
    );
    expect(settled.events).toBeUndefined();
    expect(settled.state).toMatchObject({
      verification: 'disputed',
      deliveryVersion: 2,
      accruedAt: fromHistory.accruedAt,
    });
    expect(accrueVisit(settled.state, visitDeliveredFromV1(v1), ctx, 1)).toEqual({});
  });

  it('re-accruing the same visit yields the same event id; another visit event another id', () => {
    const idOf = (event: ReturnType<typeof deliveredV2>, at = ctx) => accrueVisit(undefined, event, at).events![0]!.id;
    const first = idOf(delivered());
    expect(idOf(delivered(), ctxAt(new Date('2026-12-03T00:00:00Z')))).toBe(first);
    expect(idOf(delivered({}, '0192f3a4-0000-7000-8000-000000000002'))).not.toBe(first);
  });
});

import { chinaMonth } from '@carelink/policy';
import { routeItem } from '../src/domain/route-referral/route-referral';
import { aContract as contract, chizhou } from './fixtures';

const today = '2026-11-25';

describe('routing an approved item', () => {
  it('sends a basic public service to its department', () => {
    const r = routeItem(chizhou, 'CZ-JK-01', '341702001', today, []);
    expect(r.route).toEqual({ kind: 'department', departmentCode: 'health' });
    expect(r.explanation).toContain('卫健');
  });

  it('sends a purchased service to the least-loaded contracted provider with room, and says why', () => {
    const r = routeItem(chizhou, 'CZ-QJ-01', '341702001', today, [
      { contract: contract({ contractId: 'a', providerId: 'busy', providerName: '甲机构' }), referralsThisMonth: 8 },
      { contract: contract({ contractId: 'b', providerId: 'calm', providerName: '乙机构' }), referralsThisMonth: 2 },
      {
        contract: contract({ contractId: 'c', providerId: 'full', providerName: '丙机构', monthlyCapacity: 2 }),
        referralsThisMonth: 2,
      },
    ]);
    expect(r.route).toEqual({ kind: 'provider', providerId: 'calm', contractId: 'b' });
    expect(r.explanation).toContain('本月尚余8个服务名额');
  });

  it('ignores contracts of other townships, items, or out of force', () => {
    const r = routeItem(chizhou, 'CZ-QJ-01', '341702001', today, [
      { contract: contract({ townships: ['341702002'] }), referralsThisMonth: 0 },
      { contract: contract({ itemCodes: ['CZ-SH-01'] }), referralsThisMonth: 0 },
      { contract: contract({ validTo: '2026-11-24' }), referralsThisMonth: 0 },
    ]);
    expect(r.route).toBeUndefined();
    expect(r.explanation).toContain('暂无签约服务机构');
  });

  it('waits for the township when every provider is full', () => {
    const r = routeItem(chizhou, 'CZ-QJ-01', '341702001', today, [
      { contract: contract({ monthlyCapacity: 1 }), referralsThisMonth: 1 },
    ]);
    expect(r.route).toBeUndefined();
    expect(r.explanation).toContain('本月服务量已满');
  });

  it('counts months in China time', () => {
    expect(chinaMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(chinaMonth(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
  });
});

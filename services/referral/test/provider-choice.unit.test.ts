import { loadPolicyPacks, type PolicyPack } from '@carelink/policy';
import type { ProviderContract } from '../src/domain/referral';
import { distanceKm, routeItem } from '../src/domain/route-referral/route-referral';

const chizhou = loadPolicyPacks().get('chizhou')!;
const today = '2026-11-25';
const contract = (over: Partial<ProviderContract>): ProviderContract => ({
  contractId: 'k1',
  providerId: 'sunshine',
  providerName: '阳光社工',
  region: 'chizhou',
  itemCodes: ['CZ-QJ-01'],
  townships: ['341702001'],
  monthlyCapacity: 10,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  ...over,
});
const a = contract({ contractId: 'a', providerId: 'alpha', providerName: '甲机构' });
const b = contract({ contractId: 'b', providerId: 'beta', providerName: '乙机构' });

describe('choosing among contracted providers', () => {
  it('prefers the provider with the better complaint score when all else is equal, and says so', () => {
    const r = routeItem(chizhou, 'CZ-QJ-01', '341702001', today, [
      { contract: a, referralsThisMonth: 3, openReferrals: 2, complaintScore: 55 },
      { contract: b, referralsThisMonth: 3, openReferrals: 2, complaintScore: 95 },
    ]);
    expect(r.route).toMatchObject({ providerId: 'beta' });
    expect(r.explanation).toContain('投诉评分95分');
  });

  it('prefers the less loaded provider when scores are equal', () => {
    const r = routeItem(chizhou, 'CZ-QJ-01', '341702001', today, [
      { contract: a, referralsThisMonth: 3, openReferrals: 9, complaintScore: 90 },
      { contract: b, referralsThisMonth: 3, openReferrals: 1, complaintScore: 90 },
    ]);
    expect(r.route).toMatchObject({ providerId: 'beta' });
    expect(r.explanation).toContain('在办转介1件');
  });

  it('uses distance when township and provider have a location, and says when it could not', () => {
    const near = { ...a, location: { lat: 30.657, lon: 117.49 } };
    const far = { ...b, location: { lat: 30.9, lon: 117.9 } };
    const r = routeItem(chizhou, 'CZ-QJ-01', '341702001', today, [
      { contract: far, referralsThisMonth: 0, openReferrals: 0, complaintScore: 90 },
      { contract: near, referralsThisMonth: 0, openReferrals: 0, complaintScore: 90 },
    ]);
    expect(r.route).toMatchObject({ providerId: 'alpha' });
    expect(r.explanation).toMatch(/距乡镇\(街道\)约0\.\d公里/);
    const unknown = routeItem(chizhou, 'CZ-QJ-01', '341702001', today, [{ contract: a, referralsThisMonth: 0 }]);
    expect(unknown.explanation).toContain('未考虑距离');
    expect(distanceKm({ lat: 30, lon: 117 }, { lat: 31, lon: 117 })).toBeCloseTo(111.2, 0);
  });

  it('skips providers already tried, and escalates when none is left', () => {
    const r = routeItem(
      chizhou,
      'CZ-QJ-01',
      '341702001',
      today,
      [
        { contract: a, referralsThisMonth: 0, complaintScore: 100 },
        { contract: b, referralsThisMonth: 0, complaintScore: 10 },
      ],
      ['alpha'],
    );
    expect(r.route).toMatchObject({ providerId: 'beta' });
    expect(r.explanation).toContain('已排除');
    const none = routeItem(
      chizhou,
      'CZ-QJ-01',
      '341702001',
      today,
      [{ contract: a, referralsThisMonth: 0 }],
      ['alpha'],
    );
    expect(none.route).toBeUndefined();
    expect(none.explanation).toContain('待乡镇(街道)指定');
  });

  it('sends charity and institutional-care items to the organisation the pack names', () => {
    const pack: PolicyPack = {
      ...chizhou,
      catalogue: [
        ...chizhou.catalogue,
        {
          ...chizhou.catalogue[0]!,
          code: 'CZ-CS-01',
          name: { zh: '慈善助医', en: 'Charity' },
          delivery: 'charity',
          department: 'red_cross',
        },
        {
          ...chizhou.catalogue[0]!,
          code: 'CZ-JG-01',
          name: { zh: '集中供养', en: 'Care home' },
          delivery: 'institution',
          department: 'welfare_home',
        },
      ],
    };
    const charity = routeItem(pack, 'CZ-CS-01', '341702001', today, []);
    expect(charity.route).toEqual({ kind: 'department', departmentCode: 'red_cross' });
    expect(charity.explanation).toContain('慈善转介');
    expect(routeItem(pack, 'CZ-JG-01', '341702001', today, []).explanation).toContain('机构供养');
  });
});

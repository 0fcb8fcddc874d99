import type { PolicyPack } from '@carelink/policy';
import { distanceKm, routeItem } from '../src/domain/route-referral/route-referral';
import { aContract as contract, chizhou } from './fixtures';

const today = '2026-11-25';
const a = contract({ contractId: 'a', providerId: 'alpha', providerName: '甲机构' });
const b = contract({ contractId: 'b', providerId: 'beta', providerName: '乙机构' });

describe('choosing among contracted providers', () => {
  it.each([
    ['the better complaint score', { open: [2, 2], score: [55, 95] }, '投诉评分95分'],
    ['the less loaded provider', { open: [9, 1], score: [90, 90] }, '在办转介1件'],
  ])('prefers %s when all else is equal, and says so', (_what, { open, score }, says) => {
    const r = routeItem(chizhou, 'CZ-QJ-01', '341702001', today, [
      { contract: a, referralsThisMonth: 3, openReferrals: open[0], complaintScore: score[0] },
      { contract: b, referralsThisMonth: 3, openReferrals: open[1], complaintScore: score[1] },
    ]);
    expect(r.route).toMatchObject({ providerId: 'beta' });
    expect(r.explanation).toContain(says);
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

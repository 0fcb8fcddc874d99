/**
 * Mode-first routing (plan 000 三(六)): the receiver of the chosen mode, by the person's village or township, an
 * institution's free places, and a charity's monthly list (held, then handed over by the county).
 */
import type { PersonCircumstances } from '@carelink/contracts';
import { charityListRows, handOverListed } from '../src/domain/charity-list/charity-list';
import { routeItem } from '../src/domain/route-referral/route-referral';
import { aReferral, chizhou, contextAt, said } from './fixtures';

const today = '2026-11-25';
const tekun: PersonCircumstances = {
  age: 80,
  groups: ['tekun'],
  conditions: ['disabled_elder'],
  barthelScore: 30,
  carer: 'absent',
  illnesses: [],
};

describe('routing by the chosen mode', () => {
  it('a village receiver is chosen by the village when known (三(六)4: the village party branch first)', () => {
    const r = routeItem(chizhou, 'CZ-DJ-01', '341702001', today, [], [], {
      circumstances: tekun,
      village: '341702001201',
    });
    expect(r.route).toEqual({
      kind: 'department',
      departmentCode: 'party_branch_341702001201',
      receiverKind: 'party_branch',
    });
    const township = routeItem(chizhou, 'CZ-DJ-01', '341702001', today, [], [], { circumstances: tekun });
    expect(township.route).toMatchObject({ departmentCode: 'party_branch_341702001' });
    expect(township.mode).toEqual({ code: 'party_pairing', name: '“党建+救助”服务', handover: 'pairing' });
  });

  it('an institution with free places, skipping full ones and those that do not take the person (三(六)2)', () => {
    const loads = new Map([
      ['care_home_guichi_1', 2],
      ['care_home_guichi_2', 0],
    ]);
    const r = routeItem(chizhou, 'CZ-JG-01', '341702001', today, [], [], {
      circumstances: tekun,
      institutionLoads: loads,
    });
    expect(r.route).toMatchObject({ departmentCode: 'care_home_guichi_2', receiverKind: 'institution' });
    expect(r.explanation).toContain('贵池区中心敬老院(示范)床位已满（2/2）');
    const orphan = { ...tekun, age: 9, groups: ['orphan' as const], conditions: [] };
    expect(routeItem(chizhou, 'CZ-JG-01', '341702001', today, [], [], { circumstances: orphan }).route).toMatchObject({
      departmentCode: 'welfare_home_chizhou',
    });
  });

  it('without a person (re-routing a provider’s referral) the item’s delivery decides, as before', () => {
    expect(routeItem(chizhou, 'CZ-JK-01', '341702001', today, []).mode).toBeUndefined();
  });
});

describe('a charity’s monthly list (三(六)7)', () => {
  const listed = aReferral({
    status: 'awaiting_list',
    route: { kind: 'department', departmentCode: 'charity_guichi', receiverKind: 'charity' },
    mode: { code: 'charity_relief', name: '慈善救济服务', handover: 'monthly_list', category: '老年人' },
    sharingBasis: { basis: 'consent', givenBy: 'applicant' },
    itemCode: 'CZ-JJ-01',
    village: '341702001201',
  });

  it('lists consented people, minimised, with their phone only when they consented to share it', () => {
    const shared = {
      caseId: listed.caseId,
      caseNumber: listed.caseNumber,
      region: 'chizhou',
      personId: listed.person.personId,
      township: listed.township,
      consent: { givenBy: 'applicant' as const, recordedAt: '2026-11-01T00:00:00.000Z', covers: ['phone' as const] },
      contact: { name: '李桂兰', phone: { number: '13800000000', confirmed: true } },
      sharedAt: '2026-11-01T00:00:00.000Z',
    };
    const [row, ...none] = charityListRows(
      chizhou,
      [listed, { ...listed, referralId: 'x', sharingBasis: { basis: 'override', reason: '无法联系', by: 'clerk' } }],
      new Map([[listed.caseId, shared]]),
    );
    expect(none).toEqual([]);
    expect(row).toMatchObject({
      villageName: '示范社区甲',
      itemName: '慈善走访慰问',
      category: '老年人',
      phone: '13800000000',
    });
    expect(JSON.stringify(row)).not.toMatch(/personId|idNumber/);
  });

  it('is handed over once: the referral is sent to the charity, by whom and when', () => {
    const ctx = contextAt(new Date('2026-12-01T02:00:00.000Z'));
    const d = handOverListed(listed, 'county-officer', ctx);
    expect(d.state).toMatchObject({ status: 'requested', listedHandover: { by: 'county-officer' } });
    expect(said(d.events).map((e) => e.type)).toEqual(['referral.created.v1', 'referral.created.v3']);
    expect(handOverListed(d.state, 'county-officer', ctx)).toEqual({ result: d.state });
  });
});

import { buildEvent, ReferralCreated, ReferralCreatedV3, referralCreatedV3FromV1 } from '../src';

describe('referral.created.v3', () => {
  const v1 = buildEvent(ReferralCreated, {
    source: '/test',
    key: '0192f3a4-5b6c-7d8e-9f00-112233445566',
    data: {
      referralId: '0192f3a4-5b6c-7d8e-9f00-112233445566:CZ-JK-01',
      caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
      caseNumber: 'CZ341702-2026-000001',
      region: 'chizhou',
      itemCode: 'CZ-JK-01',
      township: '341702001',
      person: { personId: 'p_0123456789abcdef', name: '王秀英' },
      route: { kind: 'department', departmentCode: 'health' },
      explanation: '转介至卫健',
      sharingBasis: { basis: 'consent', givenBy: 'applicant' },
      createdAt: '2026-11-25T02:00:00.000Z',
    },
  });

  it('reads a v1 event as v3: same id, time and route, no mode', () => {
    const v3 = referralCreatedV3FromV1(v1);
    expect(v3).toMatchObject({ id: v1.id, time: v1.time, type: 'referral.created.v3' });
    expect(ReferralCreatedV3.schema.parse(v3.data)).toMatchObject({
      route: { kind: 'department', departmentCode: 'health' },
    });
    expect(v3.data).not.toHaveProperty('mode');
  });

  it('names a listed receiver by its kind and code, and the mode; v1 refuses that route', () => {
    const data = {
      ...v1.data,
      route: { kind: 'party_branch', receiverCode: 'party_branch_341702001' },
      mode: { code: 'party_pairing', name: '“党建+救助”服务', handover: 'pairing' },
    };
    expect(ReferralCreatedV3.schema.parse(data).route).toEqual({
      kind: 'party_branch',
      receiverCode: 'party_branch_341702001',
    });
    expect(ReferralCreated.schema.safeParse(data).success).toBe(false);
    expect(ReferralCreatedV3.schema.safeParse({ ...data, route: { kind: 'party_branch' } }).success).toBe(false);
  });
});

import { buildEvent, ReferralCreated, type EventData } from '@carelink/contracts';
import { offerAssignment } from '../src/domain/offer-assignment/offer-assignment';

function givenReferral(route: EventData<typeof ReferralCreated>['route']) {
  return buildEvent(ReferralCreated, {
    source: '/carelink/referral',
    key: '0192f3a4-5b6c-7d8e-9f00-112233445566',
    time: new Date('2026-11-24T10:00:00Z'),
    data: {
      referralId: 'ref-1',
      caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
      caseNumber: 'CZ341702-2026-000001',
      region: 'chizhou',
      itemCode: 'CZ-QJ-01',
      township: '341702001',
      person: { personId: 'p_0123456789abcdef', name: '张三' },
      route,
      explanation: '按服务合同转介',
      sharingBasis: { basis: 'consent', givenBy: 'applicant' },
      createdAt: '2026-11-24T10:00:00Z',
    },
  });
}

describe('offering referrals to providers', () => {
  it('Given a referral to a provider, When it arrives, Then an offered assignment at the event time', () => {
    // Given
    const referral = givenReferral({ kind: 'provider', providerId: 'prov-a', contractId: 'contract-1' });
    // When
    const state = offerAssignment(referral);
    // Then
    expect(state).toEqual({
      referralId: 'ref-1',
      caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
      caseNumber: 'CZ341702-2026-000001',
      region: 'chizhou',
      township: '341702001',
      itemCode: 'CZ-QJ-01',
      person: { personId: 'p_0123456789abcdef', name: '张三' },
      providerId: 'prov-a',
      contractId: 'contract-1',
      status: 'offered',
      version: 0,
      offeredAt: '2026-11-24T10:00:00.000Z',
    });
  });

  it('Given a referral to a department, When it arrives, Then no assignment', () => {
    expect(offerAssignment(givenReferral({ kind: 'department', departmentCode: 'health' }))).toBeNull();
  });
});

import { decideOffer, offerAssignment } from '../src/domain/offer-assignment/offer-assignment';
import { givenAssignment, givenReferral } from './fixtures';

describe('offering referrals to providers', () => {
  it('Given a referral to a provider, When it arrives, Then an offered assignment at the event time', () => {
    // Given
    const referral = givenReferral({ kind: 'provider', providerId: 'prov-a', contractId: 'contract-1' });
    // When
    const state = offerAssignment(referral);
    // Then
    expect(state).toEqual(
      givenAssignment({ providerId: 'prov-a', contractId: 'contract-1', offeredAt: '2026-11-24T10:00:00.000Z' }),
    );
  });

  it('Given a referral to a department, When it arrives, Then no assignment', () => {
    expect(offerAssignment(givenReferral({ kind: 'department', departmentCode: 'health' }))).toBeNull();
  });
});

describe('recording an offer once', () => {
  const offer = givenAssignment({ offeredAt: '2026-11-24T10:00:00.000Z' });

  it('Given no assignment yet, When offered, Then it is stored as offered, without telling anyone', () => {
    expect(decideOffer(undefined, offer)).toEqual({ state: offer, result: true });
  });

  it('Given the same offer redelivered, or the offer accepted meanwhile, When offered again, Then nothing changes', () => {
    expect(decideOffer(offer, offer)).toEqual({ result: false });
    const accepted = givenAssignment({ status: 'accepted', acceptedBy: 's', acceptedAt: '2026-11-24T11:00:00.000Z' });
    expect(decideOffer(accepted, { ...offer, offeredAt: '2026-11-24T12:00:00.000Z' })).toEqual({ result: false });
  });

  it('Given an offer referral took back, When the next provider is offered it later, Then the new offer replaces it, acceptance and withdrawal gone', () => {
    // Given: accepted by prov-a, then taken back (the acceptance crossed a re-routing)
    const withdrawn = givenAssignment({
      status: 'withdrawn',
      acceptedBy: 'staff-a',
      acceptedAt: '2026-11-24T11:00:00.000Z',
      withdrawal: { reason: '接收方超时未答复', at: '2026-11-24T11:00:01.000Z' },
    });
    const next = givenAssignment({ providerId: 'prov-b', offeredAt: '2026-11-24T11:00:02.000Z' });
    // When
    const decision = decideOffer(withdrawn, next);
    // Then
    expect(decision).toEqual({ state: next, result: true });
    expect(decision.state).not.toHaveProperty('acceptedBy');
    expect(decision.state).not.toHaveProperty('withdrawal');
  });

  it('Given an offer referral took back, When an older offer arrives late, Then nothing changes', () => {
    const withdrawn = givenAssignment({ status: 'withdrawn', offeredAt: '2026-11-24T11:00:00.000Z' });
    expect(decideOffer(withdrawn, givenAssignment({ offeredAt: '2026-11-24T10:00:00.000Z' }))).toEqual({
      result: false,
    });
  });
});

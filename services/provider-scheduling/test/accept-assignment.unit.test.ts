import { acceptAssignment } from '../src/domain/accept-assignment/accept-assignment';
import { codeOf, givenAssignment, now, providerStaff, townshipCaseworker } from './fixtures';

describe('accepting an offered assignment (接单)', () => {
  it('Given an offer to my provider, When I accept it, Then it is accepted by me at the current time', () => {
    // Given
    const offer = givenAssignment();
    // When
    const acceptance = acceptAssignment(offer, providerStaff('prov-a', 'staff-a'), now);
    // Then
    expect(acceptance).toEqual({ status: 'accepted', acceptedBy: 'staff-a', acceptedAt: '2026-11-25T01:00:00.000Z' });
  });

  it('Given an assignment already accepted, When it is accepted again, Then already_accepted (409) with a Chinese message', () => {
    // Given
    const accepted = givenAssignment({ status: 'accepted', acceptedBy: 'staff-a', acceptedAt: now.toISOString() });
    // When
    let error: unknown;
    try {
      acceptAssignment(accepted, providerStaff(), now);
    } catch (e) {
      error = e;
    }
    // Then
    expect(error).toMatchObject({
      code: 'already_accepted',
      status: 409,
      messageZh: expect.stringMatching(/已被接单/),
    });
  });

  it('Given an offer to another provider, When I accept it, Then other_provider', () => {
    // Given
    const offer = givenAssignment({ providerId: 'prov-b' });
    // When / Then
    expect(codeOf(() => acceptAssignment(offer, providerStaff('prov-a'), now))).toBe('other_provider');
  });

  it('Given a provider token naming no provider, When it accepts, Then provider_required', () => {
    expect(codeOf(() => acceptAssignment(givenAssignment(), providerStaff(null), now))).toBe('provider_required');
  });

  it('Given township staff, When they try to accept, Then it is refused: only the provider accepts', () => {
    expect(codeOf(() => acceptAssignment(givenAssignment(), townshipCaseworker(), now))).toBe('role_not_allowed');
  });
});

import { AppError } from '@carelink/http';
import { decideAcceptAssignment } from '../src/domain/accept-assignment/accept-assignment';
import type { AssignmentState } from '../src/domain/assignment';
import { codeOf, ctx, errorOf, eventsOf, givenAssignment, providerStaff, townshipCaseworker } from './fixtures';

const accept = (current: AssignmentState | undefined, principal = providerStaff()) =>
  decideAcceptAssignment(current, { principal }, ctx);

describe('accepting an offered assignment (接单)', () => {
  it('Given an offer to my provider, When I accept it, Then it is accepted by me at the current time, and referral is told', () => {
    // Given
    const offer = givenAssignment();
    // When
    const decision = accept(offer, providerStaff('prov-a', 'staff-a'));
    // Then
    const accepted = {
      ...offer,
      status: 'accepted',
      acceptedBy: 'staff-a',
      acceptedAt: '2026-11-25T01:00:00.000Z',
      version: 1,
    };
    expect(decision.state).toEqual(accepted);
    expect(decision.result).toEqual(accepted);
    expect(eventsOf(decision)).toEqual([
      {
        topic: 'carelink.scheduling.visits.v1',
        type: 'assignment.accepted.v1',
        key: offer.caseId,
        data: {
          referralId: 'ref-1',
          caseId: offer.caseId,
          providerId: 'prov-a',
          acceptedBy: 'staff-a',
          acceptedAt: '2026-11-25T01:00:00.000Z',
        },
      },
    ]);
  });

  it('Given an assignment already accepted, When it is accepted again, Then already_accepted (409) with a Chinese message', () => {
    // Given
    const accepted = givenAssignment({ status: 'accepted', acceptedBy: 'staff-a', acceptedAt: ctx.now.toISOString() });
    // When
    const error = errorOf(() => accept(accepted));
    // Then
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'already_accepted',
      messageZh: expect.stringMatching(/已被接单/),
    });
    expect(AppError.fromDomain(error).status).toBe(409);
  });

  it('Given no assignment under the id, When it is accepted, Then not_found (404)', () => {
    const error = errorOf(() => accept(undefined));
    expect(error).toMatchObject({ kind: 'not_found', code: 'not_found', messageZh: '未找到服务派单' });
    expect(AppError.fromDomain(error).status).toBe(404);
  });

  it('Given an offer to another provider, When I accept it, Then other_provider', () => {
    // Given
    const offer = givenAssignment({ providerId: 'prov-b' });
    // When / Then
    expect(codeOf(() => accept(offer, providerStaff('prov-a')))).toBe('other_provider');
  });

  it('Given a provider token naming no provider, When it accepts, Then provider_required', () => {
    expect(codeOf(() => accept(givenAssignment(), providerStaff(null)))).toBe('provider_required');
  });

  it('Given township staff, When they try to accept, Then it is refused: only the provider accepts', () => {
    expect(codeOf(() => accept(givenAssignment(), townshipCaseworker()))).toBe('role_not_allowed');
  });
});

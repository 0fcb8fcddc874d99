import { acceptAssignment } from '../src/domain/accept-assignment/accept-assignment';
import { scheduleVisit } from '../src/domain/schedule-visit/schedule-visit';
import { codeOf, givenAssignment, now, providerStaff } from './fixtures';

describe('a cancelled referral stops the provider (dynamic management)', () => {
  const cancellation = { reason: '特困供养系统自2026-12-01起变更救助身份', at: '2026-12-01T00:00:00.000Z' };

  it('can no longer be accepted', () => {
    expect(
      codeOf(() => acceptAssignment(givenAssignment({ status: 'cancelled', cancellation }), providerStaff(), now)),
    ).toBe('assignment_cancelled');
  });

  it('takes no new visits, and says why', () => {
    const cancelled = givenAssignment({ status: 'cancelled', cancellation });
    expect(
      codeOf(() =>
        scheduleVisit(
          cancelled,
          providerStaff(),
          { workerId: 'w', scheduledFor: '2026-12-02T09:00:00+08:00' },
          'v-1',
          now,
        ),
      ),
    ).toBe('assignment_cancelled');
    try {
      scheduleVisit(
        cancelled,
        providerStaff(),
        { workerId: 'w', scheduledFor: '2026-12-02T09:00:00+08:00' },
        'v-1',
        now,
      );
    } catch (e) {
      expect((e as Error).message).toContain('变更救助身份');
    }
  });
});

describe('an offer referral took back (rejected, timed out or re-routed)', () => {
  it('can no longer be accepted by the provider it was taken from, and says why', () => {
    const withdrawn = givenAssignment({
      status: 'withdrawn',
      withdrawal: { reason: '接收方3个工作日内未答复', at: '2026-12-01T00:00:00.000Z' },
    });
    expect(codeOf(() => acceptAssignment(withdrawn, providerStaff(), now))).toBe('assignment_withdrawn');
  });
});

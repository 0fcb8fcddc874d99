import { acceptAssignment } from '../src/domain/accept-assignment/accept-assignment';
import { scheduleVisit } from '../src/domain/schedule-visit/schedule-visit';
import { recordDelivery } from '../src/domain/record-delivery/record-delivery';
import { codeOf, givenAssignment, givenVisit, now, providerStaff } from './fixtures';

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

describe('a referral closed by referral (completed or failed)', () => {
  const visit = { workerId: 'w', scheduledFor: '2026-12-02T09:00:00+08:00' };
  const completed = givenAssignment({
    status: 'completed',
    closure: { at: '2026-11-25T00:40:00.000Z' },
  });
  const failed = givenAssignment({
    status: 'failed',
    closure: { reason: '服务对象搬离本乡镇', at: '2026-11-25T00:40:00.000Z' },
  });

  it('takes no new visits, and says why', () => {
    expect(codeOf(() => scheduleVisit(completed, providerStaff(), visit, 'v-1', now))).toBe('assignment_closed');
    expect(codeOf(() => scheduleVisit(failed, providerStaff(), visit, 'v-1', now))).toBe('assignment_closed');
    expect(() => scheduleVisit(failed, providerStaff(), visit, 'v-1', now)).toThrow(/服务对象搬离本乡镇/);
  });

  it('records no delivery after the closure, but one made before it (recorded late)', () => {
    const deliveredAfter = { deliveredAt: '2026-11-25T08:50:00+08:00', units: 1 };
    const deliveredBefore = { deliveredAt: '2026-11-25T08:30:00+08:00', units: 1 };
    expect(codeOf(() => recordDelivery(givenVisit(), providerStaff(), deliveredAfter, now, completed))).toBe(
      'assignment_closed',
    );
    expect(codeOf(() => recordDelivery(givenVisit(), providerStaff(), deliveredBefore, now, failed))).toBe('no error');
  });
});

describe('a visit of an assignment referral took back from the provider', () => {
  it('is not recorded as delivered (nor settled)', () => {
    const delivered = { deliveredAt: '2026-11-25T08:30:00+08:00', units: 1 };
    const withdrawn = givenAssignment({ status: 'withdrawn', withdrawal: { reason: '改派', at: now.toISOString() } });
    const reoffered = givenAssignment({ providerId: 'prov-b' });
    for (const assignment of [withdrawn, reoffered])
      expect(codeOf(() => recordDelivery(givenVisit(), providerStaff(), delivered, now, assignment))).toBe(
        'assignment_withdrawn',
      );
  });
});

import { decideAcceptAssignment } from '../src/domain/accept-assignment/accept-assignment';
import type { AssignmentState } from '../src/domain/assignment';
import { decideRecordDelivery } from '../src/domain/record-delivery/record-delivery';
import { decideScheduleVisit } from '../src/domain/schedule-visit/schedule-visit';
import { codeOf, ctx, errorOf, givenAssignment, givenVisit, now, providerStaff } from './fixtures';

const accept = (assignment: AssignmentState) => decideAcceptAssignment(assignment, { principal: providerStaff() }, ctx);
const schedule = (assignment: AssignmentState) =>
  decideScheduleVisit(
    undefined,
    {
      workerId: 'w',
      scheduledFor: '2026-12-02T09:00:00+08:00',
      visitId: 'v-1',
      principal: providerStaff(),
      assignment,
    },
    ctx,
  );
const record = (assignment: AssignmentState, deliveredAt: string) =>
  decideRecordDelivery(givenVisit(), { deliveredAt, units: 1, principal: providerStaff(), assignment }, ctx);

describe('a cancelled referral stops the provider (dynamic management)', () => {
  const cancellation = { reason: '特困供养系统自2026-12-01起变更救助身份', at: '2026-12-01T00:00:00.000Z' };

  it('can no longer be accepted', () => {
    expect(codeOf(() => accept(givenAssignment({ status: 'cancelled', cancellation })))).toBe('assignment_cancelled');
  });

  it('takes no new visits, and says why', () => {
    const error = errorOf(() => schedule(givenAssignment({ status: 'cancelled', cancellation })));
    expect(error.code).toBe('assignment_cancelled');
    expect(error.message).toContain('变更救助身份');
  });
});

describe('an offer referral took back (rejected, timed out or re-routed)', () => {
  it('can no longer be accepted by the provider it was taken from, and says why', () => {
    const withdrawn = givenAssignment({
      status: 'withdrawn',
      withdrawal: { reason: '接收方3个工作日内未答复', at: '2026-12-01T00:00:00.000Z' },
    });
    const error = errorOf(() => accept(withdrawn));
    expect(error.code).toBe('assignment_withdrawn');
    expect(error.messageZh).toContain('接收方3个工作日内未答复');
  });
});

describe('a referral closed by referral (completed or failed)', () => {
  const completed = givenAssignment({
    status: 'completed',
    closure: { at: '2026-11-25T00:40:00.000Z' },
  });
  const failed = givenAssignment({
    status: 'failed',
    closure: { reason: '服务对象搬离本乡镇', at: '2026-11-25T00:40:00.000Z' },
  });

  it('takes no new visits, and says why', () => {
    expect(codeOf(() => schedule(completed))).toBe('assignment_closed');
    expect(codeOf(() => schedule(failed))).toBe('assignment_closed');
    expect(() => schedule(failed)).toThrow(/服务对象搬离本乡镇/);
  });

  it('records no delivery after the closure, but one made before it (recorded late)', () => {
    expect(codeOf(() => record(completed, '2026-11-25T08:50:00+08:00'))).toBe('assignment_closed');
    expect(codeOf(() => record(failed, '2026-11-25T08:30:00+08:00'))).toBe('no error');
  });
});

describe('a visit of an assignment referral took back from the provider', () => {
  it('is not recorded as delivered (nor settled)', () => {
    const withdrawn = givenAssignment({ status: 'withdrawn', withdrawal: { reason: '改派', at: now.toISOString() } });
    const reoffered = givenAssignment({ providerId: 'prov-b' });
    for (const assignment of [withdrawn, reoffered])
      expect(codeOf(() => record(assignment, '2026-11-25T08:30:00+08:00'))).toBe('assignment_withdrawn');
  });
});

import { AppError } from '@carelink/http';
import { decideAcceptAssignment } from '../src/domain/accept-assignment/accept-assignment';
import type { AssignmentState } from '../src/domain/assignment';
import { decideRecordDelivery } from '../src/domain/record-delivery/record-delivery';
import { decideScheduleVisit } from '../src/domain/schedule-visit/schedule-visit';
import {
  codeOf,
  ctx,
  errorOf,
  givenAssignment,
  givenVisit,
  issuedCode,
  now,
  providerStaff,
  servedBy,
  verificationRules,
} from './fixtures';

const accept = (assignment: AssignmentState) => decideAcceptAssignment(assignment, { principal: providerStaff() }, ctx);
const schedule = (assignment: AssignmentState) =>
  decideScheduleVisit(
    undefined,
    {
      workerId: 'worker-7',
      scheduledFor: '2026-12-02T09:00:00+08:00',
      visitId: 'v-1',
      principal: providerStaff(),
      assignment,
      ...servedBy(),
    },
    ctx,
  );
const record = (assignment: AssignmentState, deliveredAt: string) =>
  decideRecordDelivery(
    givenVisit(),
    { deliveredAt, units: 1, principal: providerStaff(), assignment, rules: verificationRules, issued: issuedCode },
    ctx,
  );

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

describe('a referral cancelled by dynamic management (the person’s service stopped)', () => {
  // Accepted, a visit scheduled, then cancelled at 2026-11-25T00:40Z (08:40 China time).
  const cancelled = givenAssignment({
    status: 'cancelled',
    acceptedAt: '2026-11-24T11:00:00.000Z',
    cancellation: { reason: '低保系统自2026-11-25起停止救助', at: '2026-11-25T00:40:00.000Z' },
  });

  it('records no delivery made after the stop (it would be settled), and says since when', () => {
    const error = errorOf(() => record(cancelled, '2026-11-25T08:50:00+08:00'));
    expect(error.code).toBe('delivered_after_stop');
    expect(AppError.fromDomain(error).status).toBe(409);
    expect(error.messageZh).toContain('2026-11-25 08:40');
    expect(error.messageZh).toContain('停止救助');
  });

  it('records a delivery made before the stop (recorded late)', () => {
    expect(codeOf(() => record(cancelled, '2026-11-25T08:30:00+08:00'))).toBe('no error');
  });
});

describe('a visit outside the referral’s life', () => {
  // The referral reached the provider at 2026-11-24T10:00Z.
  const accepted = givenAssignment({ status: 'accepted', acceptedAt: '2026-11-24T11:00:00.000Z' });

  it('cannot be scheduled before the referral reached the provider', () => {
    const at = (scheduledFor: string) =>
      codeOf(() =>
        decideScheduleVisit(
          undefined,
          {
            workerId: 'worker-7',
            scheduledFor,
            visitId: 'v-2',
            principal: providerStaff(),
            assignment: accepted,
            ...servedBy(),
          },
          ctx,
        ),
      );
    expect(at('2026-11-03T09:00:00+08:00')).toBe('scheduled_before_referral');
    expect(at('2026-11-24T17:59:00+08:00')).toBe('scheduled_before_referral');
    expect(at('2026-11-24T18:00:00+08:00')).toBe('no error');
  });

  it('cannot be recorded as delivered before the referral reached the provider', () => {
    const visit = givenVisit({ scheduledFor: '2026-11-24T12:00:00.000Z' });
    const deliver = (deliveredAt: string) =>
      codeOf(() =>
        decideRecordDelivery(
          visit,
          {
            deliveredAt,
            units: 1,
            principal: providerStaff(),
            assignment: accepted,
            rules: verificationRules,
            issued: issuedCode,
          },
          ctx,
        ),
      );
    expect(deliver('2026-11-24T09:59:00Z')).toBe('delivered_before_referral');
    expect(deliver('2026-11-24T10:00:00Z')).toBe('no error');
  });
});

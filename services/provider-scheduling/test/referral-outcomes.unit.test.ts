/**
 * Referral decides who serves a referral and when it ends; provider-scheduling follows: it takes an offer
 * back, closes or cancels the provider's assignment. Each follows once, whatever is redelivered.
 */
import type { AssignmentStatus } from '../src/domain/assignment';
import { decideCancellation } from '../src/domain/cancel-assignment/cancel-assignment';
import { decideClosure } from '../src/domain/close-assignment/close-assignment';
import { decideWithdrawal } from '../src/domain/withdraw-assignment/withdraw-assignment';
import { givenAssignment } from './fixtures';

const OPEN: AssignmentStatus[] = ['offered', 'accepted'];
const ENDED: AssignmentStatus[] = ['cancelled', 'withdrawn', 'completed', 'failed'];

describe('taking an offer back (rejected, timed out, re-routed)', () => {
  const withdrawal = { reason: '接收方超时未答复', at: '2026-11-24T11:00:01.000Z' };

  it('Given an open assignment of the provider, When referral takes it back, Then it is withdrawn, with the reason', () => {
    for (const status of OPEN) {
      const open = givenAssignment({ status, providerId: 'prov-a' });
      expect(decideWithdrawal(open, { providerId: 'prov-a', ...withdrawal })).toEqual({
        state: { ...open, status: 'withdrawn', withdrawal },
      });
    }
  });

  it('Given an assignment of another provider, or one no longer open, or none, Then nothing changes', () => {
    expect(
      decideWithdrawal(givenAssignment({ providerId: 'prov-b' }), { providerId: 'prov-a', ...withdrawal }),
    ).toEqual({});
    for (const status of ENDED)
      expect(decideWithdrawal(givenAssignment({ status }), { providerId: 'prov-a', ...withdrawal })).toEqual({});
    expect(decideWithdrawal(undefined, { providerId: 'prov-a', ...withdrawal })).toEqual({});
  });
});

describe('closing an assignment (referral completed or failed)', () => {
  it('Given an open assignment of the provider, When referral closes it, Then it is closed; the first closure stands', () => {
    const accepted = givenAssignment({ status: 'accepted' });
    const failed = decideClosure(accepted, {
      providerId: 'prov-a',
      status: 'failed',
      closure: { reason: '无法联系', at: '2026-11-30T00:00:00.000Z' },
    });
    expect(failed).toEqual({
      state: { ...accepted, status: 'failed', closure: { reason: '无法联系', at: '2026-11-30T00:00:00.000Z' } },
    });
    expect(
      decideClosure(failed.state, {
        providerId: 'prov-a',
        status: 'completed',
        closure: { at: '2026-12-01T00:00:00.000Z' },
      }),
    ).toEqual({});
  });

  it('Given an assignment of another provider, or none, Then nothing changes', () => {
    const closure = { at: '2026-11-30T00:00:00.000Z' };
    expect(
      decideClosure(givenAssignment({ status: 'accepted' }), { providerId: 'prov-x', status: 'completed', closure }),
    ).toEqual({});
    expect(decideClosure(undefined, { providerId: 'prov-a', status: 'completed', closure })).toEqual({});
  });
});

describe('cancelling an assignment (the person no longer qualifies)', () => {
  const cancellation = { reason: '特困供养系统自2026-12-01起变更救助身份', at: '2026-12-01T00:00:00.000Z' };

  it('Given an open assignment, When referral cancels it, Then it is cancelled, with the reason', () => {
    for (const status of OPEN) {
      const open = givenAssignment({ status });
      expect(decideCancellation(open, cancellation)).toEqual({ state: { ...open, status: 'cancelled', cancellation } });
    }
  });

  it('Given an assignment no longer open, or none, Then nothing changes (a redelivery neither)', () => {
    for (const status of ENDED) expect(decideCancellation(givenAssignment({ status }), cancellation)).toEqual({});
    expect(decideCancellation(undefined, cancellation)).toEqual({});
  });
});

import type { AppError } from '@carelink/http';
import type { ReferralRecord } from '../src/domain/referral';
import { overrideConsent } from '../src/domain/override-consent/override-consent';

const waiting: ReferralRecord = {
  referralId: 'c:CZ-QJ-01',
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  itemCode: 'CZ-QJ-01',
  township: '341702001',
  person: { personId: 'p_0123456789abcdef', name: '张三' },
  status: 'awaiting_consent',
  route: { kind: 'provider', providerId: 'p', contractId: 'k' },
  explanation: 'x',
  month: '2026-11',
  createdAt: '2026-11-25T00:00:00.000Z',
};

describe('sharing a referral without consent', () => {
  it('needs the township to record why, and then goes to the routed receiver', () => {
    expect(overrideConsent(waiting, { reason: '独居失能，无法表达意愿，村委会证明' }, 'clerk')).toEqual({
      status: 'requested',
      sharingBasis: { basis: 'override', reason: '独居失能，无法表达意愿，村委会证明', by: 'clerk' },
    });
  });

  it('waits for a provider when none was found', () => {
    const { route: _route, ...unrouted } = waiting;
    expect(overrideConsent(unrouted, { reason: '紧急情况，先行转介' }, 'clerk').status).toBe('awaiting_provider');
  });

  it('applies only to a referral waiting for consent', () => {
    try {
      overrideConsent({ ...waiting, status: 'requested' }, { reason: '重复操作测试' }, 'clerk');
      throw new Error('no error');
    } catch (e) {
      expect((e as AppError).code).toBe('not_awaiting_consent');
    }
  });
});

import type { StaffPrincipal } from '@carelink/auth';
import type { AppError } from '@carelink/http';
import { answerReferral, RECEIVER_MOVES, type ReceiverAction } from '../src/domain/answer-referral/receiver-action';
import type { ReferralRecord, ReferralStatus } from '../src/domain/referral';

const toHealth: ReferralRecord = {
  referralId: 'c:CZ-JK-01',
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  itemCode: 'CZ-JK-01',
  township: '341702001',
  person: { personId: 'p_0123456789abcdef', name: '张三' },
  status: 'requested',
  route: { kind: 'department', departmentCode: 'health' },
  explanation: 'x',
  month: '2026-11',
  createdAt: '2026-11-25T00:00:00.000Z',
  sharingBasis: { basis: 'consent', givenBy: 'applicant' },
};
const staff = (over: Partial<StaffPrincipal>): StaffPrincipal => ({
  sub: 'd-1',
  role: 'department_staff',
  region: 'chizhou',
  jurisdiction: '341702',
  departmentCode: 'health',
  ...over,
});
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'no error';
};

describe('a receiver answering a referral (FHIR Task states)', () => {
  it('walks requested → received → accepted → in progress → completed', () => {
    let status: ReferralStatus = 'requested';
    for (const action of ['receipt', 'acceptance', 'start', 'completion'] as ReceiverAction[]) {
      const move = answerReferral({ ...toHealth, status }, action, {}, staff({}));
      expect(move.from).toBe(status);
      status = move.to;
    }
    expect(status).toBe('completed');
  });

  it('keeps a county department office to its own county', () => {
    const elsewhere = { ...toHealth, township: '341721100' };
    expect(codeOf(() => answerReferral(elsewhere, 'acceptance', {}, staff({})))).toBe('not_found');
    expect(codeOf(() => answerReferral(elsewhere, 'acceptance', {}, staff({ jurisdiction: '3417' })))).toBe('no error');
  });

  it('lets a department see and act on its own referrals only', () => {
    expect(codeOf(() => answerReferral(toHealth, 'acceptance', {}, staff({ departmentCode: 'civil_affairs' })))).toBe(
      'not_found',
    );
    expect(codeOf(() => answerReferral(toHealth, 'acceptance', {}, staff({ region: 'changji' })))).toBe('not_found');
  });

  it('needs a reason to reject, and refuses moves out of order', () => {
    expect(codeOf(() => answerReferral(toHealth, 'rejection', {}, staff({})))).toBe('reason_required');
    expect(answerReferral(toHealth, 'rejection', { reason: '不属于本部门职责' }, staff({})).to).toBe('rejected');
    expect(codeOf(() => answerReferral({ ...toHealth, status: 'completed' }, 'acceptance', {}, staff({})))).toBe(
      'invalid_transition',
    );
    expect(codeOf(() => answerReferral(toHealth, 'completion', {}, staff({})))).toBe('invalid_transition');
  });

  it('hides a referral held for consent from its receiver', () => {
    const { sharingBasis: _s, ...held } = toHealth;
    expect(codeOf(() => answerReferral({ ...held, status: 'awaiting_consent' }, 'receipt', {}, staff({})))).toBe(
      'not_found',
    );
  });

  it('sends providers to provider-scheduling to accept, but lets them reject here', () => {
    const toProvider = { ...toHealth, route: { kind: 'provider' as const, providerId: 'sun', contractId: 'k' } };
    const provider = staff({ role: 'provider_staff', providerId: 'sun', departmentCode: undefined });
    expect(codeOf(() => answerReferral(toProvider, 'acceptance', {}, provider))).toBe('use_provider_scheduling');
    expect(answerReferral(toProvider, 'rejection', { reason: '本月人手不足' }, provider).to).toBe('rejected');
  });

  it('never moves a referral out of a final state', () => {
    for (const action of Object.keys(RECEIVER_MOVES) as ReceiverAction[])
      for (const final of ['completed', 'cancelled', 'failed'] as ReferralStatus[])
        expect(
          codeOf(() => answerReferral({ ...toHealth, status: final }, action, { reason: 'x理由' }, staff({}))),
        ).toBe('invalid_transition');
  });
});

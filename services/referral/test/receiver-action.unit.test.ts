import {
  answerReferral,
  decideReceiverAction,
  RECEIVER_MOVES,
  type ReceiverAction,
} from '../src/domain/answer-referral/receiver-action';
import type { ReferralStatus } from '../src/domain/referral';
import { aContract, aReferral, codeOf, contextAt, said, staff } from './fixtures';

const toHealth = aReferral();

describe('a receiver answering a referral (FHIR Task states)', () => {
  it('walks requested → received → accepted → in progress → completed', () => {
    let status: ReferralStatus = 'requested';
    for (const action of ['receipt', 'acceptance', 'start', 'completion'] as ReceiverAction[]) {
      const move = answerReferral({ ...toHealth, status }, action, {}, staff());
      expect(move.from).toBe(status);
      status = move.to;
    }
    expect(status).toBe('completed');
  });

  it('keeps a county department office to its own county', () => {
    const elsewhere = { ...toHealth, township: '341721100' };
    expect(codeOf(() => answerReferral(elsewhere, 'acceptance', {}, staff()))).toBe('not_found');
    expect(codeOf(() => answerReferral(elsewhere, 'acceptance', {}, staff({ jurisdiction: '3417' })))).toBe('no error');
  });

  it('lets a department see and act on its own referrals only', () => {
    expect(codeOf(() => answerReferral(toHealth, 'acceptance', {}, staff({ departmentCode: 'civil_affairs' })))).toBe(
      'not_found',
    );
    expect(codeOf(() => answerReferral(toHealth, 'acceptance', {}, staff({ region: 'changji' })))).toBe('not_found');
  });

  it('needs a reason to reject, and refuses moves out of order', () => {
    expect(codeOf(() => answerReferral(toHealth, 'rejection', {}, staff()))).toBe('reason_required');
    expect(answerReferral(toHealth, 'rejection', { reason: '不属于本部门职责' }, staff()).to).toBe('rejected');
    expect(codeOf(() => answerReferral({ ...toHealth, status: 'completed' }, 'acceptance', {}, staff()))).toBe(
      'invalid_transition',
    );
    expect(codeOf(() => answerReferral(toHealth, 'completion', {}, staff()))).toBe('invalid_transition');
  });

  it('hides a referral held for consent from its receiver', () => {
    const { sharingBasis: _s, ...held } = toHealth;
    expect(codeOf(() => answerReferral({ ...held, status: 'awaiting_consent' }, 'receipt', {}, staff()))).toBe(
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
        expect(codeOf(() => answerReferral({ ...toHealth, status: final }, action, { reason: 'x理由' }, staff()))).toBe(
          'invalid_transition',
        );
  });
});

describe('a receiver’s answer, decided', () => {
  const now = new Date('2026-11-26T02:00:00.000Z');

  it('moves the referral and says so on the referrals topic and the department’s, under one id', () => {
    const d = decideReceiverAction(
      toHealth,
      { action: 'acceptance', command: {}, principal: staff() },
      [],
      contextAt(now),
    );
    expect(d.state).toMatchObject({
      status: 'accepted',
      history: [{ from: 'requested', to: 'accepted', attempt: 1, by: 'd-1', at: now.toISOString() }],
    });
    const events = said(d.events);
    expect(events.map((e) => [e.type, e.topic])).toEqual([
      ['referral.accepted.v1', 'carelink.referral.referrals.v1'],
      ['referral.accepted.v1', 'carelink.referral.department.chizhou.health.v1'],
    ]);
    expect(events[0]!.id).toBeDefined();
    expect(events[1]!.id).toBe(events[0]!.id);
    expect(d.result).toBe(d.state);
  });

  it('re-routes a provider’s rejection to the next provider in the same decision', () => {
    const toAlpha = aReferral({
      itemCode: 'CZ-QJ-01',
      route: { kind: 'provider', providerId: 'alpha', contractId: 'a' },
    });
    const alpha = staff({ sub: 'alpha-1', role: 'provider_staff', providerId: 'alpha', departmentCode: undefined });
    const d = decideReceiverAction(
      toAlpha,
      { action: 'rejection', command: { reason: '本月护理员不足' }, principal: alpha },
      [
        { contract: aContract({ contractId: 'a', providerId: 'alpha' }), referralsThisMonth: 0 },
        { contract: aContract({ contractId: 'b', providerId: 'beta' }), referralsThisMonth: 0 },
      ],
      contextAt(now),
    );
    expect(d.state).toMatchObject({ status: 'requested', attempt: 2, route: { providerId: 'beta' } });
    expect(d.state!.history!.map((h) => h.to)).toEqual(['rejected', 'requested']);
    expect(said(d.events).map((e) => e.type)).toEqual([
      'referral.rejected.v1',
      'referral.rerouted.v1',
      'referral.created.v1',
      'referral.created.v3',
    ]);
  });

  it('finds no referral that does not exist', () => {
    expect(
      codeOf(() =>
        decideReceiverAction(undefined, { action: 'receipt', command: {}, principal: staff() }, [], contextAt(now)),
      ),
    ).toBe('not_found');
  });
});

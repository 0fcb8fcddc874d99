import { decideConsentOverride, overrideConsent } from '../src/domain/override-consent/override-consent';
import { aReferral, codeOf, contextAt, said, townshipClerk as clerk } from './fixtures';

const waiting = aReferral({
  itemCode: 'CZ-QJ-01',
  status: 'awaiting_consent',
  route: { kind: 'provider', providerId: 'p', contractId: 'k' },
  sharingBasis: undefined,
});
const now = new Date('2026-11-26T02:00:00.000Z');
const reason = '独居失能，无法表达意愿，村委会证明';

describe('sharing a referral without consent', () => {
  it('needs the township to record why, and then goes to the routed receiver', () => {
    expect(overrideConsent(waiting, { reason }, 'clerk')).toEqual({
      status: 'requested',
      sharingBasis: { basis: 'override', reason, by: 'clerk' },
    });
  });

  it('waits for a provider when none was found', () => {
    const { route: _route, ...unrouted } = waiting;
    expect(overrideConsent(unrouted, { reason: '紧急情况，先行转介' }, 'clerk').status).toBe('awaiting_provider');
  });

  it('applies only to a referral waiting for consent', () => {
    expect(
      codeOf(() => overrideConsent({ ...waiting, status: 'requested' }, { reason: '重复操作测试' }, 'clerk')),
    ).toBe('not_awaiting_consent');
  });

  it('sends the referral on, telling the receiver who overrode and not why, and sets the answer due time', () => {
    const d = decideConsentOverride(waiting, { command: { reason }, principal: clerk }, contextAt(now));
    expect(d.state).toMatchObject({
      status: 'requested',
      attempt: 1,
      sharingBasis: { basis: 'override', reason, by: 'clerk' },
      history: [{ from: 'awaiting_consent', to: 'requested', by: 'clerk', at: now.toISOString(), reason }],
    });
    expect(new Date(d.state!.answerDueAt!).getTime()).toBeGreaterThan(now.getTime());
    const [created, v3, ...more] = said(d.events);
    expect(more).toEqual([]);
    expect(v3).toMatchObject({
      type: 'referral.created.v3',
      data: { sharingBasis: { basis: 'override', by: 'clerk' } },
    });
    expect(JSON.stringify(v3)).not.toContain(reason);
    expect(created).toMatchObject({
      type: 'referral.created.v1',
      data: { sharingBasis: { basis: 'override', by: 'clerk' }, createdAt: now.toISOString() },
    });
    expect(JSON.stringify(created)).not.toContain(reason);
    expect(d.result).toBe(d.state);
  });

  it('records the override without sending anything when no receiver was found', () => {
    const { route: _route, ...unrouted } = waiting;
    const d = decideConsentOverride(unrouted, { command: { reason }, principal: clerk }, contextAt(now));
    expect(d.state).toMatchObject({ status: 'awaiting_provider', sharingBasis: { basis: 'override', by: 'clerk' } });
    expect(d.events).toBeUndefined();
  });

  it('is for the township of the referral, and of a referral that exists', () => {
    const elsewhere = { ...clerk, jurisdiction: '341702002' };
    const ctx = contextAt(now);
    expect(codeOf(() => decideConsentOverride(waiting, { command: { reason }, principal: elsewhere }, ctx))).toBe(
      'outside_jurisdiction',
    );
    expect(codeOf(() => decideConsentOverride(undefined, { command: { reason }, principal: clerk }, ctx))).toBe(
      'not_found',
    );
  });
});

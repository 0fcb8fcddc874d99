import { decideRouteOverride, overrideRoute } from '../src/domain/override-route/override-route';
import { aContract, aReferral, chizhou, codeOf, contextAt, said, townshipClerk as clerk } from './fixtures';

const escalated = aReferral({
  itemCode: 'CZ-QJ-01',
  status: 'awaiting_provider',
  route: undefined,
  attempt: 3,
  month: '2026-10',
});
const command = { route: { kind: 'provider' as const, contractId: 'k1' }, reason: '电话沟通后同意承接' };
const now = new Date('2026-11-25T02:00:00.000Z');

describe('a township routing a referral by hand', () => {
  it('may choose only a contract that covers the person’s township', () => {
    const elsewhere = aContract({ townships: ['341702002'] });
    expect(codeOf(() => overrideRoute(escalated, command, chizhou, [elsewhere], '2026-11-25'))).toBe(
      'contract_does_not_cover_township',
    );
    expect(overrideRoute(escalated, command, chizhou, [aContract()], '2026-11-25').route).toEqual({
      kind: 'provider',
      providerId: 'sunshine',
      contractId: 'k1',
    });
  });

  it('sends an escalated referral as its next routing attempt, counted in this month', () => {
    const d = decideRouteOverride(escalated, { command, principal: clerk }, [aContract()], contextAt(now));
    expect(d.state).toMatchObject({
      status: 'requested',
      attempt: 4,
      month: '2026-11',
      route: { kind: 'provider', providerId: 'sunshine' },
      explanation: `乡镇(街道)指定阳光社工：${command.reason}`,
    });
    expect(said(d.events).map((e) => [e.type, e.data.attempt])).toEqual([
      ['referral.rerouted.v1', 4],
      ['referral.created.v1', 4],
      ['referral.created.v3', 4],
    ]);
  });

  it('only changes the route of a referral held for consent: nothing is sent', () => {
    const held = { ...escalated, status: 'awaiting_consent' as const, sharingBasis: undefined, attempt: 1 };
    const d = decideRouteOverride(held, { command, principal: clerk }, [aContract()], contextAt(now));
    expect(d.state).toMatchObject({ status: 'awaiting_consent', attempt: 1, route: { providerId: 'sunshine' } });
    expect(d.state!.answerDueAt).toBeUndefined();
    expect(d.events).toBeUndefined();
  });

  it('refuses a referral the receiver accepted already', () => {
    const accepted = { ...escalated, status: 'accepted' as const };
    expect(
      codeOf(() => decideRouteOverride(accepted, { command, principal: clerk }, [aContract()], contextAt(now))),
    ).toBe('not_reroutable');
  });
});

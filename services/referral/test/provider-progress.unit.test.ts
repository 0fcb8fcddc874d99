import { AssignmentAccepted, buildEvent, VisitDelivered } from '@carelink/contracts';
import { recordProviderProgress } from '../src/domain/answer-referral/provider-progress';
import { aReferral, contextAt, said } from './fixtures';

const toSun = aReferral({ itemCode: 'CZ-QJ-01', route: { kind: 'provider', providerId: 'sun', contractId: 'k' } });
const ctx = contextAt(new Date('2026-11-27T00:00:00.000Z'));

const accepted = (providerId = 'sun') =>
  buildEvent(AssignmentAccepted, {
    source: '/carelink/provider-scheduling',
    key: toSun.caseId,
    time: new Date('2026-11-26T01:00:00.000Z'),
    data: {
      referralId: toSun.referralId,
      caseId: toSun.caseId,
      providerId,
      acceptedBy: 'sun-1',
      acceptedAt: '2026-11-26T01:00:00.000Z',
    },
  });
const delivered = buildEvent(VisitDelivered, {
  source: '/carelink/provider-scheduling',
  key: toSun.caseId,
  time: new Date('2026-11-26T05:00:00.000Z'),
  data: {
    visitId: 'v-1',
    referralId: toSun.referralId,
    caseId: toSun.caseId,
    region: 'chizhou',
    township: toSun.township,
    providerId: 'sun',
    workerId: 'w-7',
    itemCode: toSun.itemCode,
    deliveredAt: '2026-11-26T05:00:00.000Z',
    units: 1,
  },
});

describe('the provider’s progress, from provider-scheduling', () => {
  it('accepts on the accepted assignment and starts on the first delivered visit, ids derived from the cause', () => {
    const acceptedBySun = accepted();
    const a = recordProviderProgress(toSun, acceptedBySun, ctx);
    expect(a.state).toMatchObject({
      status: 'accepted',
      history: [{ from: 'requested', to: 'accepted', by: 'sun-1' }],
    });
    const [acceptance] = said(a.events);
    expect(acceptance).toMatchObject({
      type: 'referral.accepted.v1',
      data: { by: 'sun-1', at: '2026-11-26T01:00:00.000Z' },
    });
    // Redelivered: the same event id.
    const again = recordProviderProgress(toSun, acceptedBySun, contextAt(new Date()));
    expect(said(again.events)[0]!.id).toBe(acceptance!.id);
    const s = recordProviderProgress(a.state, delivered, ctx);
    expect(s.state).toMatchObject({ status: 'in_progress' });
    expect(said(s.events).map((e) => [e.type, e.data.by])).toEqual([['referral.started.v1', 'w-7']]);
    // Later visits change nothing.
    expect(recordProviderProgress(s.state, delivered, ctx)).toEqual({});
  });

  it('counts only the provider the referral is routed to now', () => {
    expect(recordProviderProgress(toSun, accepted('moon'), ctx)).toEqual({});
    expect(recordProviderProgress(undefined, accepted(), ctx)).toEqual({});
    expect(recordProviderProgress(toSun, delivered, ctx)).toEqual({});
  });
});

import {
  AssignmentAccepted,
  buildEvent,
  VisitDelivered,
  VisitDeliveredV2,
  visitDeliveredFromV1,
} from '@carelink/contracts';
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
const deliveredV1 = buildEvent(VisitDelivered, {
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
const settled = (verification: 'verified' | 'disputed' | 'unverified') =>
  buildEvent(VisitDeliveredV2, {
    source: '/carelink/provider-scheduling',
    key: toSun.caseId,
    time: new Date('2026-11-26T06:00:00.000Z'),
    data: {
      ...deliveredV1.data,
      tasksDone: ['打扫卫生'],
      farFromHome: false,
      verification,
      verificationReason:
        verification === 'verified'
          ? 'code_confirmed'
          : verification === 'disputed'
            ? 'resident_disputed'
            : 'no_confirmation_in_time',
    },
  });
const delivered = settled('verified');

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

describe('delivered visits as provider-scheduling settles them (visit.delivered.v2)', () => {
  const accepted_ = () => recordProviderProgress(toSun, accepted(), ctx).state;

  it('starts the referral on a verified or unverified visit, not on one its recipient disputed', () => {
    expect(recordProviderProgress(accepted_(), settled('verified'), ctx).state).toMatchObject({
      status: 'in_progress',
    });
    expect(recordProviderProgress(accepted_(), settled('unverified'), ctx).state).toMatchObject({
      status: 'in_progress',
    });
    expect(recordProviderProgress(accepted_(), settled('disputed'), ctx)).toEqual({});
  });

  it('reads a v1 delivery (history) as an unverified v2: it starts the referral, with the id derived from the v1 event', () => {
    const upcast = visitDeliveredFromV1(deliveredV1);
    expect(upcast.data).toMatchObject({ verification: 'unverified', tasksDone: [], farFromHome: false });
    const s = recordProviderProgress(accepted_(), upcast, ctx);
    expect(s.state).toMatchObject({ status: 'in_progress' });
    expect(said(s.events)[0]!.id).toBe(said(recordProviderProgress(accepted_(), upcast, ctx).events)[0]!.id);
  });
});

import { buildEvent, EligibilityChanged } from '@carelink/contracts';
import { cancelReferral } from '../src/domain/cancel-referral/cancel-referral';
import { aReferral, contextAt, said } from './fixtures';

const referral = aReferral();
const changed = buildEvent(EligibilityChanged, {
  source: '/carelink/assessment',
  key: referral.caseId,
  time: new Date('2026-11-28T03:00:00.000Z'),
  data: {
    caseId: referral.caseId,
    caseNumber: referral.caseNumber,
    region: 'chizhou',
    township: referral.township,
    personId: referral.person.personId,
    packVersion: 'test',
    cause: 'registry_status_changed',
    effectiveFrom: '2026-11-28',
    stoppedItems: [{ itemCode: referral.itemCode, reason: '已不属于特困供养人员' }],
  },
});
const stopped = changed.data.stoppedItems[0]!;
const ctx = contextAt(new Date('2026-11-29T00:00:00.000Z'));

describe('cancelling a referral when its item stops qualifying', () => {
  it('cancels an open referral, telling its department, under an id derived from the change', () => {
    const d = cancelReferral(referral, { changed, stopped }, ctx);
    expect(d.state).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: stopped.reason, at: changed.time },
      history: [{ from: 'requested', to: 'cancelled', attempt: 1, by: 'system', at: changed.time }],
    });
    const events = said(d.events);
    expect(events.map((e) => e.topic)).toEqual([
      'carelink.referral.referrals.v1',
      'carelink.referral.department.chizhou.health.v1',
    ]);
    expect(events[0]!.data).toMatchObject({
      route: { kind: 'department', departmentCode: 'health' },
      cancelledAt: changed.time,
    });
    // Redelivered: the same id (the inbox and Kafka consumers see one cancellation).
    expect(said(cancelReferral(referral, { changed, stopped }, contextAt(new Date())).events)[0]!.id).toBe(
      events[0]!.id,
    );
  });

  it('names no receiver of a referral never shared, and copies it to no department', () => {
    const held = aReferral({ status: 'awaiting_consent', sharingBasis: undefined });
    const events = said(cancelReferral(held, { changed, stopped }, ctx).events);
    expect(events).toHaveLength(1);
    expect(events[0]!.data.route).toEqual({ kind: 'department' });
  });

  it('leaves a closed referral, and a missing one, as they are', () => {
    expect(cancelReferral(aReferral({ status: 'completed' }), { changed, stopped }, ctx)).toEqual({});
    expect(cancelReferral(undefined, { changed, stopped }, ctx)).toEqual({});
  });
});

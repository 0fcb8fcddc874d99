import { chooseWorker, visitsDue, WINDOW_DAYS } from '../src/domain/generate-visits/visit-window';
import type { Booking } from '../src/domain/worker-calendar/worker-calendar';
import { givenPlan, givenWorker, trainingRule } from './fixtures';

const approved = givenPlan({ status: 'approved', approvedVersion: 1 });
const offeredAt = '2026-11-24T10:00:00.000Z';
const iso = (ds: { start: Date }[]) => ds.map((d) => d.start.toISOString());

describe('the rolling window of generated visits', () => {
  it('generates 14 days ahead', () => expect(WINDOW_DAYS).toBe(14));

  it('Given an approved Tue/Fri plan from 1 Dec, When generated on 30 Nov, Then the visits of the next 14 days, an hour each', () => {
    const due = visitsDue(approved, offeredAt, new Date('2026-11-30T12:00:00+08:00'));
    expect(iso(due!.visits)).toEqual([
      '2026-12-01T01:00:00.000Z',
      '2026-12-04T01:00:00.000Z',
      '2026-12-08T01:00:00.000Z',
      '2026-12-11T01:00:00.000Z',
    ]);
    expect(due!.visits[0]!.end.toISOString()).toBe('2026-12-01T02:00:00.000Z');
  });

  it('Given the next day’s run, When generated, Then the window moved a day (the new Tuesday 15th is in it)', () => {
    const due = visitsDue(approved, offeredAt, new Date('2026-12-01T12:00:00+08:00'));
    expect(iso(due!.visits)).toEqual([
      '2026-12-04T01:00:00.000Z',
      '2026-12-08T01:00:00.000Z',
      '2026-12-11T01:00:00.000Z',
      '2026-12-15T01:00:00.000Z',
    ]);
  });

  it('Given the plan’s last days, When generated, Then nothing beyond its end', () => {
    expect(iso(visitsDue(approved, offeredAt, new Date('2026-12-26T00:00:00+08:00'))!.visits)).toEqual([
      '2026-12-29T01:00:00.000Z',
    ]);
  });

  it('Given a plan only proposed, returned, or stopped, Then nothing is due', () => {
    const now = new Date('2026-11-30T12:00:00+08:00');
    expect(visitsDue(givenPlan(), offeredAt, now)).toBeUndefined();
    expect(visitsDue({ ...approved, status: 'stopped' }, offeredAt, now)).toBeUndefined();
  });

  it('Given a change awaiting approval, Then visits go on from the version approved before', () => {
    const changed = givenPlan({
      status: 'proposed',
      approvedVersion: 1,
      versions: [
        ...approved.versions,
        { ...approved.versions[0]!, version: 2, rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=14', reason: '老人周一方便' },
      ],
    });
    expect(visitsDue(changed, offeredAt, new Date('2026-11-30T12:00:00+08:00'))!.version.version).toBe(1);
  });
});

describe('which worker a generated visit goes to', () => {
  const slot: Booking = {
    visitId: 'v-new',
    referralId: 'ref-1',
    start: '2026-12-01T01:00:00.000Z',
    end: '2026-12-01T02:00:00.000Z',
  };
  const facts = { providerId: 'prov-a', itemCode: 'CZ-QJ-01', rule: trainingRule };
  const li = givenWorker();
  const wang = givenWorker({ workerId: 'worker-8', name: '王护理' });
  const zhao = givenWorker({ workerId: 'worker-9', name: '赵护理' });
  const busy = (ids: string[]) => (workerId: string) =>
    ids.includes(workerId) ? [{ ...slot, visitId: `other-${workerId}` }] : [];

  it('is the plan’s worker when free', () => {
    expect(chooseWorker([wang, li], 'worker-7', slot, busy([]), facts)?.workerId).toBe('worker-7');
  });

  it('is another free worker who may serve when the plan’s worker is busy, the least booked first', () => {
    const bookingsOf = (id: string) =>
      id === 'worker-7'
        ? [{ ...slot, visitId: 'x' }]
        : id === 'worker-8'
          ? [{ ...slot, visitId: 'y', start: '2026-12-01T05:00:00.000Z', end: '2026-12-01T06:00:00.000Z' }]
          : [];
    expect(chooseWorker([li, wang, zhao], 'worker-7', slot, bookingsOf, facts)?.workerId).toBe('worker-9');
  });

  it('is never an untrained or unqualified worker', () => {
    const untrained = givenWorker({ workerId: 'worker-8', training: [] });
    const otherItem = givenWorker({ workerId: 'worker-9', itemCodes: ['CZ-JK-01'] });
    expect(chooseWorker([li, untrained, otherItem], 'worker-7', slot, busy(['worker-7']), facts)).toBeUndefined();
  });
});

import { describe, expect, it } from '@jest/globals';
import { isLate, visitsByDay, workerLoads } from './visit-calendar';
import type { VisitView } from './views';

const visit = (over: Partial<VisitView>): VisitView => ({
  visitId: 'v',
  referralId: 'r1',
  caseId: 'c1',
  region: 'chizhou',
  township: '341702001',
  providerId: 'p',
  workerId: 'w1',
  itemCode: 'CZ-SH-01',
  scheduledFor: '2026-11-10T02:00:00.000Z',
  status: 'scheduled',
  scheduledBy: 'staff',
  scheduledAt: '2026-11-01T02:00:00.000Z',
  ...over,
});

const delivered = (at: string, units: number) => ({
  deliveredAt: at,
  units,
  recordedBy: 'staff',
  recordedAt: at,
});

describe('the visit calendar', () => {
  it('puts a delivered visit on the day it was delivered, others on their scheduled day, in time order', () => {
    const days = visitsByDay([
      visit({ visitId: 'late', scheduledFor: '2026-11-10T08:00:00.000Z' }),
      visit({ visitId: 'early', scheduledFor: '2026-11-10T01:00:00.000Z' }),
      visit({
        visitId: 'moved',
        scheduledFor: '2026-11-10T01:00:00.000Z',
        status: 'delivered',
        delivery: delivered('2026-11-12T03:00:00.000Z', 1),
      }),
    ]);
    expect([...days.keys()].sort()).toEqual(['2026-11-10', '2026-11-12']);
    expect(days.get('2026-11-10')!.map((v) => v.visitId)).toEqual(['early', 'late']);
  });

  it('calls a scheduled visit late once its time has passed, never a delivered one', () => {
    const now = Date.parse('2026-11-11T00:00:00.000Z');
    expect(isLate(visit({}), now)).toBe(true);
    expect(isLate(visit({ scheduledFor: '2026-11-12T00:00:00.000Z' }), now)).toBe(false);
    expect(isLate(visit({ status: 'delivered', delivery: delivered('2026-11-10T03:00:00.000Z', 2) }), now)).toBe(false);
  });
});

describe('workers’ loads', () => {
  it('counts visits, deliveries, late visits, units and people per worker, busiest first', () => {
    const now = Date.parse('2026-11-11T00:00:00.000Z');
    const loads = workerLoads(
      [
        visit({
          visitId: 'a',
          workerId: 'w2',
          status: 'delivered',
          delivery: delivered('2026-11-09T03:00:00.000Z', 2),
        }),
        visit({ visitId: 'b', workerId: 'w2', caseId: 'c2', scheduledFor: '2026-11-20T03:00:00.000Z' }),
        visit({ visitId: 'c', workerId: 'w2', itemCode: 'CZ-QJ-01' }),
        visit({
          visitId: 'd',
          workerId: 'w1',
          status: 'delivered',
          delivery: delivered('2026-11-08T03:00:00.000Z', 3),
        }),
      ],
      now,
    );
    expect(loads).toEqual([
      {
        workerId: 'w2',
        visits: 3,
        delivered: 1,
        scheduled: 2,
        late: 1,
        units: 2,
        items: ['CZ-QJ-01', 'CZ-SH-01'],
        people: 2,
        lastDeliveredAt: '2026-11-09T03:00:00.000Z',
        nextScheduledFor: '2026-11-20T03:00:00.000Z',
      },
      {
        workerId: 'w1',
        visits: 1,
        delivered: 1,
        scheduled: 0,
        late: 0,
        units: 3,
        items: ['CZ-SH-01'],
        people: 1,
        lastDeliveredAt: '2026-11-08T03:00:00.000Z',
      },
    ]);
  });
});

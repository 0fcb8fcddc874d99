import {
  calendarIdOf,
  clashOf,
  decideBook,
  decideRelease,
  type Booking,
  type WorkerDayState,
} from '../src/domain/worker-calendar/worker-calendar';
import { codeOf, errorOf } from './fixtures';

const booking = (visitId: string, start: string, end: string): Booking => ({
  visitId,
  referralId: 'ref-1',
  start: new Date(start).toISOString(),
  end: new Date(end).toISOString(),
});
const nine = booking('v-9', '2026-12-01T09:00:00+08:00', '2026-12-01T10:00:00+08:00');
const calendarId = calendarIdOf('worker-7', nine.start);
const day: WorkerDayState = { calendarId, workerId: 'worker-7', day: '2026-12-01', bookings: [nine] };

describe('a worker is never in two places at once (the clash rule)', () => {
  it('keys a worker’s day by the China date of the visit', () => {
    expect(calendarIdOf('worker-7', '2026-11-30T23:30:00Z')).toBe('worker-7|2026-12-01');
  });

  it.each([
    ['09:30–10:30 overlaps 09:00–10:00', '2026-12-01T09:30:00+08:00', '2026-12-01T10:30:00+08:00', 'v-9'],
    ['08:30–09:01 overlaps by a minute', '2026-12-01T08:30:00+08:00', '2026-12-01T09:01:00+08:00', 'v-9'],
    ['08:00–11:00 covers it', '2026-12-01T08:00:00+08:00', '2026-12-01T11:00:00+08:00', 'v-9'],
    ['10:00–11:00 follows it', '2026-12-01T10:00:00+08:00', '2026-12-01T11:00:00+08:00', undefined],
    ['08:00–09:00 ends as it starts', '2026-12-01T08:00:00+08:00', '2026-12-01T09:00:00+08:00', undefined],
  ])('%s', (_, start, end, clash) => {
    expect(clashOf([nine], booking('v-new', start, end))?.visitId).toBe(clash);
  });

  it('does not see a visit clash with itself (moving a visit within its day)', () => {
    expect(clashOf([nine], { ...nine, end: new Date('2026-12-01T03:00:00Z').toISOString() })).toBeUndefined();
  });

  it('Given a booked 09:00–10:00, When 09:30 is booked, Then 409 worker_double_booked naming the visit and its time', () => {
    const e = errorOf(() =>
      decideBook(day, {
        calendarId,
        workerId: 'worker-7',
        booking: booking('v-new', '2026-12-01T09:30:00+08:00', '2026-12-01T10:30:00+08:00'),
      }),
    );
    expect(e.kind).toBe('conflict');
    expect(e.code).toBe('worker_double_booked');
    expect(e.message).toBe('worker worker-7 already has visit v-9 from 2026-12-01 09:00 to 10:00 (China time)');
    expect(e.messageZh).toBe(
      '该服务人员在 2026-12-01 09:00–10:00 已有上门服务（服务记录 v-9），时间冲突，请另选时间或服务人员',
    );
    expect(e.details?.[0]).toMatchObject({ visitId: 'v-9', start: nine.start, end: nine.end });
  });

  it('Given a free slot, When booked, Then the day holds both in order; booked again, nothing changes', () => {
    const eight = booking('v-8', '2026-12-01T08:00:00+08:00', '2026-12-01T09:00:00+08:00');
    const decision = decideBook(day, { calendarId, workerId: 'worker-7', booking: eight });
    expect(decision.state?.bookings.map((b) => b.visitId)).toEqual(['v-8', 'v-9']);
    expect(decideBook(decision.state, { calendarId, workerId: 'worker-7', booking: eight })).toEqual({});
  });

  it('Given a first booking of the day, When booked, Then the day is created', () => {
    expect(decideBook(undefined, { calendarId, workerId: 'worker-7', booking: nine }).state).toEqual(day);
  });

  it('frees the time of a cancelled visit, and a visit not there changes nothing', () => {
    expect(decideRelease(day, { visitId: 'v-9' }).state?.bookings).toEqual([]);
    expect(decideRelease(day, { visitId: 'v-x' })).toEqual({});
    expect(
      codeOf(() =>
        decideBook(
          { ...day, bookings: [] },
          {
            calendarId,
            workerId: 'worker-7',
            booking: booking('v-new', '2026-12-01T09:30:00+08:00', '2026-12-01T10:30:00+08:00'),
          },
        ),
      ),
    ).toBe('no error');
  });
});

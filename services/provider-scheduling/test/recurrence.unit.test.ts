import { checkTerms, type PlanTerms } from '../src/domain/service-plan/plan';
import { occurrences } from '../src/domain/service-plan/recurrence';
import { codeOf, errorOf } from './fixtures';

const tueFri = 'FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=0';
const december = { rrule: tueFri, startDate: '2026-12-01', endDate: '2026-12-31' };
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('RRULE expansion of a plan (wall-clock China time)', () => {
  it('Given every Tuesday and Friday at 09:00, When the first two weeks are expanded, Then 01:00Z on each such day', () => {
    const starts = occurrences(december, new Date('2026-12-01T00:00:00+08:00'), new Date('2026-12-15T00:00:00+08:00'));
    expect(iso(starts)).toEqual([
      '2026-12-01T01:00:00.000Z', // Tue 1 Dec 09:00 China
      '2026-12-04T01:00:00.000Z', // Fri
      '2026-12-08T01:00:00.000Z',
      '2026-12-11T01:00:00.000Z',
    ]);
  });

  it('Given a window that runs past the plan, When expanded, Then nothing after the last day and nothing before `from`', () => {
    const starts = occurrences(
      december,
      new Date('2026-12-25T09:30:00+08:00'), // after Friday 25th's visit began
      new Date('2027-01-20T00:00:00+08:00'),
    );
    expect(iso(starts)).toEqual(['2026-12-29T01:00:00.000Z']);
  });

  it('Given a visit late in the evening China time, When expanded, Then it stays on its China day (the previous day in UTC)', () => {
    const starts = occurrences(
      { rrule: 'FREQ=DAILY;BYHOUR=7;BYMINUTE=30', startDate: '2026-12-01', endDate: '2026-12-02' },
      new Date('2026-11-30T00:00:00Z'),
      new Date('2026-12-05T00:00:00Z'),
    );
    expect(iso(starts)).toEqual(['2026-11-30T23:30:00.000Z', '2026-12-01T23:30:00.000Z']);
  });

  it('Given the hours of a day listed out of order, When expanded and checked, Then the visits come in time order and do not overlap', () => {
    const late = {
      rrule: 'FREQ=DAILY;BYHOUR=22,23,0,1;BYMINUTE=30,0;UNTIL=20261202T013000Z',
      startDate: '2026-12-01',
      endDate: '2026-12-30',
    };
    const starts = occurrences(late, new Date('2026-12-01T21:00:00+08:00'), new Date('2026-12-03T00:00:00+08:00'));
    expect(iso(starts)).toEqual([
      '2026-12-01T14:00:00.000Z', // 22:00 China
      '2026-12-01T14:30:00.000Z',
      '2026-12-01T15:00:00.000Z',
      '2026-12-01T15:30:00.000Z',
      '2026-12-01T16:00:00.000Z', // 00:00 on 2 Dec
      '2026-12-01T16:30:00.000Z',
      '2026-12-01T17:00:00.000Z',
      '2026-12-01T17:30:00.000Z', // 01:30, the UNTIL
    ]);
    expect(() =>
      checkTerms({ ...late, durationMinutes: 30, tasks: ['打扫卫生'], workerId: 'wk_1' }, '2026-12-01T08:00:00Z'),
    ).not.toThrow();
  });

  it.each([
    ['FREQ=HOURLY;BYHOUR=9', 'invalid_rrule'],
    ['FREQ=WEEKLY;BYDAY=TU', 'invalid_rrule'], // no time of day
    ['DTSTART:20261201T000000Z\nRRULE:FREQ=DAILY;BYHOUR=9', 'invalid_rrule'],
    ['FREQ=SOMETIMES', 'invalid_rrule'],
    [tueFri, 'no error'],
    [`RRULE:${tueFri}`, 'no error'],
  ])('Given the rule %s, When it is read, Then %s', (rrule, code) => {
    expect(codeOf(() => occurrences({ ...december, rrule }, new Date(0), new Date(1)))).toBe(code);
  });
});

describe('the terms of a plan', () => {
  const terms: PlanTerms = { ...december, durationMinutes: 60, tasks: ['打扫卫生'], workerId: 'worker-7' };
  const referralAt = '2026-11-24T10:00:00.000Z';
  const check = (over: Partial<PlanTerms>, at = referralAt) => codeOf(() => checkTerms({ ...terms, ...over }, at));

  it('accepts every Tue and Fri 09:00 for 60 minutes in December', () => expect(check({})).toBe('no error'));
  it('refuses a plan starting before the referral reached the provider', () =>
    expect(check({ startDate: '2026-11-20' })).toBe('plan_before_referral'));
  it('refuses an end before the start', () => expect(check({ endDate: '2026-11-30' })).toBe('plan_ends_before_start'));
  it('refuses a rule that gives no visit in the plan’s days', () =>
    expect(check({ rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9', startDate: '2026-12-01', endDate: '2026-12-04' })).toBe(
      'plan_without_visits',
    ));
  it('refuses a visit that would run past midnight', () =>
    expect(check({ rrule: 'FREQ=DAILY;BYHOUR=23;BYMINUTE=30', durationMinutes: 60 })).toBe('visit_crosses_midnight'));
  it('refuses visits of one day that overlap each other', () =>
    expect(check({ rrule: 'FREQ=DAILY;BYHOUR=9,10', durationMinutes: 90 })).toBe('plan_visits_overlap'));
  it('refuses a plan of more than three years', () => expect(check({ endDate: '2030-12-31' })).toBe('plan_too_long'));
  it('says what is wrong in Chinese, with the field', () => {
    const e = errorOf(() => checkTerms({ ...terms, startDate: '2026-11-20' }, referralAt));
    expect(e.messageZh).toBe('方案开始日期早于转介派单日期（2026-11-24），请重新选择');
    expect(e.details).toEqual([{ path: 'startDate', code: 'plan_before_referral' }]);
  });
});

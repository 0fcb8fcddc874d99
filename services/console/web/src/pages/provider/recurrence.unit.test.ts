import { describe, expect, it } from '@jest/globals';
import { describeRrule, pickOf, toRrule } from './recurrence';

describe('the recurrence picker of a service plan', () => {
  it('writes every Tue and Fri 09:00 as an RRULE, whatever order the days were ticked in', () => {
    expect(toRrule({ freq: 'WEEKLY', interval: 1, byDay: ['FR', 'TU'], byMonthDay: [], time: '09:00' })).toBe(
      'FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=0',
    );
    expect(toRrule({ freq: 'MONTHLY', interval: 2, byDay: ['MO'], byMonthDay: [15, 1], time: '14:30' })).toBe(
      'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15;BYHOUR=14;BYMINUTE=30',
    );
    expect(toRrule({ freq: 'DAILY', interval: 1, byDay: [], byMonthDay: [], time: '07:05' })).toBe(
      'FREQ=DAILY;BYHOUR=7;BYMINUTE=5',
    );
  });

  it.each([
    [
      'FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=0',
      60,
      '每周二、周五 09:00，每次 60 分钟',
      'Every Tue and Fri at 09:00, 60 minutes each',
    ],
    ['FREQ=DAILY;BYHOUR=7;BYMINUTE=30', 30, '每天 07:30，每次 30 分钟', 'Every day at 07:30, 30 minutes each'],
    [
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=14;BYMINUTE=0',
      90,
      '每2周周一 14:00，每次 90 分钟',
      'Every 2 weeks on Mon at 14:00, 90 minutes each',
    ],
    [
      'FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=10;BYMINUTE=0',
      120,
      '每月1日、15日 10:00，每次 120 分钟',
      'Every month on day 1 and day 15 at 10:00, 120 minutes each',
    ],
    [
      'FREQ=DAILY;BYHOUR=9,15;BYMINUTE=0,30',
      20,
      '每天 09:00、09:30、15:00、15:30，每次 20 分钟',
      'Every day at 09:00, 09:30, 15:00, 15:30, 20 minutes each',
    ],
    [
      'FREQ=DAILY;BYHOUR=22,23,0;BYMINUTE=0;UNTIL=20261202T000000Z',
      45,
      '每天 22:00、23:00、00:00，至 2026-12-02 00:00，每次 45 分钟',
      'Every day at 22:00, 23:00, 00:00, until 2026-12-02 00:00, 45 minutes each',
    ],
    [
      'FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=0;COUNT=8',
      60,
      '每周二、周五 09:00，共 8 次，每次 60 分钟',
      'Every Tue and Fri at 09:00, 8 times, 60 minutes each',
    ],
  ])('says %s in Chinese and English', (rrule, minutes, zh, en) => {
    expect(describeRrule(rrule, minutes, 'zh-CN')).toBe(zh);
    expect(describeRrule(rrule, minutes, 'en')).toBe(en);
  });

  it('gives back a rule it cannot read as it is, and the pick a rule came from', () => {
    expect(describeRrule('NONSENSE', 60, 'zh-CN')).toBe('NONSENSE');
    expect(pickOf('FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=0')).toEqual({
      freq: 'WEEKLY',
      interval: 1,
      byDay: ['TU', 'FR'],
      byMonthDay: [],
      time: '09:00',
    });
  });
});

import { addWorkingDays, loadPolicyPacks, validatePolicyPack, workingCalendarOf } from '../src';
import { rawPack } from './raw-packs';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const calendar = chizhou.workingCalendar;
/** 10:00 China time on a China calendar day. */
const chinaMorning = (day: string) => new Date(`${day}T02:00:00Z`);

describe('working days follow the national holiday notice', () => {
  it('loads the 2026 notice into both regions', () => {
    expect(calendar.years).toContain(2026);
    expect(calendar.sources[0]).toContain('2026年部分节假日安排');
    expect(packs.get('changji')!.workingCalendar.holidays).toEqual(expect.arrayContaining(calendar.holidays));
    expect(calendar.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
  });

  it('skips the National Day week', () => {
    // Wednesday 30 September plus one working day is Thursday 8 October, not 1 October.
    expect(addWorkingDays(chinaMorning('2026-09-30'), 1, calendar)).toEqual(chinaMorning('2026-10-08'));
    // Without the calendar only weekends count.
    expect(addWorkingDays(chinaMorning('2026-09-30'), 1)).toEqual(chinaMorning('2026-10-01'));
  });

  it('counts the make-up Saturdays and Sundays', () => {
    // Friday 9 October plus one is Saturday 10 October (调休上班).
    expect(addWorkingDays(chinaMorning('2026-10-09'), 1, calendar)).toEqual(chinaMorning('2026-10-10'));
    // Friday 13 February plus one is Saturday 14 February; plus two jumps the Spring Festival to 24 February.
    expect(addWorkingDays(chinaMorning('2026-02-13'), 1, calendar)).toEqual(chinaMorning('2026-02-14'));
    expect(addWorkingDays(chinaMorning('2026-02-13'), 2, calendar)).toEqual(chinaMorning('2026-02-24'));
  });

  it('a 5-working-day limit set before the Spring Festival runs out after it', () => {
    // Wednesday 11 February: 12, 13, 14 (Sat, worked), 24, 25.
    expect(addWorkingDays(chinaMorning('2026-02-11'), 5, calendar)).toEqual(chinaMorning('2026-02-25'));
  });

  it('Changji also rests on Xinjiang’s 肉孜节 and 古尔邦节', () => {
    const changji = packs.get('changji')!.workingCalendar;
    // Tuesday 26 May plus one working day: 27–31 May is 古尔邦节 in Xinjiang, so Monday 1 June.
    expect(addWorkingDays(chinaMorning('2026-05-26'), 1, changji)).toEqual(chinaMorning('2026-06-01'));
    expect(addWorkingDays(chinaMorning('2026-05-26'), 1, calendar)).toEqual(chinaMorning('2026-05-27'));
    expect(changji.sources).toHaveLength(2);
  });

  it('adds a region’s own holidays to the base calendar', () => {
    const own = workingCalendarOf(undefined, { holidays: ['2026-03-20/2026-03-21'], source: 'regional notice' });
    expect(own.holidays).toEqual(['2026-03-20', '2026-03-21']);
    expect(addWorkingDays(chinaMorning('2026-03-19'), 1, own)).toEqual(chinaMorning('2026-03-23'));
  });

  it('refuses a day that is both a holiday and a working day, and an unknown base calendar', () => {
    const source = 'local: test';
    const raw = { ...rawPack('chizhou'), calendar: { base: 'china', holidays: ['2026-01-04'], workdays: [], source } };
    const calendars = new Map([['china', { name: 'china', years: {} }]]);
    expect(() => validatePolicyPack(raw, 'x.yaml', calendars)).not.toThrow();
    const clash = {
      ...rawPack('chizhou'),
      calendar: { base: 'china', holidays: ['2026-01-05'], workdays: ['2026-01-05'], source },
    };
    expect(() => validatePolicyPack(clash, 'x.yaml', calendars)).toThrow(/calendar: 2026-01-05 is listed both/);
    const unknown = { ...rawPack('chizhou'), calendar: { base: 'mars', source } };
    expect(() => validatePolicyPack(unknown, 'x.yaml', calendars)).toThrow(/calendar.base: no calendar named mars/);
  });
});

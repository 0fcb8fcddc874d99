import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
/** One day, or an inclusive range written `YYYY-MM-DD/YYYY-MM-DD`. */
const dayOrRange = z.union([
  day,
  z.string().regex(/^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD'),
]);

/** A calendar file of `policy/calendars/`: each year's holidays and make-up working days, with its source. */
export const calendarFileSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  years: z.record(
    z.string().regex(/^\d{4}$/),
    z.object({
      source: z.string().min(1).describe('the notice the dates come from'),
      holidays: z.array(dayOrRange),
      workdays: z.array(day).default([]),
    }),
  ),
});
export type CalendarFile = z.infer<typeof calendarFileSchema>;

/** The working calendar a region counts time limits in: days off, days worked instead, years known. */
export const workingCalendarSchema = z.object({
  sources: z.array(z.string()),
  /** Years whose holidays are known; other years count only weekends as non-working. */
  years: z.array(z.number().int()),
  holidays: z.array(day),
  workdays: z.array(day),
});
export type WorkingCalendar = z.infer<typeof workingCalendarSchema>;

/** Weekends only: the calendar when nothing else is known. */
export const weekendsOnly: WorkingCalendar = { sources: [], years: [], holidays: [], workdays: [] };

function expand(entry: string): string[] {
  const [from, to] = entry.split('/') as [string, string | undefined];
  if (!to) return [from];
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  if (days.length === 0 || days.length > 31) throw new Error(`holiday range ${entry} is empty or longer than a month`);
  return days;
}

/**
 * A region's working calendar: the named base calendar's years plus the region's own holidays (e.g. Xinjiang's
 * 肉孜节 and 古尔邦节) and make-up working days. Throws naming the problem when a day is both.
 */
export function workingCalendarOf(
  base: CalendarFile | undefined,
  own: { holidays?: string[]; workdays?: string[]; source?: string } = {},
): WorkingCalendar {
  const years = Object.entries(base?.years ?? {});
  const holidays = [...years.flatMap(([, y]) => y.holidays), ...(own.holidays ?? [])].flatMap(expand);
  const workdays = [...years.flatMap(([, y]) => y.workdays), ...(own.workdays ?? [])];
  const both = holidays.filter((d) => workdays.includes(d));
  if (both.length) throw new Error(`${both.join(', ')} is listed both as a holiday and as a working day`);
  return {
    // The region's source names the notice of its own days; a region with none adds no notice.
    sources: [
      ...years.map(([, y]) => y.source),
      ...(own.source && (own.holidays?.length || own.workdays?.length) ? [own.source] : []),
    ],
    years: years.map(([y]) => Number(y)).sort(),
    holidays: [...new Set(holidays)].sort(),
    workdays: [...new Set(workdays)].sort(),
  };
}

/** Whether a China-time calendar day (YYYY-MM-DD, weekday 0 = Sunday) is a working day. */
export function isWorkingDay(calendar: WorkingCalendar, date: string, weekday: number): boolean {
  if (calendar.workdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  return weekday !== 0 && weekday !== 6;
}

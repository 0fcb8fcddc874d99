import { isWorkingDay, weekendsOnly, type WorkingCalendar } from './working-calendar';

/**
 * Time limits counted in working days in China time (UTC+8, no daylight saving): weekends and public holidays
 * do not count, make-up working days (调休上班) do — as the region's working calendar says.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

function chinaWeekday(at: Date): number {
  return new Date(at.getTime() + CHINA_OFFSET_MS).getUTCDay();
}

/** The moment `days` working days after `from` (same time of day), skipping days off of the calendar. */
export function addWorkingDays(from: Date, days: number, calendar: WorkingCalendar = weekendsOnly): Date {
  let at = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    at = new Date(at.getTime() + 24 * 3600_000);
    if (isWorkingDay(calendar, chinaDate(at), chinaWeekday(at))) left--;
  }
  return at;
}

/** The calendar day (YYYY-MM-DD) of a moment in China time. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A moment as a clerk reads it in China time: `YYYY-MM-DD HH:mm`. */
export function chinaDateTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The month (YYYY-MM) of a moment in China time: settlement months, referral load, follow-up lists. */
export function chinaMonth(at: Date): string {
  return chinaDate(at).slice(0, 7);
}

/** The month before the one `now` falls in, in China time. */
export function previousChinaMonth(now: Date): string {
  const [y, m] = chinaMonth(now).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Full years between a birth date (YYYY-MM-DD) and a moment, in China time. */
export function ageAt(birthDate: string, at: Date): number {
  const local = chinaDate(at);
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = local.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

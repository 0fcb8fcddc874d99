const HOUR = 3_600_000;
const CHINA = 8 * HOUR;
const DAY = 24 * HOUR;

/**
 * Where a test's visits start: `now`, or just after the next midnight in China when `now` is too late in the China
 * day for visits up to `hoursAhead` hours ahead (plus one) to end before midnight: a visit may not cross midnight
 * (visit_crosses_midnight), and a worker may check in up to a day ahead.
 */
export function visitsBase(now: number, hoursAhead = 10): number {
  const nextChinaMidnight = Math.floor((now + CHINA) / DAY) * DAY + DAY - CHINA;
  return now + (hoursAhead + 1) * HOUR <= nextChinaMidnight ? now : nextChinaMidnight + 5 * 60_000;
}

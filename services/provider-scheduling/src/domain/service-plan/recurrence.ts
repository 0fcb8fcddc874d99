import { DomainError } from '@carelink/contracts';
import { Frequency, RRule } from 'rrule';

/**
 * Visit recurrence of a service plan: an RFC 5545 RRULE (e.g. `FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=0`, every
 * Tuesday and Friday at 09:00) whose times are wall-clock times in China (UTC+8, no daylight saving), expanded
 * from the plan's first day to its last. rrule works in "floating" time: a UTC date whose fields are the wall
 * clock; the offset turns them into instants.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

export interface Recurrence {
  rrule: string;
  /** First and last day of the plan (YYYY-MM-DD, China time), both included. */
  startDate: string;
  endDate: string;
}

const FREQUENCIES = new Set([Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY]);

const invalid = (why: string, zh: string) =>
  DomainError.invalid('invalid_rrule', `rrule: ${why}`, `服务频次（重复规则）不正确：${zh}`, [
    { path: 'rrule', code: 'invalid_rrule' },
  ]);

/** The rule's text without a leading `RRULE:`, checked: daily, weekly or monthly, with the hour of the visits. */
export function checkedRule(text: string): RRule {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|\n/i.test(body)) throw invalid('give the rule alone; the plan dates give its start', '请只填写重复规则');
  let rule: RRule;
  try {
    rule = new RRule(RRule.parseString(body));
  } catch (err) {
    throw invalid((err as Error).message, '无法识别');
  }
  const o = rule.origOptions;
  if (o.freq === undefined || !FREQUENCIES.has(o.freq))
    throw invalid('FREQ must be DAILY, WEEKLY or MONTHLY', '频次须为每天、每周或每月');
  if (o.byhour === undefined || o.byhour === null)
    throw invalid('BYHOUR (the time of the visits) is needed', '请指定上门时间');
  return rule;
}

/** The instant a floating (wall-clock-as-UTC) date stands for in China. */
const fromFloating = (d: Date) => new Date(d.getTime() - CHINA_OFFSET_MS);
const toFloating = (d: Date) => new Date(d.getTime() + CHINA_OFFSET_MS);
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

/**
 * The starts of the visits of `recurrence` that lie in [from, to) and within its days, in order (instants).
 */
export function occurrences(recurrence: Recurrence, from: Date, to: Date): Date[] {
  const rule = checkedRule(recurrence.rrule);
  const first = dayStart(recurrence.startDate);
  const afterLast = new Date(dayStart(recurrence.endDate).getTime() + DAY_MS);
  // The times of day in order: rrule yields a day's times in the order the rule lists them (BYHOUR=23,0 gives 23:00
  // before 00:00) and stops a window at the first time past it, so an unordered list would read as overlapping
  // visits and lose the rest of the window's last day.
  const o = rule.origOptions;
  const ordered = (v: number | number[] | null | undefined) => (Array.isArray(v) ? [...v].sort((a, b) => a - b) : v);
  const expanded = new RRule({
    ...o,
    ...(o.byhour !== undefined ? { byhour: ordered(o.byhour) } : {}),
    ...(o.byminute !== undefined ? { byminute: ordered(o.byminute) } : {}),
    ...(o.bysecond !== undefined ? { bysecond: ordered(o.bysecond) } : {}),
    dtstart: first,
  });
  const lo = new Date(Math.max(first.getTime(), toFloating(from).getTime()));
  const hi = new Date(Math.min(afterLast.getTime(), toFloating(to).getTime()));
  if (lo >= hi) return [];
  return expanded
    .between(lo, hi, true)
    .filter((d) => d < hi)
    .map(fromFloating);
}

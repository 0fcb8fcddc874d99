import { Frequency, RRule, type Weekday } from 'rrule';

/**
 * The recurrence picker of a service plan and its words: what the provider picks (every day, some weekdays, some
 * days of the month, at a time) becomes the RFC 5545 RRULE provider-scheduling expands (wall-clock China time), and
 * any RRULE the plan holds is said back in words, Chinese or English.
 */
export type Weekly = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: readonly Weekly[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export interface RecurrencePick {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  /** Every `interval` days, weeks or months (1: every). */
  interval: number;
  byDay: Weekly[];
  byMonthDay: number[];
  /** HH:mm, China time. */
  time: string;
}

/** The RRULE of a pick: `FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=0`. */
export function toRrule(pick: RecurrencePick): string {
  const [hour, minute] = pick.time.split(':').map(Number) as [number, number];
  const parts = [`FREQ=${pick.freq}`];
  if (pick.interval > 1) parts.push(`INTERVAL=${pick.interval}`);
  if (pick.freq === 'WEEKLY' && pick.byDay.length > 0)
    parts.push(`BYDAY=${WEEKDAYS.filter((d) => pick.byDay.includes(d)).join(',')}`);
  if (pick.freq === 'MONTHLY' && pick.byMonthDay.length > 0)
    parts.push(`BYMONTHDAY=${[...pick.byMonthDay].sort((a, b) => a - b).join(',')}`);
  parts.push(`BYHOUR=${hour}`, `BYMINUTE=${minute}`);
  return parts.join(';');
}

const ZH_DAY = ['一', '二', '三', '四', '五', '六', '日'];
const EN_DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const list = <T>(v: T | T[] | null | undefined): T[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * An RRULE in words, with the visit's length: 每周二、周五 09:00，每次 60 分钟 / Every Tue and Fri at 09:00, 60 minutes each;
 * every time of day it names (each BYHOUR at each BYMINUTE) and where it ends (UNTIL, COUNT), so a reviewer reads
 * the visits the rule makes. Answers the rule itself when it cannot be read.
 */
export function describeRrule(rrule: string, durationMinutes: number | undefined, locale: 'zh-CN' | 'en'): string {
  let o: ReturnType<typeof RRule.parseString>;
  try {
    o = RRule.parseString(rrule.replace(/^RRULE:/i, ''));
  } catch {
    return rrule;
  }
  const zh = locale === 'zh-CN';
  const n = o.interval && o.interval > 1 ? o.interval : 1;
  const days = list(o.byweekday as Weekday | Weekday[] | undefined).map((d) => (typeof d === 'number' ? d : d.weekday));
  const monthDays = list(o.bymonthday);
  const hours = list(o.byhour);
  const minutes = list(o.byminute);
  const times = hours
    .flatMap((h) => (minutes.length > 0 ? minutes : [0]).map((m) => `${two(h)}:${two(m)}`))
    .join(zh ? '、' : ', ');
  let when: string;
  if (o.freq === Frequency.DAILY) when = zh ? (n > 1 ? `每${n}天` : '每天') : n > 1 ? `Every ${n} days` : 'Every day';
  else if (o.freq === Frequency.WEEKLY) {
    const named = days.map((d) => (zh ? `周${ZH_DAY[d]}` : EN_DAY[d])).join(zh ? '、' : ' and ');
    when = zh
      ? `${n > 1 ? `每${n}周` : '每'}${named || '周'}`
      : `${n > 1 ? `Every ${n} weeks on` : 'Every'} ${named || 'week'}`;
  } else if (o.freq === Frequency.MONTHLY) {
    const named = monthDays.map((d) => (zh ? `${d}日` : `day ${d}`)).join(zh ? '、' : ' and ');
    when = zh
      ? `${n > 1 ? `每${n}个月` : '每月'}${named}`
      : `${n > 1 ? `Every ${n} months` : 'Every month'} on ${named}`;
  } else return rrule;
  // Where the rule itself ends the visits: a last time (UNTIL, wall-clock China time) or a number of visits (COUNT).
  const until = o.until ? o.until.toISOString().slice(0, 16).replace('T', ' ') : undefined;
  const bound = until
    ? zh
      ? `，至 ${until}`
      : `, until ${until}`
    : o.count
      ? zh
        ? `，共 ${o.count} 次`
        : `, ${o.count} times`
      : '';
  const length = durationMinutes ? (zh ? `，每次 ${durationMinutes} 分钟` : `, ${durationMinutes} minutes each`) : '';
  return zh ? `${when} ${times}${bound}${length}` : `${when} at ${times}${bound}${length}`;
}

/** The pick a plan's RRULE was made from (to change a plan from where it is); undefined when not one of the picker's. */
export function pickOf(rrule: string): RecurrencePick | undefined {
  try {
    const o = RRule.parseString(rrule.replace(/^RRULE:/i, ''));
    const freq =
      o.freq === Frequency.DAILY
        ? 'DAILY'
        : o.freq === Frequency.WEEKLY
          ? 'WEEKLY'
          : o.freq === Frequency.MONTHLY
            ? 'MONTHLY'
            : undefined;
    const hour = list(o.byhour)[0];
    if (!freq || hour === undefined) return undefined;
    return {
      freq,
      interval: o.interval ?? 1,
      byDay: list(o.byweekday as Weekday | Weekday[] | undefined).map(
        (d) => WEEKDAYS[typeof d === 'number' ? d : d.weekday]!,
      ),
      byMonthDay: list(o.bymonthday),
      time: `${two(hour)}:${two(list(o.byminute)[0] ?? 0)}`,
    };
  } catch {
    return undefined;
  }
}

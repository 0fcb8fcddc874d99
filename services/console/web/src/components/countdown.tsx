import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useLocale } from '../i18n/locale';

/** The time now, refreshed every minute (countdowns move without a reload). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs]);
  return now;
}

/** A duration in the largest whole unit that says it: days, else hours, else minutes. */
export function useDuration() {
  const { m } = useLocale();
  return (ms: number) => {
    const minutes = Math.floor(Math.abs(ms) / 60_000);
    if (minutes >= 24 * 60) return m.countdown.days(Math.floor(minutes / (24 * 60)));
    if (minutes >= 60) return m.countdown.hours(Math.floor(minutes / 60));
    return m.countdown.minutes(Math.max(1, minutes));
  };
}

export const formatTime = (iso: string | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
export const formatDate = (iso: string | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '');

/**
 * Time left until a time limit (red once overdue, orange within a day), with the deadline on hover (a `title`: lists
 * show one in every row, too many for antd Tooltips). Without a deadline it says there is none.
 */
export function Countdown({ dueAt, overdue }: { dueAt: string | undefined; overdue?: boolean }) {
  const { m } = useLocale();
  const now = useNow();
  const duration = useDuration();
  if (!dueAt) return <span className="due-none">{m.countdown.noLimit}</span>;
  const left = Date.parse(dueAt) - now;
  const late = overdue || left < 0;
  const cls = late ? 'overdue' : left < 24 * 3600_000 ? 'due-soon' : undefined;
  return (
    <span className={cls} data-due-at={dueAt} title={m.countdown.dueAt(formatTime(dueAt))}>
      {late ? m.countdown.overdue(duration(left)) : m.countdown.remaining(duration(left))}
    </span>
  );
}

/** How long something has waited (no time limit applies to it), since when on hover. */
export function Waiting({ since }: { since: string }) {
  const { m } = useLocale();
  const now = useNow();
  const duration = useDuration();
  return <span title={formatTime(since)}>{m.countdown.waiting(duration(now - Date.parse(since)))}</span>;
}

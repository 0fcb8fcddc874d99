import dayjs from 'dayjs';
import { useSyncExternalStore } from 'react';
import { useLocale } from '../i18n/locale';

/**
 * A clock every component showing time on the page reads, refreshed every `everyMs` by one timer while any of them
 * is shown: a list has a countdown in each row, and a timer (and a state) in each cost more than the row's text, and
 * let the rows' countdowns tick apart.
 */
interface Clock {
  now: number;
  readonly subscribe: (changed: () => void) => () => void;
  readonly read: () => number;
}
const clocks = new Map<number, Clock>();

function clockOf(everyMs: number): Clock {
  let clock = clocks.get(everyMs);
  if (clock) return clock;
  const listeners = new Set<() => void>();
  let timer: number | undefined;
  const tick = () => {
    clock!.now = Date.now();
    for (const changed of listeners) changed();
  };
  clock = {
    now: Date.now(),
    read: () => clock!.now,
    subscribe: (changed) => {
      listeners.add(changed);
      // The first shown after none were: the time may be old (the clock stopped meanwhile).
      if (timer === undefined) {
        timer = window.setInterval(tick, everyMs);
        if (Date.now() - clock!.now >= everyMs) queueMicrotask(tick);
      }
      return () => {
        listeners.delete(changed);
        if (listeners.size === 0) {
          window.clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
  clocks.set(everyMs, clock);
  return clock;
}

/** The time now, refreshed every minute (countdowns move without a reload); one clock for the whole page. */
export function useNow(everyMs = 60_000): number {
  const clock = clockOf(everyMs);
  return useSyncExternalStore(clock.subscribe, clock.read);
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

import { DomainError, type Decision } from '@carelink/contracts';
import { chinaDate, chinaDateTime } from '@carelink/policy';

/** A visit holding a worker's time: [start, end). */
export interface Booking {
  visitId: string;
  referralId: string;
  start: string;
  end: string;
}

/**
 * A worker's bookings of one day (China time): the document two schedulers of the same worker meet on. Every
 * booking of the worker that day goes through it, version-checked by the commit port, so of two overlapping
 * bookings made at once exactly one is written (the other decides again, sees the first, and is refused).
 */
export interface WorkerDayState {
  calendarId: string;
  workerId: string;
  day: string;
  bookings: Booking[];
}

/** The calendar a visit starting at `start` books: its worker's day. */
export function calendarIdOf(workerId: string, start: Date | string): string {
  return `${workerId}|${chinaDate(new Date(start))}`;
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  new Date(a.start).getTime() < new Date(b.end).getTime() && new Date(b.start).getTime() < new Date(a.end).getTime();

/** The first booking (of another visit) that overlaps `wanted`; none when the worker is free. */
export function clashOf(bookings: readonly Booking[], wanted: Booking): Booking | undefined {
  return bookings.find((b) => b.visitId !== wanted.visitId && overlaps(b, wanted));
}

/** The 409 a double booking is refused with, naming the clashing visit and its time. */
export function clashError(workerId: string, clash: Booking): DomainError {
  const from = chinaDateTime(clash.start);
  const to = chinaDateTime(clash.end).slice(11);
  return DomainError.conflict(
    'worker_double_booked',
    `worker ${workerId} already has visit ${clash.visitId} from ${from} to ${to} (China time)`,
    `该服务人员在 ${from}–${to} 已有上门服务（服务记录 ${clash.visitId}），时间冲突，请另选时间或服务人员`,
    [
      {
        path: 'scheduledFor',
        code: 'worker_double_booked',
        visitId: clash.visitId,
        start: clash.start,
        end: clash.end,
      },
    ],
  );
}

/** Books `booking` on the worker's day, refusing an overlap (409 worker_double_booked); booking it again changes nothing. */
export function decideBook(
  current: WorkerDayState | undefined,
  { calendarId, workerId, booking }: { calendarId: string; workerId: string; booking: Booking },
): Decision<WorkerDayState, void> {
  const bookings = current?.bookings ?? [];
  const clash = clashOf(bookings, booking);
  if (clash) throw clashError(workerId, clash);
  const same = bookings.find((b) => b.visitId === booking.visitId);
  if (same && same.start === booking.start && same.end === booking.end) return {};
  return {
    state: {
      calendarId,
      workerId,
      day: calendarId.slice(calendarId.lastIndexOf('|') + 1),
      bookings: [...bookings.filter((b) => b.visitId !== booking.visitId), booking].sort((a, b) =>
        a.start.localeCompare(b.start),
      ),
    },
  };
}

/** Frees the worker's time a visit held (cancelled, moved); a visit not booked there changes nothing. */
export function decideRelease(
  current: WorkerDayState | undefined,
  { visitId }: { visitId: string },
): Decision<WorkerDayState, void> {
  if (!current || !current.bookings.some((b) => b.visitId === visitId)) return {};
  return { state: { ...current, bookings: current.bookings.filter((b) => b.visitId !== visitId) } };
}

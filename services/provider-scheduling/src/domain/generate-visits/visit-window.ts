import { chinaDate } from '@carelink/policy';
import { approvedTerms, type PlanState, type PlanVersion } from '../service-plan/plan';
import { occurrences } from '../service-plan/recurrence';
import { clashOf, type Booking } from '../worker-calendar/worker-calendar';
import { servingProblem, type TrainingRule, type WorkerState } from '../worker';

/** How far ahead visits are generated: the rolling window, extended daily. */
export const WINDOW_DAYS = 14;
const DAY_MS = 24 * 3600_000;

/** The visits of a plan's approved version due in the window [now, now + days): their starts and ends. */
export interface DueVisits {
  version: PlanVersion;
  visits: { start: Date; end: Date }[];
}

/**
 * The visits an approved, not stopped plan has in the rolling window from `now`: none before `now` (the past is
 * not planned again), none before the referral reached the provider, none outside the plan's days.
 */
export function visitsDue(plan: PlanState, offeredAt: string, now: Date, days = WINDOW_DAYS): DueVisits | undefined {
  const version = approvedTerms(plan);
  if (!version || plan.status === 'stopped') return undefined;
  const from = new Date(Math.max(now.getTime(), new Date(offeredAt).getTime()));
  const to = new Date(now.getTime() + days * DAY_MS);
  const length = version.durationMinutes * 60_000;
  return {
    version,
    visits: occurrences(version, from, to).map((start) => ({ start, end: new Date(start.getTime() + length) })),
  };
}

/**
 * The worker a generated visit goes to: the plan's worker when they may serve and are free, else the free worker
 * who may serve with the fewest bookings that day (then by id, so the choice is the same every run); none when
 * nobody can.
 */
export function chooseWorker(
  candidates: readonly WorkerState[],
  preferredId: string,
  slot: Booking,
  bookingsOf: (workerId: string) => readonly Booking[],
  facts: { providerId: string; itemCode: string; rule: TrainingRule },
): WorkerState | undefined {
  const day = chinaDate(new Date(slot.start));
  const able = candidates.filter(
    (w) => !servingProblem(w, { ...facts, day }) && !clashOf(bookingsOf(w.workerId), slot),
  );
  const preferred = able.find((w) => w.workerId === preferredId);
  if (preferred) return preferred;
  return [...able].sort(
    (a, b) => bookingsOf(a.workerId).length - bookingsOf(b.workerId).length || a.workerId.localeCompare(b.workerId),
  )[0];
}

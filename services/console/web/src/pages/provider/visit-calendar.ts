import dayjs from 'dayjs';
import type { VisitView } from './views';

/** The day a visit falls on in the browser's time (the day it was delivered, else the day it is scheduled for). */
export function visitDay(v: VisitView): string {
  return dayjs(v.delivery?.deliveredAt ?? v.scheduledFor).format('YYYY-MM-DD');
}

/** Visits by day (YYYY-MM-DD), each day's in time order. */
export function visitsByDay(visits: readonly VisitView[]): Map<string, VisitView[]> {
  const days = new Map<string, VisitView[]>();
  for (const v of visits) {
    const day = visitDay(v);
    const list = days.get(day);
    if (list) list.push(v);
    else days.set(day, [v]);
  }
  for (const list of days.values()) list.sort((a, b) => timeOf(a).localeCompare(timeOf(b)));
  return days;
}

const timeOf = (v: VisitView) => v.delivery?.deliveredAt ?? v.scheduledFor;

/** A scheduled visit whose time has passed without a delivery recorded: the worker should record it. */
export function isLate(v: VisitView, now: number): boolean {
  return v.status === 'scheduled' && Date.parse(v.scheduledFor) < now;
}

/** One worker's visits in a period: how many scheduled, delivered, late, the units served and the next visit. */
export interface WorkerLoad {
  workerId: string;
  visits: number;
  delivered: number;
  scheduled: number;
  late: number;
  units: number;
  items: string[];
  people: number;
  lastDeliveredAt?: string;
  nextScheduledFor?: string;
}

/**
 * Each worker's load in the visits given (a month's, say), busiest first. `personOf` names the person a visit
 * serves (by its referral), to count the people each worker serves.
 */
export function workerLoads(
  visits: readonly VisitView[],
  now: number,
  personOf: (v: VisitView) => string | undefined = (v) => v.caseId,
): WorkerLoad[] {
  const byWorker = new Map<string, WorkerLoad & { peopleSet: Set<string>; itemSet: Set<string> }>();
  for (const v of visits) {
    const w = byWorker.get(v.workerId) ?? {
      workerId: v.workerId,
      visits: 0,
      delivered: 0,
      scheduled: 0,
      late: 0,
      units: 0,
      items: [],
      people: 0,
      peopleSet: new Set<string>(),
      itemSet: new Set<string>(),
    };
    w.visits++;
    w.itemSet.add(v.itemCode);
    const person = personOf(v);
    if (person) w.peopleSet.add(person);
    if (v.delivery) {
      w.delivered++;
      w.units += v.delivery.units;
      if (!w.lastDeliveredAt || v.delivery.deliveredAt > w.lastDeliveredAt) w.lastDeliveredAt = v.delivery.deliveredAt;
    } else {
      w.scheduled++;
      if (isLate(v, now)) w.late++;
      else if (!w.nextScheduledFor || v.scheduledFor < w.nextScheduledFor) w.nextScheduledFor = v.scheduledFor;
    }
    byWorker.set(v.workerId, w);
  }
  return [...byWorker.values()]
    .map(({ peopleSet, itemSet, ...w }) => ({ ...w, people: peopleSet.size, items: [...itemSet].sort() }))
    .sort((a, b) => b.visits - a.visits || a.workerId.localeCompare(b.workerId));
}

import { DomainError, useCaseContext } from '@carelink/contracts';
import type { SchedulingPorts } from '../scheduling-ports';
import { cancelVisit, scheduleVisit } from '../schedule-visit/book-visit';
import { calendarIdOf, type Booking } from '../worker-calendar/worker-calendar';
import { chooseWorker, visitsDue, WINDOW_DAYS } from './visit-window';

/** What one generation run did: visits written now, visits there already, and times nobody could take. */
export interface Generation {
  scheduled: number;
  existing: number;
  unassigned: { start: string; reason: 'no_worker_free' }[];
}

/**
 * Generates the visits of a plan's approved version in the rolling window from `now` (WINDOW_DAYS ahead), each
 * with a worker who may serve and is free (the plan's worker first). A visit's id derives from the plan, version and
 * start, so a run repeated (the daily extension, a retry) writes each visit once. Times nobody can take are
 * answered, and tried again on the next run.
 *
 * The plan, assignment and the provider's workers are read once for the run, and a worker's day at most once per
 * run: the plan's worker's days first (all at once), another worker's day only when the plan's worker cannot take
 * a visit; a visit booked is added to what was read, so the next visit of that day sees it. What was read may be
 * stale by the time it is booked (another scheduler): the calendar's version check still refuses an overlap (409
 * worker_double_booked), and that time is tried again on the next run.
 */
export async function generatePlanVisits(
  ports: SchedulingPorts,
  planId: string,
  now: Date,
  days = WINDOW_DAYS,
): Promise<Generation> {
  const run: Generation = { scheduled: 0, existing: 0, unassigned: [] };
  const [plan, assignment] = await Promise.all([ports.plans.planOf(planId), ports.assignments.assignmentOf(planId)]);
  if (!plan || !assignment || assignment.status !== 'accepted') return run;
  const due = visitsDue(plan, assignment.offeredAt, now, days);
  if (!due || due.visits.length === 0) return run;
  const { derivedId } = useCaseContext(now);
  const slots: Booking[] = due.visits.map(({ start, end }) => ({
    visitId: derivedId('visit', plan.planId, String(due.version.version), start.toISOString()),
    referralId: plan.referralId,
    start: start.toISOString(),
    end: end.toISOString(),
  }));
  const [written, workers] = await Promise.all([
    Promise.all(slots.map((slot) => ports.visits.visitOf(slot.visitId))),
    ports.workers.servingItem(plan.providerId, plan.itemCode),
  ]);
  const trainingRule = ports.trainingRuleOf(plan.region);
  const facts = { providerId: plan.providerId, itemCode: plan.itemCode, rule: trainingRule };
  const preferred = workers.filter((w) => w.workerId === due.version.workerId);
  const toBook = slots.filter((_, i) => !written[i]);
  run.existing = slots.length - toBook.length;

  /** Workers' days read so far (by calendar id), with the visits this run booked on them. */
  const known = new Map<string, Booking[]>();
  const read = async (calendarIds: string[]) => {
    const unread = [...new Set(calendarIds)].filter((id) => !known.has(id));
    if (unread.length === 0) return;
    const stored = await ports.calendars.bookingsOf(unread);
    for (const id of unread) known.set(id, stored.get(id) ?? []);
  };
  // The plan's worker's days, all at once; another worker's day only when the plan's worker cannot take a visit.
  await read(preferred.flatMap((w) => toBook.map((slot) => calendarIdOf(w.workerId, slot.start))));
  for (const slot of toBook) {
    const bookingsOf = (workerId: string) => known.get(calendarIdOf(workerId, slot.start)) ?? [];
    let worker = chooseWorker(preferred, due.version.workerId, slot, bookingsOf, facts);
    if (!worker) {
      await read(workers.map((w) => calendarIdOf(w.workerId, slot.start)));
      worker = chooseWorker(workers, due.version.workerId, slot, bookingsOf, facts);
    }
    if (!worker) {
      run.unassigned.push({ start: slot.start, reason: 'no_worker_free' });
      continue;
    }
    try {
      await scheduleVisit(
        ports,
        {
          referralId: plan.referralId,
          visitId: slot.visitId,
          workerId: worker.workerId,
          scheduledFor: slot.start,
          durationMinutes: due.version.durationMinutes,
          fromPlan: { version: due.version.version, tasks: due.version.tasks },
        },
        now,
        { assignment, plan, worker, trainingRule },
      );
      known.set(calendarIdOf(worker.workerId, slot.start), [...bookingsOf(worker.workerId), slot]);
      run.scheduled++;
    } catch (err) {
      // Booked meanwhile by someone else: the next run tries again.
      if (err instanceof DomainError && err.code === 'worker_double_booked')
        run.unassigned.push({ start: slot.start, reason: 'no_worker_free' });
      else throw err;
    }
  }
  return run;
}

/**
 * After a new version of a plan is approved: its visits still ahead that older versions generated are cancelled
 * (plan_changed), then the new version's are generated.
 */
export async function replacePlanVisits(ports: SchedulingPorts, planId: string, now: Date): Promise<Generation> {
  const plan = await ports.plans.planOf(planId);
  if (plan?.approvedVersion !== undefined)
    for (const visit of await ports.visits.scheduledAfter(plan.referralId, now.toISOString()))
      if (visit.plan && visit.plan.version < plan.approvedVersion)
        await cancelVisit(ports, visit.visitId, {
          reason: `服务方案已调整为第${plan.approvedVersion}版`,
          cause: 'plan_changed',
        });
  return generatePlanVisits(ports, planId, now);
}

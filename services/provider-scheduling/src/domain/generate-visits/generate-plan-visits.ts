import { DomainError, useCaseContext } from '@carelink/contracts';
import { chinaDate } from '@carelink/policy';
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
  const workers = await ports.workers.servingItem(plan.providerId, plan.itemCode);
  const rule = ports.trainingRuleOf(plan.region);
  for (const { start, end } of due.visits) {
    const visitId = derivedId('visit', plan.planId, String(due.version.version), start.toISOString());
    if (await ports.visits.visitOf(visitId)) {
      run.existing++;
      continue;
    }
    const slot: Booking = { visitId, referralId: plan.referralId, start: start.toISOString(), end: end.toISOString() };
    const day = chinaDate(start);
    const bookings = await ports.calendars.bookingsOf(workers.map((w) => calendarIdOf(w.workerId, start)));
    const bookingsOf = (workerId: string) => bookings.get(`${workerId}|${day}`) ?? [];
    const worker = chooseWorker(workers, due.version.workerId, slot, bookingsOf, {
      providerId: plan.providerId,
      itemCode: plan.itemCode,
      rule,
    });
    if (!worker) {
      run.unassigned.push({ start: slot.start, reason: 'no_worker_free' });
      continue;
    }
    try {
      await scheduleVisit(
        ports,
        {
          referralId: plan.referralId,
          visitId,
          workerId: worker.workerId,
          scheduledFor: slot.start,
          durationMinutes: due.version.durationMinutes,
          fromPlan: { version: due.version.version, tasks: due.version.tasks },
        },
        now,
      );
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

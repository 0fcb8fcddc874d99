import type { StaffPrincipal } from '@carelink/auth';
import { DomainError, useCaseContext, type Decision, type UseCaseContext } from '@carelink/contracts';
import { endOf, VISIT, type AssignmentState, type VisitState } from '../assignment';
import {
  decideCancelVisit,
  decideRescheduleVisit,
  type CancelVisit,
  type RescheduleVisit,
} from '../change-visit/change-visit';
import type { SchedulingPorts } from '../scheduling-ports';
import type { PlanState } from '../service-plan/plan';
import type { TrainingRule, WorkerState } from '../worker';
import { calendarIdOf, decideBook, decideRelease, type Booking } from '../worker-calendar/worker-calendar';
import { decideScheduleVisit, type ScheduleVisit } from './schedule-visit';

/**
 * Books the worker's time for a visit, then writes the visit: the calendar refuses an overlap (409 naming the
 * clash) before any visit or event exists; a visit that is then refused frees the time again.
 */
export async function bookVisit(
  ports: SchedulingPorts,
  booking: Booking & { workerId: string },
  writeVisit: () => Promise<VisitState>,
): Promise<VisitState> {
  const { workerId, ...held } = booking;
  const calendarId = calendarIdOf(workerId, held.start);
  await ports.calendars.commit(calendarId, (day) => decideBook(day, { calendarId, workerId, booking: held }));
  let visit: VisitState;
  try {
    visit = await writeVisit();
  } catch (err) {
    await ports.calendars.commit(calendarId, (day) => decideRelease(day, { visitId: held.visitId }));
    throw err;
  }
  await ports.reminders.remind(visit);
  return visit;
}

/** What a visit's schedule decision is given besides the command: the assignment, its plan, the worker, the rule. */
export interface ServiceFacts {
  assignment: AssignmentState | undefined;
  plan: PlanState | undefined;
  worker: WorkerState | undefined;
  trainingRule: TrainingRule;
}

/** What a visit's schedule decision is given, read from the ports. */
async function serviceOf(ports: SchedulingPorts, referralId: string, workerId: string): Promise<ServiceFacts> {
  const [assignment, plan, worker] = await Promise.all([
    ports.assignments.assignmentOf(referralId),
    ports.plans.planOf(referralId),
    ports.workers.workerOf(workerId),
  ]);
  return { assignment, plan, worker, trainingRule: assignment && ports.trainingRuleOf(assignment.region) };
}

/**
 * ScheduleVisit by hand (provider staff) or from the plan (no principal): checks the visit (a refusal books
 * nothing), books the worker's time, writes the visit, sets its reminder. `facts`: the assignment, plan and worker
 * the caller has just read (plan generation reads them once for all the plan's visits); else read here.
 */
export async function scheduleVisit(
  ports: SchedulingPorts,
  {
    referralId,
    visitId,
    principal,
    fromPlan,
    ...command
  }: ScheduleVisit & {
    referralId: string;
    visitId: string;
    principal?: StaffPrincipal;
    fromPlan?: { version: number; tasks: string[] };
  },
  now: Date = new Date(),
  facts?: ServiceFacts,
): Promise<VisitState> {
  if (facts && facts.worker?.workerId !== command.workerId)
    throw new Error(`scheduleVisit: the facts given are of worker ${facts.worker?.workerId}, not ${command.workerId}`);
  facts ??= await serviceOf(ports, referralId, command.workerId);
  const decide = (current: VisitState | undefined, ctx: UseCaseContext) =>
    decideScheduleVisit(current, { ...command, ...facts, visitId, principal, fromPlan }, ctx);
  const planned = decide(undefined, useCaseContext(now)).result!;
  return bookVisit(
    ports,
    { visitId, referralId, workerId: planned.workerId, start: planned.scheduledFor, end: endOf(planned) },
    () => ports.visits.commit(visitId, decide),
  );
}

/** Moves a visit: books the new time first (409 on a clash), writes the move, frees the old time. */
export async function rescheduleVisit(
  ports: SchedulingPorts,
  visitId: string,
  command: RescheduleVisit & { principal: StaffPrincipal },
  now: Date = new Date(),
): Promise<VisitState> {
  const visit = await ports.visits.visitOf(visitId);
  if (!visit) throw DomainError.notFound(...VISIT);
  const facts = await serviceOf(ports, visit.referralId, command.workerId ?? visit.workerId);
  const decide = (current: VisitState | undefined, ctx: UseCaseContext): Decision<VisitState, VisitState> =>
    decideRescheduleVisit(current, { ...command, ...facts }, ctx);
  const moved = decide(visit, useCaseContext(now)).result!;
  const before = calendarIdOf(visit.workerId, visit.scheduledFor);
  const after = calendarIdOf(moved.workerId, moved.scheduledFor);
  const booking = { visitId, referralId: visit.referralId, start: moved.scheduledFor, end: endOf(moved) };
  await ports.calendars.commit(after, (day) =>
    decideBook(day, { calendarId: after, workerId: moved.workerId, booking }),
  );
  let result: VisitState;
  try {
    result = await ports.visits.commit(visitId, decide);
  } catch (err) {
    // Give the old time back: on another day or worker, drop the new booking; on the same day, book the old time again.
    await ports.calendars.commit(after, (day) =>
      before === after
        ? decideBook(day, {
            calendarId: after,
            workerId: visit.workerId,
            booking: { ...booking, start: visit.scheduledFor, end: endOf(visit) },
          })
        : decideRelease(day, { visitId }),
    );
    throw err;
  }
  if (before !== after) await ports.calendars.commit(before, (day) => decideRelease(day, { visitId }));
  await ports.reminders.remind(result);
  return result;
}

/** Cancels a visit and frees its worker's time. */
export async function cancelVisit(
  ports: SchedulingPorts,
  visitId: string,
  command: CancelVisit & { principal?: StaffPrincipal; cause: 'provider' | 'service_stopped' | 'plan_changed' },
): Promise<VisitState> {
  const visit = await ports.visits.commit(visitId, (current, ctx) => decideCancelVisit(current, command, ctx));
  const calendarId = calendarIdOf(visit.workerId, visit.scheduledFor);
  await ports.calendars.commit(calendarId, (day) => decideRelease(day, { visitId }));
  return visit;
}

import type { Commits } from '@carelink/contracts';
import type { AssignmentLookup, VisitState } from './assignment';
import type { PlanState } from './service-plan/plan';
import type { Booking, WorkerDayState } from './worker-calendar/worker-calendar';
import type { TrainingRule, WorkerState } from './worker';

/**
 * What the scheduling use cases read and write besides their own decide functions: plans, visits, workers'
 * calendars, workers, the region's training rule, and the reminders board. Data-access and the job board
 * implement them; the domain knows no store.
 */
export interface SchedulingPorts {
  assignments: AssignmentLookup;
  plans: Commits<PlanState> & { planOf(planId: string): Promise<PlanState | undefined> };
  visits: Commits<VisitState> & {
    visitOf(visitId: string): Promise<VisitState | undefined>;
    /** Scheduled (not delivered, not cancelled) visits of a referral starting after `after`, in order. */
    scheduledAfter(referralId: string, after: string): Promise<VisitState[]>;
  };
  calendars: Commits<WorkerDayState> & { bookingsOf(calendarIds: string[]): Promise<Map<string, Booking[]>> };
  workers: {
    workerOf(workerId: string): Promise<WorkerState | undefined>;
    /** The provider's workers who list the item among those they may serve. */
    servingItem(providerId: string, itemCode: string): Promise<WorkerState[]>;
  };
  trainingRuleOf(region: string): TrainingRule;
  /** Sets the reminder of a visit at its current time, as its region's pack says (none: no reminder). */
  reminders: { remind(visit: VisitState): Promise<void> };
}

import type { JobBoard, JobHandler } from '@carelink/jobs';
import type { PolicyPacks } from '@carelink/policy';
import type { Logger } from '@carelink/telemetry';
import type { VisitState } from '../../domain/assignment';
import { decideVisitReminder, reminderTimeOf } from '../../domain/change-visit/change-visit';
import { generatePlanVisits } from '../../domain/generate-visits/generate-plan-visits';
import type { SchedulingPorts } from '../../domain/scheduling-ports';
import { decideConfirmationDeadline } from '../../domain/verify-delivery/confirmation';
import { sweepConfirmationDeadlines, type OpenConfirmation } from '../../domain/verify-delivery/confirmation-sweep';

/** Every day: extend each generating plan's visits to the rolling window. */
export const EXTEND_VISIT_WINDOWS = 'extend-visit-windows';
/** Before a visit, as long as its region's pack says (`visitReminder`): remind its worker. */
export const VISIT_REMINDER = 'visit-reminder';
/** At a delivered visit's confirmBy: settle it unverified unless its recipient confirmed or disputed it. */
export const CONFIRMATION_DEADLINE = 'confirmation-deadline';
/** Every few minutes: settle the visits whose confirmation is still open past confirmBy (their deadline job lost). */
export const CONFIRMATION_SWEEP = 'confirmation-sweep';
/** When the sweep repeats (cron, China time): every 5 minutes, so a lost deadline is settled at most 5 minutes late. */
export const CONFIRMATION_SWEEP_CRON = '*/5 * * * *';

/** The job id of a visit's confirmation deadline (one per visit). */
export const confirmationDeadlineJob = (visitId: string) => `confirmation|${visitId}`;

/** The confirmation deadlines on the job board: one delayed job per visit, at its confirmBy. */
export function confirmationDeadlines(jobs: Pick<JobBoard, 'schedule'>) {
  return {
    settleAt: (visit: Pick<VisitState, 'visitId' | 'verification'>) =>
      jobs.schedule(
        CONFIRMATION_DEADLINE,
        confirmationDeadlineJob(visit.visitId),
        { visitId: visit.visitId },
        new Date(visit.verification!.confirmBy),
      ),
  };
}

/**
 * The reminders port on the job board: one delayed job per visit and start time, at the time its region's pack
 * sets (past: at once); none for a visit whose region's pack sets no visit reminder.
 */
export function reminderBoard(
  jobs: Pick<JobBoard, 'schedule'>,
  policies: Pick<PolicyPacks, 'get'>,
): SchedulingPorts['reminders'] {
  return {
    remind: async (visit: VisitState) => {
      const at = reminderTimeOf(visit, policies.get(visit.region));
      if (!at) return;
      await jobs.schedule(
        VISIT_REMINDER,
        `reminder|${visit.visitId}|${visit.scheduledFor}`,
        { visitId: visit.visitId, scheduledFor: visit.scheduledFor },
        at,
      );
    },
  };
}

/** The delayed and repeating work of provider-scheduling (BullMQ): each job maps to its use case. */
export function schedulingJobs(
  ports: SchedulingPorts,
  plans: { generatingIds(): Promise<string[]> },
  logger: Logger,
  confirmations: { openConfirmations(): Promise<OpenConfirmation[]> },
): Record<string, JobHandler> {
  return {
    [EXTEND_VISIT_WINDOWS]: async () => {
      const now = new Date();
      for (const planId of await plans.generatingIds()) {
        const run = await generatePlanVisits(ports, planId, now);
        if (run.unassigned.length > 0)
          logger.warn({ planId, unassigned: run.unassigned.length }, 'plan visits without a free worker');
      }
    },
    [CONFIRMATION_DEADLINE]: ({ data }: { data: { visitId: string } }) =>
      ports.visits.commit(data.visitId, (visit, ctx) => decideConfirmationDeadline(visit, ctx)).then(() => undefined),
    [CONFIRMATION_SWEEP]: async () => {
      const sweep = await sweepConfirmationDeadlines(
        { visits: { ...ports.visits, openConfirmations: () => confirmations.openConfirmations() } },
        new Date(),
      );
      if (sweep.settled.length > 0)
        logger.warn({ visitIds: sweep.settled }, 'confirmations settled by the sweep: their deadline jobs were lost');
      if (sweep.failed.length > 0) {
        for (const { visitId, error } of sweep.failed)
          logger.error({ visitId, err: error }, 'confirmation sweep failed');
        throw new Error(`the confirmation sweep failed on ${sweep.failed.length} visit(s); the next sweep tries again`);
      }
    },
    [VISIT_REMINDER]: ({ data }: { data: { visitId: string; scheduledFor: string } }) =>
      ports.visits.commit(data.visitId, (visit) => decideVisitReminder(visit, data)).then(() => undefined),
  };
}

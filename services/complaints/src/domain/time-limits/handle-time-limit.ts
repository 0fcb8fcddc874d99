import type { Commits, Complaint } from '../complaint';
import { decideTimeLimit, timerJobs, type TimeLimit } from './complaint-time-limits';

export const ACKNOWLEDGE_OVERDUE = 'complaint-acknowledge-overdue';
export const RESOLVE_OVERDUE = 'complaint-resolve-overdue';

export interface TimerScheduler {
  schedule(name: string, jobId: string, data: Record<string, unknown>, runAt?: Date): Promise<void>;
}

/** Starts the time limits of a complaint's current round (idempotent: job ids are per complaint and round). */
export async function scheduleTimeLimits(complaint: Complaint, jobs: TimerScheduler): Promise<void> {
  if (complaint.status === 'closed' || complaint.status === 'resolved') return;
  for (const job of timerJobs(complaint)) {
    if (job.name === ACKNOWLEDGE_OVERDUE && complaint.round > 1) continue;
    await jobs.schedule(job.name, job.jobId, { complaintId: complaint.complaintId, round: complaint.round }, job.runAt);
  }
}

/**
 * A time limit ran out: escalate to the county when the complaint has not moved on. True when it changed.
 * A timer that ran a little early schedules itself again for the due time (else the escalation is lost);
 * each re-run has its own job id (`again` counts them), so a re-run that is early again can follow.
 */
export async function handleTimeLimit(
  limit: TimeLimit,
  data: { complaintId: string; round?: number; again?: number },
  deps: { complaints: Commits<Complaint>; jobs: TimerScheduler },
): Promise<boolean> {
  const { escalated, runAgainAt } = await deps.complaints.commit(data.complaintId, (current, ctx) =>
    decideTimeLimit(current, { limit, round: data.round }, ctx),
  );
  if (runAgainAt) {
    const again = (data.again ?? 0) + 1;
    const name = limit === 'acknowledge' ? ACKNOWLEDGE_OVERDUE : RESOLVE_OVERDUE;
    await deps.jobs.schedule(
      name,
      `${name}_${data.complaintId}_${data.round ?? 1}_again-${again}`,
      { complaintId: data.complaintId, ...(data.round !== undefined ? { round: data.round } : {}), again },
      runAgainAt,
    );
  }
  return escalated;
}

import type { PolicyPacks } from '@carelink/policy';
import type { ComplaintRepository } from '../../data-access/complaint-repository';
import type { Complaint } from '../complaint';
import { escalateIfOverdue, timerJobs, type TimeLimit } from './complaint-time-limits';

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

/** A time limit ran out: escalate to the county when the complaint has not moved on. True when it changed. */
export async function handleTimeLimit(
  limit: TimeLimit,
  data: { complaintId: string; round?: number },
  deps: { complaints: Pick<ComplaintRepository, 'update'>; policies: Pick<PolicyPacks, 'get'>; now: () => Date },
): Promise<boolean> {
  let changed = false;
  await deps.complaints.update(data.complaintId, (current) => {
    const pack = deps.policies.get(current.region);
    if (!pack) return null;
    const decided = escalateIfOverdue({ complaint: current, limit, round: data.round, pack, now: deps.now() });
    changed = decided !== null;
    return decided;
  });
  return changed;
}

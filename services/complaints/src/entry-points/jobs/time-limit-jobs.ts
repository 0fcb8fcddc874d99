import type { JobHandler } from '@carelink/jobs';
import type { Commits, Complaint } from '../../domain/complaint';
import {
  ACKNOWLEDGE_OVERDUE,
  handleTimeLimit,
  RESOLVE_OVERDUE,
  type TimerScheduler,
} from '../../domain/time-limits/handle-time-limit';

/** BullMQ entry points: an expired acknowledge or resolve limit escalates the complaint to the county. */
export function timeLimitJobs(deps: {
  complaints: Commits<Complaint>;
  /** Re-schedules a timer that ran before its limit. */
  jobs: TimerScheduler;
}): Record<string, JobHandler> {
  const run =
    (limit: 'acknowledge' | 'resolve'): JobHandler =>
    async (job) => {
      await handleTimeLimit(limit, job.data as { complaintId: string; round?: number; again?: number }, deps);
    };
  return { [ACKNOWLEDGE_OVERDUE]: run('acknowledge'), [RESOLVE_OVERDUE]: run('resolve') };
}

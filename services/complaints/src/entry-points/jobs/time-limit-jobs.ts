import type { JobHandler } from '@carelink/jobs';
import type { PolicyPacks } from '@carelink/policy';
import type { ComplaintRepository } from '../../data-access/complaint-repository';
import {
  ACKNOWLEDGE_OVERDUE,
  handleTimeLimit,
  RESOLVE_OVERDUE,
  type TimerScheduler,
} from '../../domain/time-limits/handle-time-limit';

/** BullMQ entry points: an expired acknowledge or resolve limit escalates the complaint to the county. */
export function timeLimitJobs(deps: {
  complaints: ComplaintRepository;
  policies: PolicyPacks;
  /** Re-schedules a timer that ran before its limit. */
  jobs: TimerScheduler;
  eventsWritten: () => void;
}): Record<string, JobHandler> {
  const run =
    (limit: 'acknowledge' | 'resolve'): JobHandler =>
    async (job) => {
      const data = job.data as { complaintId: string; round?: number; again?: number };
      if (await handleTimeLimit(limit, data, { ...deps, now: () => new Date() })) deps.eventsWritten();
    };
  return { [ACKNOWLEDGE_OVERDUE]: run('acknowledge'), [RESOLVE_OVERDUE]: run('resolve') };
}

import type { JobBoard, JobHandler } from '@carelink/jobs';
import type { DoorbellPorts } from '../../domain/doorbell/doorbell-ports';
import { escalateAlert } from '../../domain/doorbell/ring-doorbell';

/** When nobody acknowledged a doorbell alert in time: escalate it to the township. */
export const ESCALATE_DOORBELL_ALERT = 'escalate-doorbell-alert';

/** The escalation port on the job board: one delayed job per alert, at its `escalateAt`. */
export function escalationBoard(jobs: Pick<JobBoard, 'schedule'>): DoorbellPorts['escalations'] {
  return {
    escalateAt: (alert) =>
      jobs.schedule(
        ESCALATE_DOORBELL_ALERT,
        `escalate|${alert.alertId}`,
        { alertId: alert.alertId },
        new Date(alert.escalateAt),
      ),
  };
}

export function doorbellJobs(ports: DoorbellPorts): Record<string, JobHandler> {
  return {
    [ESCALATE_DOORBELL_ALERT]: async ({ data }: { data: { alertId: string } }) => {
      // Run a moment early (Redis' clock ahead of ours): fail, and BullMQ's backoff runs it again shortly.
      if ((await escalateAlert(ports, data.alertId)) === 'not_due')
        throw new Error(`doorbell alert ${data.alertId} is not due for escalation yet`);
    },
  };
}

import type { JobBoard } from '@carelink/jobs';
import type { Logger } from '@carelink/telemetry';
import type { CallRecords } from '../../data-access/call-records';
import type { DeliveredRecording, RecordingJob } from '../../data-access/platform-client';

/** The job that fetches a caller's recording again and delivers it (BullMQ: retried with exponential back-off). */
export const DELIVER_RECORDING = 'deliver-recording';

/** One job per recording of a call: scheduling it again (a retried webhook) adds no second one. */
export function recordingJobId(job: RecordingJob): string {
  const t = job.target;
  return `recording:${job.callSid}:${t.kind === 'application' ? `application-${t.part}` : t.kind}`;
}

/** Queues a recording to fetch again (the PlatformClient's `later`). */
export function scheduleRecording(board: Pick<JobBoard, 'schedule'>) {
  return (job: RecordingJob) =>
    board.schedule(DELIVER_RECORDING, recordingJobId(job), job as unknown as Record<string, unknown>);
}

/**
 * The job's entry point: deliver the recording, then note on the call record where it went. Each failure is
 * logged as an error with the call id and thrown, so the queue tries again later.
 */
export function recordingJobHandlers(deps: {
  deliver: (job: RecordingJob) => Promise<DeliveredRecording>;
  records: Pick<CallRecords, 'noteDelivered'>;
  logger: Pick<Logger, 'error' | 'info'>;
}) {
  return {
    [DELIVER_RECORDING]: async (job: { data: unknown; attemptsMade: number }) => {
      const data = job.data as RecordingJob;
      try {
        const delivered = await deps.deliver(data);
        await deps.records.noteDelivered(data.callSid, delivered);
        deps.logger.info({ callSid: data.callSid, attempt: job.attemptsMade + 1 }, 'caller’s recording delivered');
      } catch (err) {
        deps.logger.error(
          { err, callSid: data.callSid, attempt: job.attemptsMade + 1 },
          'the caller’s recording could not be delivered; the job queue tries again',
        );
        throw err;
      }
    },
  };
}

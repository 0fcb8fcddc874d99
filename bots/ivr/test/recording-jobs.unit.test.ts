import type { DeliveredRecording, RecordingJob } from '../src/data-access/platform-client';
import { recordingJobHandlers, recordingJobId, DELIVER_RECORDING } from '../src/entry-points/jobs/recording-jobs';

const job: RecordingJob = {
  callSid: 'CAjob0000001',
  region: 'chizhou',
  recordingUrl: 'https://api.twilio.com/rec/RE1',
  target: { kind: 'request', caseId: 'c-1' },
};

function harness(deliver: (job: RecordingJob) => Promise<DeliveredRecording>) {
  const logged: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const noted: unknown[] = [];
  const handlers = recordingJobHandlers({
    deliver,
    records: { noteDelivered: async (callSid, delivered) => void noted.push({ callSid, delivered }) },
    logger: {
      error: ((fields: Record<string, unknown>, message: string) =>
        void logged.push({ level: 'error', fields, message })) as never,
      info: ((fields: Record<string, unknown>, message: string) =>
        void logged.push({ level: 'info', fields, message })) as never,
    },
  });
  return { run: (attemptsMade: number) => handlers[DELIVER_RECORDING]({ data: job, attemptsMade }), logged, noted };
}

describe('the recording job', () => {
  it('a failed delivery is logged as an error with the call id and thrown, so the queue tries again', async () => {
    const h = harness(async () => Promise.reject(new Error('recording → 503')));
    await expect(h.run(0)).rejects.toThrow('503');
    expect(h.logged).toEqual([
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ callSid: 'CAjob0000001', attempt: 1 }),
      }),
    ]);
    expect(h.noted).toEqual([]);
  });

  it('a delivered recording is noted on the call record', async () => {
    const recording = { service: 'intake' as const, caseId: 'c-1', attachmentId: 'a-1' };
    const h = harness(async () => ({ recording }));
    await h.run(2);
    expect(h.noted).toEqual([{ callSid: 'CAjob0000001', delivered: { recording } }]);
  });

  it('one job per recording of a call', () => {
    expect(recordingJobId(job)).toBe('recording:CAjob0000001:request');
    expect(recordingJobId({ ...job, target: { kind: 'application', applicationId: 'a', part: 'need' } })).toBe(
      'recording:CAjob0000001:application-need',
    );
  });
});

import type { JobBoard, JobHandler } from '@carelink/jobs';
import { retryFiling, type FileComplaintDeps } from '../../domain/file-complaint/file-complaint';
import type { Reply, ResidentChats } from '../../domain/resident-chats';
import { ServiceUnavailable } from '../../domain/service-calls';
import { retrySubmission, type SubmitDeps } from '../../domain/submit-application/submit-application';

/** Job names and ids of the bot's retries (BullMQ, 15 attempts with exponential backoff, one job per item). */
export const retryJobs = {
  submitApplication: (applicationId: string) => ({
    name: 'submit-application',
    jobId: `application-${applicationId}`,
    data: { applicationId },
  }),
  fileComplaint: (filingId: string) => ({ name: 'file-complaint', jobId: `complaint-${filingId}`, data: { filingId } }),
} as const;

/** Schedules a retry job (once per item: a second schedule of the same job id does nothing). */
export async function scheduleRetry(
  jobs: Pick<JobBoard, 'schedule'>,
  job: { name: string; jobId: string; data: Record<string, unknown> },
): Promise<void> {
  await jobs.schedule(job.name, job.jobId, job.data, undefined, { attempts: 15 });
}

export interface BotJobDeps {
  /** The use cases' dependencies, but for `retryLater`: inside its job, a retry is a failed attempt. */
  submit: Omit<SubmitDeps, 'retryLater'>;
  file: Omit<FileComplaintDeps, 'retryLater'>;
  chats: Pick<ResidentChats, 'locale'>;
  defaultLocale: string;
  send: (chatId: number, locale: string, key: string, params: Record<string, string | number>) => Promise<void>;
}

/**
 * The retry jobs: send a kept application to intake, file a kept complaint; what comes of it is pushed to
 * the resident's chat in their language. Still unreachable → the attempt fails and the job board runs it
 * again later.
 */
export function botJobs(deps: BotJobDeps): Record<string, JobHandler> {
  const failAttempt = async (_id: string, because: string) => {
    throw new ServiceUnavailable(because);
  };
  const tell = async (replies: Reply[]) => {
    for (const r of replies)
      await deps.send(r.chatId, (await deps.chats.locale(r.chatId)) ?? deps.defaultLocale, r.key, r.params);
  };
  return {
    'submit-application': async (job) =>
      tell(await retrySubmission(String(job.data.applicationId), { ...deps.submit, retryLater: failAttempt })),
    'file-complaint': async (job) =>
      tell(await retryFiling(String(job.data.filingId), { ...deps.file, retryLater: failAttempt })),
  };
}

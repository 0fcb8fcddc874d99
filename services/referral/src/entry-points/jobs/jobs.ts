import type { JobHandler } from '@carelink/jobs';
import type { WebhookRepository } from '../../data-access/webhook-repository';
import type { RerouteDeps } from '../../domain/reroute-referral/reroute-referral';
import { handleAnswerDue } from '../../domain/reroute-referral/handle-answer-due';
import type { AnswerDue } from '../../domain/referral-timers';
import { deliverChain, type DeliveryPolicy, type SendWebhook } from '../../domain/webhooks/deliver-chain';

export const ANSWER_DUE = 'referral.answer-due';
export const WEBHOOK_PASS = 'webhook.deliver';

export function referralJobs(deps: RerouteDeps): Record<string, JobHandler> {
  return {
    [ANSWER_DUE]: (job) => handleAnswerDue(job.data as AnswerDue, { ...deps, now: () => new Date() }),
  };
}

export function webhookJobs(deps: {
  webhooks: WebhookRepository;
  send: SendWebhook;
  policy: DeliveryPolicy;
  startChain: (job: { subscriptionId: string; caseId: string }, jobId: string, at?: Date) => Promise<void>;
}): Record<string, JobHandler> {
  return {
    [WEBHOOK_PASS]: (job) =>
      deliverChain(job.data as { subscriptionId: string; caseId: string }, {
        webhooks: deps.webhooks,
        send: deps.send,
        policy: deps.policy,
        now: () => new Date(),
        retryAt: (data, jobId, at) => deps.startChain(data, jobId, at),
      }),
  };
}

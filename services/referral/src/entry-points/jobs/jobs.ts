import type { JobHandler } from '@carelink/jobs';
import type { ReferralCommits } from '../../domain/referral-commits';
import type { AnswerDue, ReferralTimers } from '../../domain/referral-timers';
import { handleAnswerDue } from '../../domain/reroute-referral/handle-answer-due';
import type { RoutingSources } from '../../domain/route-referral/candidates';
import {
  deliverChain,
  type DeliveryChains,
  type DeliveryPolicy,
  type SendWebhook,
} from '../../domain/webhooks/deliver-chain';

export const ANSWER_DUE = 'referral.answer-due';
export const WEBHOOK_PASS = 'webhook.deliver';

export function referralJobs(
  deps: RoutingSources & { commits: ReferralCommits; timers: ReferralTimers },
): Record<string, JobHandler> {
  return {
    [ANSWER_DUE]: (job) => handleAnswerDue(job.data as AnswerDue, deps),
  };
}

export function webhookJobs(deps: {
  webhooks: DeliveryChains;
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

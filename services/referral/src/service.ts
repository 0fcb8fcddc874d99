import { departmentReferralsTopic, topics } from '@carelink/contracts';
import { JobBoard } from '@carelink/jobs';
import type { ServiceContext, ServiceDefinition } from '@carelink/service-host';
import { FieldCipher, MongoInbox } from '@carelink/store';
import type { EventBus } from '@carelink/bus';

type Consumer = Awaited<ReturnType<EventBus['consume']>>;
import type { ReferralConfig } from './config';
import { ContractRepository } from './data-access/contract-repository';
import { ProviderScoreRepository } from './data-access/provider-score-repository';
import { ReferralRepository } from './data-access/referral-repository';
import { WebhookRepository } from './data-access/webhook-repository';
import { answerDueJobId, type AnswerDue, type ReferralTimers } from './domain/referral-timers';
import { httpSender } from './entry-points/http/webhook-sender';
import { referralRoutes } from './entry-points/http/routes';
import { webhookRoutes } from './entry-points/http/webhook-routes';
import { ANSWER_DUE, referralJobs, WEBHOOK_PASS, webhookJobs } from './entry-points/jobs/jobs';
import { referralSubscriptions, WEBHOOK_GROUP, webhookSubscriptions } from './entry-points/kafka/subscriptions';

/** Everything the entry points share, built once per running service. */
export interface ReferralParts {
  contracts: ContractRepository;
  referrals: ReferralRepository;
  scores: ProviderScoreRepository;
  webhooks: WebhookRepository;
  timers: ReferralTimers;
  /** Webhook deliveries run on their own queue, so that a slow subscriber never delays the referral timers. */
  webhookJobs: JobBoard;
  startChain: (job: { subscriptionId: string; caseId: string }, jobId: string, at?: Date) => Promise<void>;
  webhookConsumer?: Consumer;
}

const built = new WeakMap<object, ReferralParts>();

export function referralParts(ctx: ServiceContext<ReferralConfig>): ReferralParts {
  let parts = built.get(ctx);
  if (parts) return parts;
  const jobs = ctx.jobs;
  const webhookBoard = new JobBoard({
    redisUrl: ctx.config.REDIS_URL,
    queue: 'referral-webhooks',
    prefix: ctx.config.JOBS_PREFIX,
    logger: ctx.logger,
    concurrency: ctx.config.WEBHOOK_CONCURRENCY,
  });
  parts = {
    contracts: new ContractRepository(ctx.connection),
    referrals: new ReferralRepository(ctx.connection),
    scores: new ProviderScoreRepository(ctx.connection),
    // The blind-index key is unused for secrets; FieldCipher needs one, so it is derived from nothing secret.
    webhooks: new WebhookRepository(ctx.connection, new FieldCipher(ctx.config.WEBHOOK_SECRET_KEY, '0'.repeat(64))),
    timers: {
      answerDue: (referralId, attempt, at) =>
        jobs.schedule(
          ANSWER_DUE,
          answerDueJobId(referralId, attempt, at),
          { referralId, attempt, dueAt: at.getTime() } satisfies AnswerDue,
          at,
        ),
    },
    webhookJobs: webhookBoard,
    startChain: (job, jobId, at) =>
      webhookBoard.schedule(WEBHOOK_PASS, jobId, job, at, { removeOnComplete: true, removeOnFail: 1000 }),
  };
  built.set(ctx, parts);
  return parts;
}

export const referralService: ServiceDefinition<ReferralConfig> = {
  name: 'referral',
  outboxCollections: [ReferralRepository.collection],
  prepare: async (ctx) => {
    const parts = referralParts(ctx);
    await parts.referrals.prepare();
    await parts.contracts.prepare();
    await parts.scores.prepare();
    await parts.webhooks.prepare();
    // One topic per receiving department of every loaded region (carelink.referral.department.<region>.<code>.v1).
    await ctx.bus.ensureTopics(
      ctx.policies
        .regions()
        .flatMap((r) => Object.keys(ctx.policies.get(r)!.departments).map((code) => departmentReferralsTopic(r, code))),
    );
  },
  subscriptions: (ctx) =>
    referralSubscriptions({ policies: ctx.policies, eventsWritten: ctx.eventsWritten, ...referralParts(ctx) }),
  jobs: (ctx) => referralJobs({ policies: ctx.policies, eventsWritten: ctx.eventsWritten, ...referralParts(ctx) }),
  onStart: async (ctx) => {
    const parts = referralParts(ctx);
    parts.webhookJobs.start(
      webhookJobs({
        ...parts,
        send: httpSender(ctx.config.WEBHOOK_TIMEOUT_MS),
        policy: { maxAttempts: ctx.config.WEBHOOK_MAX_ATTEMPTS, backoffMs: ctx.config.WEBHOOK_BACKOFF_MS },
      }),
    );
    parts.webhookConsumer = await ctx.bus.consume(
      WEBHOOK_GROUP,
      webhookSubscriptions(parts),
      new MongoInbox(ctx.connection),
      // Every partition of the referrals topic at once: a case's events stay in order within its partition.
      { partitionsConsumedConcurrently: topics.referrals.partitions },
    );
  },
  onStop: async (ctx) => {
    const parts = referralParts(ctx);
    // Stop reading before the queue closes, so that no fan-out finds it closed.
    await parts.webhookConsumer?.disconnect();
    await parts.webhookJobs.close();
  },
  routes: (app, ctx) => {
    const parts = referralParts(ctx);
    referralRoutes(app, { policies: ctx.policies, eventsWritten: ctx.eventsWritten, ...parts });
    webhookRoutes(app, {
      ...parts,
      secretGraceHours: ctx.config.WEBHOOK_SECRET_GRACE_HOURS,
      allowInsecureEndpoints: ctx.config.WEBHOOK_ALLOW_INSECURE,
      policies: ctx.policies,
    });
  },
};

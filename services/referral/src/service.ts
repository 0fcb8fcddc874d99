import type { EventBus } from '@carelink/bus';
import type { Commits } from '@carelink/contracts';
import { departmentReferralsTopic, departmentReferralsTopicV2, topics } from '@carelink/contracts';
import type { ServiceApp } from '@carelink/http';
import { JobBoard } from '@carelink/jobs';
import type { PolicyPacks } from '@carelink/policy';
import type { ServiceContext, ServiceDefinition } from '@carelink/service-host';
import { FieldCipher, MongoInbox } from '@carelink/store';
import type { ReferralConfig } from './config';
import { ContractRepository, contractState } from './data-access/contract-repository';
import { ProviderScoreRepository } from './data-access/provider-score-repository';
import { referralCommits } from './data-access/referral-commits';
import { ReferralRepository } from './data-access/referral-repository';
import { SharedContacts } from './data-access/shared-contacts';
import { WebhookRepository } from './data-access/webhook-repository';
import type { ReferralCommits } from './domain/referral-commits';
import type { RegisteredContract } from './domain/register-contract/register-contract';
import { answerDueJobId, type AnswerDue, type ReferralTimers } from './domain/referral-timers';
import { charityListRoutes } from './entry-points/http/charity-list-routes';
import { providerDirectoryRoutes } from './entry-points/http/provider-directory-routes';
import { referralRoutes } from './entry-points/http/routes';
import { webhookRoutes } from './entry-points/http/webhook-routes';
import { httpSender } from './entry-points/http/webhook-sender';
import { ANSWER_DUE, referralJobs, WEBHOOK_PASS, webhookJobs } from './entry-points/jobs/jobs';
import { referralSubscriptions, WEBHOOK_GROUP, webhookSubscriptions } from './entry-points/kafka/subscriptions';

type Consumer = Awaited<ReturnType<EventBus['consume']>>;

/** Everything the entry points share, built once per start of the service. */
export interface ReferralParts {
  policies: PolicyPacks;
  contracts: ContractRepository;
  /** Contracts as RegisterContract writes them (with contract.registered.v1). */
  contractCommits: Commits<RegisteredContract>;
  referrals: ReferralRepository;
  /** Referral decisions, committed with their events in one write (the service's commit port). */
  commits: ReferralCommits;
  scores: ProviderScoreRepository;
  webhooks: WebhookRepository;
  /** The contacts residents consented to share (contact.shared.v1), sealed. */
  contacts: SharedContacts;
  timers: ReferralTimers;
  /** Webhook deliveries run on their own queue, so that a slow subscriber never delays the referral timers. */
  webhookJobs: JobBoard;
  startChain: (job: { subscriptionId: string; caseId: string }, jobId: string, at?: Date) => Promise<void>;
}

function buildParts(ctx: ServiceContext<ReferralConfig>): ReferralParts {
  const referrals = new ReferralRepository(ctx.connection);
  // The blind-index key is unused for sealed fields; FieldCipher needs one, so it is derived from nothing secret.
  const contactCipher = new FieldCipher(ctx.config.CONTACT_DATA_KEY, '0'.repeat(64));
  const webhookJobs = new JobBoard({
    redisUrl: ctx.config.REDIS_URL,
    queue: 'referral-webhooks',
    prefix: ctx.config.JOBS_PREFIX,
    logger: ctx.logger,
    concurrency: ctx.config.WEBHOOK_CONCURRENCY,
  });
  return {
    policies: ctx.policies,
    contracts: new ContractRepository(ctx.connection),
    contractCommits: ctx.commits.bind(contractState),
    referrals,
    commits: referralCommits(ctx.commits, referrals),
    scores: new ProviderScoreRepository(ctx.connection),
    // The blind-index key is unused for secrets; FieldCipher needs one, so it is derived from nothing secret.
    webhooks: new WebhookRepository(
      ctx.connection,
      new FieldCipher(ctx.config.WEBHOOK_SECRET_KEY, '0'.repeat(64)),
      contactCipher,
    ),
    contacts: new SharedContacts(ctx.connection, contactCipher),
    timers: {
      answerDue: (referralId, attempt, at) =>
        ctx.jobs.schedule(
          ANSWER_DUE,
          answerDueJobId(referralId, attempt, at),
          { referralId, attempt, dueAt: at.getTime() } satisfies AnswerDue,
          at,
        ),
    },
    webhookJobs,
    startChain: (job, jobId, at) =>
      webhookJobs.schedule(WEBHOOK_PASS, jobId, job, at, { removeOnComplete: true, removeOnFail: 1000 }),
  };
}

/** Settings the webhook routes take from the configuration. */
export interface WebhookRouteSettings {
  secretGraceHours: number;
  allowInsecureEndpoints: boolean;
}

/**
 * Every HTTP route of referral (referrals, contracts and department webhooks), declared on `app` (the host adds
 * `/audit-trail`); `npm run openapi` builds the OpenAPI document from it with stand-ins for `parts`.
 */
export function referralHttpRoutes(app: ServiceApp, parts: ReferralParts, settings: WebhookRouteSettings): void {
  referralRoutes(app, parts);
  charityListRoutes(app, parts);
  providerDirectoryRoutes(app, parts);
  webhookRoutes(app, { ...parts, ...settings });
}

/**
 * The referral service. Its parts are built when it prepares (the first step of a start) and handed to
 * every entry point; a definition runs once at a time (`defineReferralService()` makes another).
 */
export function defineReferralService(): ServiceDefinition<ReferralConfig> {
  let parts: ReferralParts | undefined;
  let webhookConsumer: Consumer | undefined;
  const built = (): ReferralParts => {
    if (!parts) throw new Error('referral: the parts are built when the service prepares');
    return parts;
  };
  return {
    name: 'referral',
    outboxCollections: [ReferralRepository.collection, contractState.collection],
    prepare: async (ctx) => {
      if (parts)
        throw new Error('referral: this definition is running already; make another with defineReferralService()');
      const p = (parts = buildParts(ctx));
      await p.referrals.prepare();
      await p.contracts.prepare(ctx.commits);
      await p.scores.prepare();
      await p.webhooks.prepare();
      // Topics per receiving department of every loaded region (carelink.referral.department.<region>.<code>.v1,
      // and .v2 with the contact the resident consented to share).
      await ctx.bus.ensureTopics(
        ctx.policies
          .regions()
          .flatMap((r) =>
            Object.keys(ctx.policies.get(r)!.departments).flatMap((code) => [
              departmentReferralsTopic(r, code),
              departmentReferralsTopicV2(r, code),
            ]),
          ),
      );
    },
    subscriptions: () => referralSubscriptions(built()),
    jobs: () => referralJobs(built()),
    onStart: async (ctx) => {
      const p = built();
      p.webhookJobs.start(
        webhookJobs({
          ...p,
          send: httpSender(ctx.config.WEBHOOK_TIMEOUT_MS, { allowInsecure: ctx.config.WEBHOOK_ALLOW_INSECURE }),
          policy: { maxAttempts: ctx.config.WEBHOOK_MAX_ATTEMPTS, backoffMs: ctx.config.WEBHOOK_BACKOFF_MS },
        }),
      );
      webhookConsumer = await ctx.bus.consume(
        WEBHOOK_GROUP,
        webhookSubscriptions({
          ...p,
          publishToDepartment: (topic, event) =>
            ctx.bus.publishSerialized([
              { topic: topic.name, key: event.partitionkey, envelope: JSON.stringify(event) },
            ]),
        }),
        new MongoInbox(ctx.connection),
        // Every partition of the referrals topic at once: a case's events stay in order within its partition.
        { partitionsConsumedConcurrently: topics.referrals.partitions },
      );
    },
    onStop: async () => {
      // Stop reading before the queue closes, so that no fan-out finds it closed.
      await webhookConsumer?.disconnect();
      await parts?.webhookJobs.close();
      webhookConsumer = undefined;
      parts = undefined;
    },
    routes: (app, ctx) =>
      referralHttpRoutes(app, built(), {
        secretGraceHours: ctx.config.WEBHOOK_SECRET_GRACE_HOURS,
        allowInsecureEndpoints: ctx.config.WEBHOOK_ALLOW_INSECURE,
      }),
  };
}

export const referralService = defineReferralService();

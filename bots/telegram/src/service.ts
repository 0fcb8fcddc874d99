import type { ServiceApp } from '@carelink/http';
import type { ServiceContext, ServiceDefinition } from '@carelink/service-host';
import { AuditTrail, FieldCipher } from '@carelink/store';
import { Histogram } from 'prom-client';
import IORedis from 'ioredis';
import type { BotConfig } from './config';
import { channelTokens } from './channel-token';
import { doorbellFanOut } from './bot/alert-messages';
import { createBot, registerCommands } from './bot/create-bot';
import { AlertContacts } from './data-access/alert-contacts';
import { NeighbourHelpClient } from './data-access/neighbour-help-client';
import { WorkerClient } from './data-access/worker-client';
import { residentMessages } from './bot/resident-messages';
import { ApplicationBook } from './data-access/application-book';
import { ChatDirectory } from './data-access/chat-directory';
import { ComplaintBook } from './data-access/complaint-book';
import { ComplaintsClient } from './data-access/complaints-client';
import { IntakeClient } from './data-access/intake-client';
import { OperatorQueue } from './data-access/operator-queue';
import { ProviderDirectory } from './data-access/provider-directory';
import { SchedulingClient } from './data-access/scheduling-client';
import { confirmAsker } from './bot/features/confirm-visit';
import { botApiVoiceNotes } from './data-access/voice-notes';
import { fileMadeComplaint, type FileComplaintDeps } from './domain/file-complaint/file-complaint';
import { receiverNames } from './domain/push-progress/push-progress';
import { regionLanguages } from './domain/resident-answers';
import { submitConfirmedApplication, type SubmitDeps } from './domain/submit-application/submit-application';
import { botRoutes } from './entry-points/http/routes';
import { botJobs, retryJobs, scheduleRetry } from './entry-points/jobs/bot-jobs';
import { botSubscriptions } from './entry-points/kafka/subscriptions';
import { receiveUpdates } from './entry-points/telegram/poll-updates';
import { openTelegramApi } from './local/telegram-api';

export interface BotServiceOptions {
  observeUpdate?: (seconds: number) => void;
  /** Fetches a voice note's bytes; default: the Bot API's getFile (which the local emulator lacks). */
  downloadVoice?: (fileId: string) => Promise<{ bytes: Buffer; contentType: string }>;
}

type Wiring = Awaited<ReturnType<typeof wire>>;

/**
 * Every HTTP route of the bot (the Telegram webhook when it has a secret, the hotline operators' API), declared
 * on `app` (the host adds `/audit-trail`); `npm run openapi` builds the OpenAPI document from it with stand-ins
 * for `deps`.
 */
export function botHttpRoutes(app: ServiceApp, deps: Parameters<typeof botRoutes>[1]): void {
  botRoutes(app, deps);
}

/**
 * The resident chat bot as a carelink process: HTTP (webhook, operator API, health, metrics), Kafka
 * consumer (progress pushes), BullMQ worker (retries of applications and complaints) and the Telegram loop.
 * This file only wires them; what the bot says and sends lives in `bot/features` and `domain`.
 */
export function telegramBotService(options: BotServiceOptions = {}): ServiceDefinition<BotConfig> {
  let wired: Wiring | undefined;
  let stopUpdates: (() => Promise<void>) | undefined;
  const get = () => {
    if (!wired) throw new Error('the bot is not prepared yet');
    return wired;
  };

  return {
    name: 'telegram-bot',
    outboxCollections: [],
    prepare: async (ctx) => {
      wired = await wire(ctx, options);
    },
    jobs: () => {
      const w = get();
      return botJobs({
        submit: w.submitDeps,
        file: w.fileDeps,
        chats: w.directory,
        defaultLocale: w.defaultLocale,
        send: w.messages.send,
      });
    },
    subscriptions: () => {
      const w = get();
      return botSubscriptions({
        packs: w.packs,
        directory: w.directory,
        defaultLocale: w.defaultLocale,
        send: w.messages.send,
        askRating: w.messages.askRating,
        receiverName: w.receiverName,
        visitSteps: {
          askToConfirm: w.askToConfirm,
          providerName: (providerId, region) => w.providers.name(providerId, region),
        },
        doorbellAlerts: w.doorbellAlerts,
        workerVisits: { briefFor: (visitId, workerId, region) => w.workers.briefFor(visitId, workerId, region) },
      });
    },
    onStart: async (ctx) => {
      const w = get();
      await w.bot.init();
      await registerCommands(w.bot, w.i18n, w.packs, ctx.logger);
      stopUpdates = await receiveUpdates(w.bot, ctx.logger, {
        mode: ctx.config.BOT_MODE,
        webhookUrl: ctx.config.WEBHOOK_URL,
        webhookSecret: ctx.config.WEBHOOK_SECRET,
        localApi: w.telegram.local,
      });
    },
    routes: (app, ctx) => {
      const w = get();
      botHttpRoutes(app, {
        bot: w.bot,
        i18n: w.i18n,
        operators: w.operators,
        cases: w.directory,
        regions: w.packs.map((p) => p.region),
        audit: new AuditTrail(ctx.connection),
        webhookSecret: ctx.config.WEBHOOK_SECRET,
      });
    },
    onStop: async () => {
      const w = get();
      await stopUpdates?.();
      await w.telegram.stop();
      await w.redis.quit().catch(() => undefined);
    },
  };
}

/** Configuration, Redis, the Bot API (the emulator in local mode), metrics, the bot and its use cases. */
async function wire(ctx: ServiceContext<BotConfig>, options: BotServiceOptions) {
  const { config, logger } = ctx;
  // The regions served, the default first; each must have its pack.
  const packs = config.REGION.map((region) => {
    const found = ctx.policies.get(region);
    if (!found) throw new Error(`REGION: no policy pack for ${region}`);
    return found;
  });
  const pack = packs[0]!;
  const redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  // The blind index of FieldCipher is not used here: one key serves both.
  const cipher = new FieldCipher(config.BOT_DATA_KEY, config.BOT_DATA_KEY);
  const directory = new ChatDirectory(redis, config.REDIS_PREFIX, cipher);
  const operators = new OperatorQueue(redis, config.REDIS_PREFIX, cipher);
  // The bot's adapter token of each region: a request or complaint goes in with the token of its region.
  const token = channelTokens(packs, config.ADAPTER_TOKEN_SIGNING_KEY);
  const intake = new IntakeClient(config.INTAKE_URL, token);
  const complaints = new ComplaintsClient(config.COMPLAINTS_URL, token);
  // The other regions' look-ups and ratings, each with its region's token.
  const otherRegions = packs.slice(1).map((other) => {
    const own = () => token(other.region);
    return {
      pack: other,
      intake: new IntakeClient(config.INTAKE_URL, own),
      complaints: new ComplaintsClient(config.COMPLAINTS_URL, own),
    };
  });
  // Providers are named as each region's contracts name them, read with that region's token.
  const providers = new ProviderDirectory(config.REFERRAL_URL, token, logger);
  // Visits are confirmed (or disputed) with the bot's token of the chat's region.
  const confirmations = new SchedulingClient(config.PROVIDER_SCHEDULING_URL, token);
  // Doorbell alerts (爱心门铃): the chats neighbours and coordinators linked, and provider-scheduling's alert API.
  const doorbell = {
    contacts: new AlertContacts(redis, config.REDIS_PREFIX),
    client: new NeighbourHelpClient(config.PROVIDER_SCHEDULING_URL, token),
  };
  // Workers' own chats (reminders of their visits, /today): provider-scheduling keeps which chat is whose.
  const workers = new WorkerClient(config.PROVIDER_SCHEDULING_URL, token);
  const telegram = await openTelegramApi(config, logger);
  const defaultLocale = regionLanguages(pack).defaultLanguage;

  const updateSeconds = new Histogram({
    name: 'carelink_bot_update_duration_seconds',
    help: 'Server time spent on one Telegram update',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [ctx.metrics.registry],
  });

  const { bot, i18n } = createBot(config.TELEGRAM_BOT_TOKEN, {
    pack,
    redis,
    cipher,
    prefix: config.REDIS_PREFIX,
    directory,
    intake,
    complaints,
    providerName: (providerId, region) => providers.name(providerId, region),
    operators,
    logger,
    apiRoot: telegram.apiRoot,
    rateLimit: { limit: config.RATE_LIMIT_PER_WINDOW, windowMs: config.RATE_LIMIT_WINDOW_MS },
    observeUpdate: (s) => {
      updateSeconds.observe(s);
      options.observeUpdate?.(s);
    },
    // The local emulator numbers updates from 1 again at every start.
    updateNamespace: telegram.local ? `local-${Date.now()}-` : undefined,
    otherRegions,
    submit: (application) => submitConfirmedApplication(application, submitDeps),
    fileComplaint: (pending) => fileMadeComplaint(pending, fileDeps),
    confirmations,
    neighbourAlerts: doorbell,
    workerVisits: { client: workers, packs },
  });

  const downloadVoice =
    options.downloadVoice ?? botApiVoiceNotes(bot.api, { apiRoot: telegram.apiRoot, token: config.TELEGRAM_BOT_TOKEN });
  const warn = (obj: Record<string, unknown>, message: string) => logger.warn(obj, message);
  const submitDeps: SubmitDeps = {
    region: pack.region,
    applications: new ApplicationBook(redis, config.REDIS_PREFIX, cipher),
    intake,
    chats: directory,
    downloadVoice,
    warn,
    retryLater: (applicationId) => scheduleRetry(ctx.jobs, retryJobs.submitApplication(applicationId)),
  };
  const fileDeps: FileComplaintDeps = {
    complaintsKept: new ComplaintBook(redis, config.REDIS_PREFIX, cipher),
    complaints,
    chats: directory,
    downloadVoice,
    warn,
    retryLater: (filingId) => scheduleRetry(ctx.jobs, retryJobs.fileComplaint(filingId)),
  };

  return {
    bot,
    i18n,
    redis,
    pack,
    packs,
    directory,
    operators,
    telegram,
    messages: residentMessages(bot.api, i18n),
    askToConfirm: confirmAsker(bot.api, i18n),
    doorbellAlerts: doorbellFanOut(bot.api, i18n, {
      ...doorbell,
      locale: (chatId) => directory.locale(chatId),
      defaultLocale,
    }),
    providers,
    workers,
    receiverName: receiverNames((providerId, region) => providers.name(providerId, region)),
    defaultLocale,
    submitDeps,
    fileDeps,
  };
}

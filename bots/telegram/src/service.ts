import type { ServiceContext, ServiceDefinition } from '@carelink/service-host';
import type { PolicyPack } from '@carelink/policy';
import { AuditTrail, FieldCipher } from '@carelink/store';
import type { I18n } from '@grammyjs/i18n';
import { InlineKeyboard, type Bot } from 'grammy';
import { Histogram } from 'prom-client';
import IORedis, { type Redis } from 'ioredis';
import TelegramServer from 'telegram-test-api';
import type { BotConfig } from './config';
import { channelToken } from './channel-token';
import { commandList, createBot } from './bot/create-bot';
import type { BotContext, ResidentContext } from './bot/context';
import { mainMenuIn } from './bot/keyboards';
import { ApplicationBook } from './data-access/application-book';
import { ChatDirectory } from './data-access/chat-directory';
import { ComplaintsClient } from './data-access/complaints-client';
import { IntakeClient, Refused, Unavailable } from './data-access/intake-client';
import { OperatorQueue } from './data-access/operator-queue';
import { regionLanguages } from './domain/resident-answers';
import { ComplaintBook, fileComplaint, fileOnce, type FileComplaintDeps } from './domain/file-complaint/file-complaint';
import { v7 as uuidv7 } from 'uuid';
import { registerOnce, submitApplication, type SubmitDeps } from './domain/submit-application/submit-application';
import { botRoutes } from './entry-points/http/routes';
import { botSubscriptions } from './entry-points/kafka/subscriptions';
import { pollUpdates } from './entry-points/telegram/poll-updates';

export interface BotRuntime {
  bot: Bot<BotContext>;
  i18n: I18n<ResidentContext>;
  redis: Redis;
  pack: PolicyPack;
  directory: ChatDirectory;
  operators: OperatorQueue;
  emulator?: TelegramServer;
  apiRoot?: string;
  stopPolling?: () => Promise<void>;
  submitDeps: SubmitDeps;
  complaintDeps: FileComplaintDeps;
  send: (chatId: number, locale: string, key: string, params?: Record<string, string | number>) => Promise<void>;
}

/**
 * The resident chat bot as a carelink process: HTTP (webhook, operator API, health, metrics), Kafka
 * consumer (progress pushes), BullMQ worker (application retries) and the Telegram loop.
 * `runtime()` exposes the bot for tests.
 */
export function telegramBotService(
  options: {
    observeUpdate?: (seconds: number) => void;
    /** Fetches a voice note's bytes; default: the Bot API's getFile (which the local emulator lacks). */
    downloadVoice?: (fileId: string) => Promise<{ bytes: Buffer; contentType: string }>;
  } = {},
): ServiceDefinition<BotConfig> & { runtime: () => BotRuntime } {
  let runtime: BotRuntime | undefined;
  const get = () => {
    if (!runtime) throw new Error('the bot is not prepared yet');
    return runtime;
  };

  const prepare = async (ctx: ServiceContext<BotConfig>) => {
    const { config } = ctx;
    const pack = ctx.policies.get(config.REGION);
    if (!pack) throw new Error(`REGION: no policy pack for ${config.REGION}`);
    const redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
    // The blind index of FieldCipher is not used here: one key serves both.
    const cipher = new FieldCipher(config.BOT_DATA_KEY, config.BOT_DATA_KEY);
    const directory = new ChatDirectory(redis, config.REDIS_PREFIX, cipher);
    const operators = new OperatorQueue(redis, config.REDIS_PREFIX, cipher);
    const token = channelToken(pack, config.JWT_SECRET);
    const intake = new IntakeClient(config.INTAKE_URL, token);
    const complaints = new ComplaintsClient(config.COMPLAINTS_URL, token);
    const book = new ApplicationBook(redis, config.REDIS_PREFIX, cipher);

    let emulator: TelegramServer | undefined;
    let apiRoot = config.TELEGRAM_API_ROOT;
    if (!apiRoot && config.LOCAL_TELEGRAM_PORT > 0) {
      emulator = new TelegramServer({ port: config.LOCAL_TELEGRAM_PORT, host: config.HOST, storeTimeout: 3600 });
      await emulator.start();
      apiRoot = emulator.config.apiURL;
      ctx.logger.info({ apiRoot }, 'local Telegram Bot API emulator started');
    }

    const updateSeconds = new Histogram({
      name: 'carelink_bot_update_duration_seconds',
      help: 'Server time spent on one Telegram update',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [ctx.metrics.registry],
    });

    const downloadFromBotApi = async (fileId: string) => {
      const file = await runtime!.bot.api.getFile(fileId);
      const res = await fetch(
        `${apiRoot ?? 'https://api.telegram.org'}/file/bot${config.TELEGRAM_BOT_TOKEN}/${file.file_path}`,
      );
      if (!res.ok) throw new Error(`downloading the voice note failed: ${res.status}`);
      return { bytes: Buffer.from(await res.arrayBuffer()), contentType: 'audio/ogg' };
    };
    const downloadVoice = options.downloadVoice ?? downloadFromBotApi;
    const submitDeps: SubmitDeps = {
      region: pack.region,
      book,
      intake,
      directory,
      downloadVoice,
      warn: (obj, message) => ctx.logger.warn(obj, message),
      retryLater: (applicationId) =>
        ctx.jobs.schedule('submit-application', `application-${applicationId}`, { applicationId }, undefined, {
          attempts: 15,
        }),
    };

    const complaintDeps: FileComplaintDeps = {
      book: new ComplaintBook(redis, config.REDIS_PREFIX, cipher),
      complaints,
      directory,
      downloadVoice,
      retryLater: (filingId) =>
        ctx.jobs.schedule('file-complaint', `complaint-${filingId}`, { filingId }, undefined, { attempts: 15 }),
    };
    const { bot, i18n } = createBot(config.TELEGRAM_BOT_TOKEN, {
      pack,
      redis,
      cipher,
      prefix: config.REDIS_PREFIX,
      directory,
      intake,
      complaints,
      operators,
      logger: ctx.logger,
      apiRoot,
      rateLimit: { limit: config.RATE_LIMIT_PER_WINDOW, windowMs: config.RATE_LIMIT_WINDOW_MS },
      observeUpdate: (s) => {
        updateSeconds.observe(s);
        options.observeUpdate?.(s);
      },
      updateNamespace: emulator ? `local-${Date.now()}-` : undefined,
      submit: (application) => submitApplication(application, submitDeps),
      fileComplaint: async (chatId, filing, voiceFileId) =>
        fileComplaint({ filingId: uuidv7(), chatId, filing, ...(voiceFileId ? { voiceFileId } : {}) }, complaintDeps),
    });
    const send = async (chatId: number, locale: string, key: string, params: Record<string, string | number> = {}) => {
      await bot.api.sendMessage(chatId, i18n.t(locale, key, params), {
        reply_markup: mainMenuIn(i18n as unknown as I18n, locale),
      });
    };
    runtime = { bot, i18n, redis, pack, directory, operators, emulator, apiRoot, submitDeps, complaintDeps, send };
  };

  return {
    name: 'telegram-bot',
    outboxCollections: [],
    runtime: get,
    prepare,
    jobs: () => ({
      'file-complaint': async (job) => {
        const r = get();
        try {
          const { pending, filed, fresh } = await fileOnce(String(job.data.filingId), r.complaintDeps);
          if (fresh) {
            const locale = (await r.directory.locale(pending.chatId)) ?? regionLanguages(r.pack).defaultLanguage;
            await r.send(pending.chatId, locale, 'complain-received', { complaintNumber: filed.complaintNumber });
          }
        } catch (err) {
          if (err instanceof Refused) {
            const pending = await r.complaintDeps.book.find(String(job.data.filingId));
            if (pending) {
              const locale = (await r.directory.locale(pending.chatId)) ?? regionLanguages(r.pack).defaultLanguage;
              await r.send(pending.chatId, locale, 'complain-failed');
            }
            return;
          }
          throw err;
        }
      },
      'submit-application': async (job) => {
        const r = get();
        const defaultLocale = regionLanguages(r.pack).defaultLanguage;
        try {
          const { application, registration } = await registerOnce(String(job.data.applicationId), r.submitDeps);
          if (await r.directory.firstTime(`registered:${registration.caseId}`)) {
            const locale = (await r.directory.locale(application.chatId)) ?? defaultLocale;
            await r.send(
              application.chatId,
              locale,
              registration.status === 'merged' ? 'apply-merged' : 'apply-registered',
              {
                caseNumber: registration.caseNumber,
              },
            );
          }
        } catch (err) {
          if (err instanceof Refused) {
            const application = await r.submitDeps.book.find(String(job.data.applicationId));
            if (application) {
              const locale = (await r.directory.locale(application.chatId)) ?? defaultLocale;
              await r.send(application.chatId, locale, 'apply-rejected', { reason: err.messageZh });
            }
            return;
          }
          if (err instanceof Unavailable) throw err;
          throw err;
        }
      },
    }),
    subscriptions: () => {
      const r = get();
      return botSubscriptions({
        pack: r.pack,
        directory: r.directory,
        defaultLocale: regionLanguages(r.pack).defaultLanguage,
        send: r.send,
        askRating: async (chatId, locale, complaintId) => {
          const kb = new InlineKeyboard();
          for (let score = 1; score <= 5; score++) kb.text(`${score} ⭐`, `rate:${complaintId}:${score}`);
          await r.bot.api.sendMessage(chatId, r.i18n.t(locale, 'complain-rate'), { reply_markup: kb });
        },
      });
    },
    onStart: async (ctx) => {
      const r = get();
      await r.bot.init();
      const { languages, defaultLanguage } = regionLanguages(r.pack);
      try {
        await r.bot.api.setMyCommands(commandList(r.i18n, defaultLanguage));
        for (const l of languages)
          await r.bot.api.setMyCommands(commandList(r.i18n, l), {
            language_code: (l === 'zh' ? undefined : l) as 'en' | undefined,
          });
      } catch (err) {
        // The local emulator does not implement setMyCommands; Telegram does.
        ctx.logger.warn({ err: (err as Error).message }, 'registering the command list failed');
      }
      if (ctx.config.BOT_MODE === 'webhook') {
        if (ctx.config.WEBHOOK_URL)
          await r.bot.api.setWebhook(ctx.config.WEBHOOK_URL, { secret_token: ctx.config.WEBHOOK_SECRET });
      } else {
        r.stopPolling = pollUpdates(r.bot, ctx.logger, { idleMs: r.emulator ? 150 : 0 });
      }
    },
    routes: (app, ctx) => {
      const r = get();
      botRoutes(app, {
        bot: r.bot,
        i18n: r.i18n,
        operators: r.operators,
        region: r.pack.region,
        audit: new AuditTrail(ctx.connection),
        webhookSecret: ctx.config.WEBHOOK_SECRET,
      });
    },
    onStop: async () => {
      const r = get();
      await r.stopPolling?.();
      await r.emulator?.stop();
      await r.redis.quit().catch(() => undefined);
    },
  };
}

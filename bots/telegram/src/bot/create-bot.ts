import { autoRetry } from '@grammyjs/auto-retry';
import { conversations } from '@grammyjs/conversations';
import { I18n } from '@grammyjs/i18n';
import { limit } from '@grammyjs/ratelimiter';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { PolicyPack } from '@carelink/policy';
import type { FieldCipher } from '@carelink/store';
import { inSpan, type Logger } from '@carelink/telemetry';
import { Bot, type BotConfig as GrammyConfig } from 'grammy';
import type { Redis } from 'ioredis';
import { join } from 'node:path';
import { regionLanguages } from '../domain/resident-answers';
import type { ChatDirectory } from '../data-access/chat-directory';
import type { ComplaintsClient } from '../data-access/complaints-client';
import type { OperatorQueue } from '../data-access/operator-queue';
import { SealedStorage } from '../data-access/sealed-storage';
import type { VisitConfirmations } from '../domain/visit-confirmation/visit-confirmation';
import type { BotContext, ResidentContext } from './context';
import { mountRegionalFeatures, sorry, type BotFeature } from './feature';
import { applyFeature, type ApplyDeps } from './features/apply';
import { complaintFeature, type ComplainDeps } from './features/complain';
import { confirmVisitFeature } from './features/confirm-visit';
import { fallbackFeature } from './features/fallbacks';
import { handoverFeature } from './features/handover';
import { helpFeature } from './features/help';
import { languageFeature } from './features/language';
import { menuFeature } from './features/menu';
import { neighbourAlertsFeature, type NeighbourAlertsDeps } from './features/neighbour-alerts';
import { workerVisitsFeature, type WorkerVisitsDeps } from './features/worker-visits';
import { progressFeature, type MyRequestsDeps } from './features/my-requests';
import { chatRegion, regionFeature } from './features/region';

export const LOCALES_DIR = join(__dirname, '../../locales');

/** A region the bot serves, with the service clients that act for it (its adapter token). */
export interface RegionDesk {
  pack: PolicyPack;
  intake: MyRequestsDeps['intake'];
  complaints: ComplaintsClient;
}

export interface BotDeps {
  /** The bot's default region: a chat is in it until it chooses (and the only one, without `otherRegions`). */
  pack: PolicyPack;
  redis: Redis;
  /** Seals the stored conversations (they hold ID numbers and phones). */
  cipher: FieldCipher;
  /** Prefix of the bot's Redis keys. */
  prefix: string;
  directory: ChatDirectory;
  /** Intake's look-ups for 查询进度 (a one-time code texted to the phone on file, then the requests). */
  intake: MyRequestsDeps['intake'];
  complaints: ComplaintsClient;
  /**
   * A provider's name in a region (the referral service's directory, read with the bot's token of that region),
   * for the visits a complaint can be about: each region's chats ask in their region.
   */
  providerName: (providerId: string, region: string) => Promise<string | undefined>;
  operators: OperatorQueue;
  submit: ApplyDeps['submit'];
  fileComplaint: ComplainDeps['file'];
  logger: Logger;
  apiRoot?: string;
  rateLimit: { limit: number; windowMs: number };
  /** Server time of each handled update, for metrics and the benchmark. */
  observeUpdate?: (seconds: number) => void;
  /** Namespace of update-id dedupe (the local emulator restarts its ids at every start). */
  updateNamespace?: string;
  /**
   * The other regions the bot serves: a resident chooses the region at /start (or by a deep link); each
   * region's chats meet features built on its own pack and clients. `intake`, `complaints` above are the
   * default region's.
   */
  otherRegions?: RegionDesk[];
  /**
   * provider-scheduling's confirmations of visits (each region's with its token): a resident confirms a visit
   * with the worker's one-time code, or disputes it. Without it, the bot offers no confirmation.
   */
  confirmations?: VisitConfirmations;
  /** Doorbell alerts for neighbours and village coordinators (chat links, [我去看看]); none: not offered. */
  neighbourAlerts?: NeighbourAlertsDeps;
  /** Workers' own chats (link with `/worker wk-…`, `/today`); none: not offered. */
  workerVisits?: WorkerVisitsDeps;
}

export const COMMANDS = [
  'start',
  'apply',
  'status',
  'complain',
  'confirm',
  'human',
  'language',
  'region',
  'help',
  'today',
  'cancel',
] as const;

/** The translations, Fluent files per locale; the resident's language is kept per chat in Redis. */
export function createI18n(directory: Pick<ChatDirectory, 'locale'>, defaultLocale: string): I18n<ResidentContext> {
  return new I18n<ResidentContext>({
    defaultLocale,
    directory: LOCALES_DIR,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: async (ctx) => (ctx.chat ? await directory.locale(ctx.chat.id) : undefined) ?? defaultLocale,
  });
}

/**
 * The resident bot: grammY with conversations stored in Redis, translations (zh, ug, en), a rate limit,
 * auto-retry of Bot API calls, update dedupe, and one Composer per feature, each behind its own error
 * boundary (a failing feature says sorry and is logged; the others keep working).
 * `start()` (polling or webhook) is separate, so tests drive it against the emulator.
 */
export function createBot(token: string, deps: BotDeps): { bot: Bot<BotContext>; i18n: I18n<ResidentContext> } {
  const { defaultLanguage } = regionLanguages(deps.pack);
  const desks: RegionDesk[] = [
    { pack: deps.pack, intake: deps.intake, complaints: deps.complaints },
    ...(deps.otherRegions ?? []),
  ];
  const client: GrammyConfig<BotContext>['client'] = deps.apiRoot ? { apiRoot: deps.apiRoot } : {};
  const bot = new Bot<BotContext>(token, { client });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10 }));
  const i18n = createI18n(deps.directory, defaultLanguage);

  // Each update in its own span: what is logged while handling it carries its trace.
  bot.use((ctx, next) =>
    inSpan('telegram update', { attributes: { 'telegram.update_id': ctx.update.update_id } }, async () => {
      const started = performance.now();
      try {
        await next();
      } finally {
        deps.observeUpdate?.((performance.now() - started) / 1000);
      }
    }),
  );
  bot.use(async (ctx, next) => {
    const scope = `${deps.updateNamespace ?? ''}${ctx.me.id}`;
    if (!(await deps.directory.firstDelivery(scope, ctx.update.update_id))) return;
    await next();
  });
  const regionChoice = { regions: desks.map((d) => d.pack), directory: deps.directory };
  bot.use(chatRegion(regionChoice));
  bot.use(i18n);
  bot.use(
    limit<BotContext, Redis>({
      timeFrame: deps.rateLimit.windowMs,
      limit: deps.rateLimit.limit,
      storageClient: deps.redis,
      keyPrefix: `${deps.prefix}ratelimit:`,
      onLimitExceeded: async (ctx) => {
        await ctx.reply(ctx.t('rate-limited')).catch(() => undefined);
      },
      keyGenerator: (ctx) => ctx.from?.id.toString(),
    }),
  );
  // Conversation state of every chat, loaded before the features and saved after them.
  bot.use(
    conversations<BotContext, BotContext>({
      storage: {
        type: 'key',
        adapter: new SealedStorage(new RedisAdapter<string>({ instance: deps.redis, ttl: 7 * 24 * 3600 }), deps.cipher),
        prefix: `${deps.prefix}conversation:`,
        getStorageKey: (ctx) => ctx.chat?.id.toString(),
      },
    }),
  );

  // In this order: a chat handed over to an operator relays before anything else; a conversation in progress
  // takes its answers before any menu; what no feature takes gets a kind answer.
  // Each region's chats meet features built on the region's pack and clients (`desk`).
  const featuresOf = (desk: RegionDesk): BotFeature[] => [
    handoverFeature({ operators: deps.operators, region: desk.pack.region }),
    applyFeature({ pack: desk.pack, submit: deps.submit }, i18n),
    complaintFeature(
      {
        pack: desk.pack,
        file: deps.fileComplaint,
        chats: deps.directory,
        cases: deps.directory,
        providerName: (providerId) => deps.providerName(providerId, desk.pack.region),
        rate: (complaintId, score) => desk.complaints.rate(complaintId, score),
        logger: deps.logger,
      },
      i18n,
    ),
    ...(deps.confirmations
      ? [confirmVisitFeature({ pack: desk.pack, confirmations: deps.confirmations, chats: deps.directory }, i18n)]
      : []),
    menuFeature(),
    progressFeature({ directory: deps.directory, intake: desk.intake, pack: desk.pack }, i18n),
    languageFeature({ languages: regionLanguages(desk.pack).languages, directory: deps.directory }),
    fallbackFeature({ directory: deps.directory }),
  ];
  mountRegionalFeatures(
    bot,
    {
      // Choosing the region and /help serve every chat, also one that has not chosen its region yet.
      shared: [
        ...(deps.neighbourAlerts ? [neighbourAlertsFeature(deps.neighbourAlerts)] : []),
        ...(deps.workerVisits ? [workerVisitsFeature(deps.workerVisits)] : []),
        helpFeature(),
        regionFeature(regionChoice),
      ],
      byRegion: Object.fromEntries(desks.map((desk) => [desk.pack.region, featuresOf(desk)])),
      regionOf: (ctx) => ctx.region,
    },
    deps.logger,
  );

  // The last resort, for a failure outside the features (Redis down for the dedupe or the rate limit …).
  bot.catch(sorry('bot', deps.logger));
  return { bot, i18n };
}

/** Command list for the Telegram menu, in each language. */
export function commandList(i18n: I18n<ResidentContext>, locale: string) {
  const describe: Record<(typeof COMMANDS)[number], string> = {
    start: 'back-to-menu',
    apply: 'menu-apply',
    status: 'menu-status',
    complain: 'menu-complain',
    confirm: 'menu-confirm-visit',
    human: 'menu-human',
    language: 'menu-language',
    region: 'menu-region',
    help: 'menu-help',
    today: 'worker-menu-today',
    cancel: 'cancel',
  };
  return COMMANDS.map((command) => ({
    command,
    description: i18n
      .t(locale, describe[command])
      .replace(/^[^\p{L}]+/u, '')
      .slice(0, 256),
  }));
}

/**
 * Registers the command list with the Bot API, in the default region's default language and in each language
 * of the regions served (`packs`, the default first).
 */
export async function registerCommands(
  bot: Bot<BotContext>,
  i18n: I18n<ResidentContext>,
  packs: PolicyPack | PolicyPack[],
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  const served = Array.isArray(packs) ? packs : [packs];
  const { defaultLanguage } = regionLanguages(served[0]!);
  const languages = [...new Set(served.flatMap((p) => regionLanguages(p).languages))];
  try {
    await bot.api.setMyCommands(commandList(i18n, defaultLanguage));
    for (const l of languages)
      await bot.api.setMyCommands(commandList(i18n, l), {
        language_code: (l === 'zh' ? undefined : l) as 'en' | undefined,
      });
  } catch (err) {
    // The local emulator does not implement setMyCommands; Telegram does.
    logger.warn({ err: (err as Error).message }, 'registering the command list failed');
  }
}

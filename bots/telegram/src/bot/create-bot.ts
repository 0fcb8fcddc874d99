import { autoRetry } from '@grammyjs/auto-retry';
import { conversations, createConversation } from '@grammyjs/conversations';
import { I18n } from '@grammyjs/i18n';
import { limit } from '@grammyjs/ratelimiter';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { PolicyPack } from '@carelink/policy';
import type { FieldCipher } from '@carelink/store';
import type { Logger } from '@carelink/telemetry';
import { Bot, InlineKeyboard, type BotConfig as GrammyConfig } from 'grammy';
import type { Redis } from 'ioredis';
import { join } from 'node:path';
import { isOwnContact, readContactPhone, regionLanguages } from '../domain/resident-answers';
import type { ChatDirectory } from '../data-access/chat-directory';
import { SealedStorage } from '../data-access/sealed-storage';
import type { ComplaintsClient } from '../data-access/complaints-client';
import type { IntakeClient } from '../data-access/intake-client';
import type { OperatorQueue } from '../data-access/operator-queue';
import type { BotContext, ResidentContext } from './context';
import { applyConversation, type ApplyDeps } from './features/apply';
import { complainConversation, type ComplainDeps } from './features/complain';
import { showMyRequests } from './features/my-requests';
import { mainMenu, shareContact } from './keyboards';

export const LOCALES_DIR = join(__dirname, '../../locales');

export interface BotDeps {
  pack: PolicyPack;
  redis: Redis;
  /** Seals the stored conversations (they hold ID numbers and phones). */
  cipher: FieldCipher;
  /** Prefix of the bot's Redis keys. */
  prefix: string;
  directory: ChatDirectory;
  intake: IntakeClient;
  complaints: ComplaintsClient;
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
}

export const COMMANDS = ['start', 'apply', 'status', 'complain', 'human', 'language', 'cancel'] as const;

/** The translations, Fluent files per locale; the resident's language is kept per chat in Redis. */
export function createI18n(directory: ChatDirectory, defaultLocale: string): I18n<ResidentContext> {
  return new I18n<ResidentContext>({
    defaultLocale,
    directory: LOCALES_DIR,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: async (ctx) => (ctx.chat ? await directory.locale(ctx.chat.id) : undefined) ?? defaultLocale,
  });
}

/**
 * The resident bot: grammY with conversations stored in Redis, translations (zh, ug, en), a rate limit,
 * auto-retry of Bot API calls, update dedupe, operator hand-over, and kind answers to anything unexpected.
 * `start()` (polling or webhook) is separate, so tests drive it against the emulator.
 */
export function createBot(token: string, deps: BotDeps): { bot: Bot<BotContext>; i18n: I18n<ResidentContext> } {
  const { languages, defaultLanguage } = regionLanguages(deps.pack);
  const client: GrammyConfig<BotContext>['client'] = deps.apiRoot ? { apiRoot: deps.apiRoot } : {};
  const bot = new Bot<BotContext>(token, { client });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10 }));
  const i18n = createI18n(deps.directory, defaultLanguage);

  bot.use(async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      deps.observeUpdate?.((performance.now() - started) / 1000);
    }
  });
  bot.use(async (ctx, next) => {
    const scope = `${deps.updateNamespace ?? ''}${ctx.me.id}`;
    if (!(await deps.directory.firstDelivery(scope, ctx.update.update_id))) return;
    await next();
  });
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

  // A chat handed over to an operator: everything the resident writes goes to the operator's transcript.
  bot.use(async (ctx, next) => {
    const chatId = ctx.chat?.id;
    const text = ctx.message?.text;
    if (chatId === undefined || !ctx.message) return next();
    const handover = await deps.operators.handover(chatId);
    if (!handover) return next();
    if (text === ctx.t('human-end') || text === '/start' || text === '/cancel') {
      await deps.operators.close(chatId);
      await ctx.reply(ctx.t('human-ended'), { reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
      return;
    }
    await deps.operators.append(chatId, {
      from: 'resident',
      text: text ?? (ctx.message.voice ? '[voice]' : '[non-text message]'),
      at: new Date().toISOString(),
    });
    await ctx.reply(ctx.t('human-relayed'));
  });

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
  bot.use(
    createConversation<BotContext, ResidentContext>(applyConversation({ pack: deps.pack, submit: deps.submit }), {
      id: 'apply',
      plugins: [i18n],
    }),
  );
  bot.use(
    createConversation<BotContext, ResidentContext>(
      complainConversation({ pack: deps.pack, file: deps.fileComplaint }),
      {
        id: 'complain',
        plugins: [i18n],
      },
    ),
  );

  const menu = (ctx: BotContext) => ({ reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
  const is = (key: string) => (ctx: BotContext) => ctx.message?.text === ctx.t(key);

  const welcome = async (ctx: BotContext) => {
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t('welcome', { region: deps.pack.name.zh }), menu(ctx));
  };
  const startApply = async (ctx: BotContext) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('apply');
  };
  const startComplaint = async (ctx: BotContext) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('complain');
  };
  const status = (ctx: BotContext) => showMyRequests(ctx, deps);
  const human = async (ctx: BotContext) => {
    await ctx.conversation.exitAll();
    await deps.operators.request(ctx.chat!.id, await ctx.i18n.getLocale(), new Date());
    await ctx.reply(ctx.t('human-queued'), {
      reply_markup: { keyboard: [[{ text: ctx.t('human-end') }]], resize_keyboard: true },
    });
  };
  const chooseLanguage = async (ctx: BotContext) => {
    const names: Record<string, string> = { zh: '中文', ug: 'ئۇيغۇرچە', en: 'English' };
    const kb = new InlineKeyboard();
    for (const l of languages) kb.text(names[l] ?? l, `lang:${l}`);
    await ctx.reply(ctx.t('choose-language'), { reply_markup: kb });
  };

  bot.command('start', welcome);
  bot.command('cancel', async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t('cancelled'), menu(ctx));
  });
  bot.command('apply', startApply);
  bot.command('status', status);
  bot.command('complain', startComplaint);
  bot.command('human', human);
  bot.command('language', chooseLanguage);
  bot.filter(is('menu-apply'), startApply);
  bot.filter(is('menu-status'), status);
  bot.filter(is('menu-complain'), startComplaint);
  bot.filter(is('menu-human'), human);
  bot.filter(is('menu-language'), chooseLanguage);

  bot.callbackQuery(/^lang:(zh|ug|en)$/, async (ctx) => {
    const locale = ctx.match[1]!;
    await ctx.answerCallbackQuery();
    if (!languages.includes(locale)) return;
    await deps.directory.setLocale(ctx.chat!.id, locale);
    await ctx.i18n.renegotiateLocale();
    await ctx.reply(ctx.t('language-set'), menu(ctx));
  });
  bot.callbackQuery(/^rate:([^:]+):([1-5])$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const complaintId = ctx.match[1]!;
    // Callback data can be forged: only the chat the complaint was filed from rates it.
    if (ctx.chat === undefined || (await deps.directory.chatOfComplaint(complaintId)) !== ctx.chat.id)
      return void (await ctx.reply(ctx.t('complain-rate-not-yours'), menu(ctx)));
    try {
      await deps.complaints.rate(complaintId, Number(ctx.match[2]));
      await ctx.reply(ctx.t('complain-rated'), menu(ctx));
    } catch (err) {
      deps.logger.warn({ err }, 'rating a complaint failed');
      await ctx.reply(ctx.t('complain-failed'), menu(ctx));
    }
  });
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());

  // A contact shared outside the application: look the requests up with it, if it is the resident's own.
  bot.on('message:contact', async (ctx) => {
    if (!isOwnContact(ctx.message.contact, ctx.from.id))
      return void (await ctx.reply(ctx.t('contact-not-own'), { reply_markup: shareContact((k, p) => ctx.t(k, p)) }));
    const phone = readContactPhone(ctx.message.contact.phone_number);
    if (!phone) return void (await ctx.reply(ctx.t('apply-phone-invalid'), menu(ctx)));
    await deps.directory.setPhone(ctx.chat.id, phone);
    await showMyRequests(ctx, deps, phone);
  });
  bot.on('message:sticker', (ctx) => ctx.reply(ctx.t('fallback-sticker'), menu(ctx)));
  bot.on(['message:photo', 'message:document', 'message:video', 'message:voice', 'message:audio'], (ctx) =>
    ctx.reply(ctx.t('fallback-photo'), menu(ctx)),
  );
  bot.on('edited_message', (ctx) => ctx.reply(ctx.t('fallback-edited')));
  bot.on('message::bot_command', (ctx) => ctx.reply(ctx.t('fallback-unknown-command'), menu(ctx)));
  bot.on('message', (ctx) => ctx.reply(ctx.t('fallback-text'), menu(ctx)));

  bot.catch(async (err) => {
    deps.logger.error({ err: err.error, updateId: err.ctx.update.update_id }, 'handling an update failed');
    await err.ctx.reply(err.ctx.t?.('error-sorry') ?? '抱歉，刚才出了点问题。').catch(() => undefined);
  });
  return { bot, i18n };
}

/** Command list for the Telegram menu, in each language. */
export function commandList(i18n: I18n<ResidentContext>, locale: string) {
  const describe: Record<(typeof COMMANDS)[number], string> = {
    start: 'back-to-menu',
    apply: 'menu-apply',
    status: 'menu-status',
    complain: 'menu-complain',
    human: 'menu-human',
    language: 'menu-language',
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

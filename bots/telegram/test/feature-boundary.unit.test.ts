import { Bot, Composer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { BotContext } from '../src/bot/context';
import { createI18n } from '../src/bot/create-bot';
import { mountFeatures, type BotFeature } from '../src/bot/feature';

const me = { id: 1, is_bot: true, first_name: 'carelink', username: 'carelink_bot' } as UserFromGetMe;

let updateId = 0;
const text = (chatId: number, body: string): Update => ({
  update_id: ++updateId,
  message: {
    message_id: updateId,
    date: 0,
    chat: { id: chatId, type: 'private', first_name: '居民' },
    from: { id: chatId, is_bot: false, first_name: '居民' },
    text: body,
    ...(body.startsWith('/') ? { entities: [{ type: 'bot_command' as const, offset: 0, length: body.length }] } : {}),
  },
});

/** A bot whose Bot API calls are kept instead of sent; features mounted as the real bot mounts them. */
function botWith(features: BotFeature[], options: { locale?: string } = {}) {
  const bot = new Bot<BotContext>('test-token', { botInfo: me });
  const said: { chatId: number; text: string }[] = [];
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as { chat_id: number; text: string };
    if (method === 'sendMessage') said.push({ chatId: p.chat_id, text: p.text });
    return {
      ok: true,
      result: { message_id: 1, date: 0, chat: { id: p.chat_id, type: 'private' }, text: p.text },
    } as never;
  });
  if (options.locale) bot.use(createI18n({ locale: async () => options.locale }, 'zh'));
  const logged: Record<string, unknown>[] = [];
  mountFeatures(bot, features, { error: (obj: Record<string, unknown>) => void logged.push(obj) } as never);
  const uncaught: unknown[] = [];
  bot.catch((err) => void uncaught.push(err.error));
  return { bot, said, logged, uncaught };
}

function feature(name: string, build: (c: Composer<BotContext>) => void, holding?: BotFeature['holding']): BotFeature {
  const entries = new Composer<BotContext>();
  build(entries);
  return { name, entries, ...(holding ? { holding } : {}) };
}

const broken = feature('progress', (c) =>
  c.command('status', () => {
    throw new Error('intake client blew up');
  }),
);
const working = feature('menu', (c) => c.command('start', (ctx) => ctx.reply('欢迎')));
const fallback = feature('fallback', (c) => c.on('message', (ctx) => ctx.reply('请点下面的按钮')));

describe('one error boundary per feature', () => {
  it('a failing feature says sorry in Chinese, is logged with its name and update, and goes no further', async () => {
    const { bot, said, logged, uncaught } = botWith([broken, working, fallback]);
    await bot.handleUpdate(text(42, '/status'));
    expect(said).toEqual([{ chatId: 42, text: expect.stringMatching(/^抱歉，刚才出了点问题/) }]);
    expect(logged).toEqual([
      expect.objectContaining({
        feature: 'progress',
        updateId,
        err: expect.objectContaining({ message: 'intake client blew up' }),
      }),
    ]);
    // Caught at the feature: nothing reaches the bot's last-resort handler, and the fallback did not answer too.
    expect(uncaught).toEqual([]);
  });

  it('the other features keep working, for the same resident and for others', async () => {
    const { bot, said } = botWith([broken, working, fallback]);
    await bot.handleUpdate(text(42, '/status'));
    await bot.handleUpdate(text(42, '/start'));
    await bot.handleUpdate(text(43, '你好'));
    expect(said.map((s) => [s.chatId, s.text.slice(0, 4)])).toEqual([
      [42, '抱歉，刚'],
      [42, '欢迎'],
      [43, '请点下面'],
    ]);
  });

  it('a feature that holds a resident fails alone: its sorry for the held chat, the others’ entries for the rest', async () => {
    const holding = feature(
      'apply',
      () => undefined,
      async (ctx, next) => {
        if (ctx.chat?.id === 7) throw new Error('conversation replay failed');
        await next();
      },
    );
    const { bot, said, logged } = botWith([holding, working, fallback]);
    await bot.handleUpdate(text(7, '张桂兰'));
    await bot.handleUpdate(text(8, '/start'));
    expect(said.map((s) => [s.chatId, s.text.slice(0, 4)])).toEqual([
      [7, '抱歉，刚'],
      [8, '欢迎'],
    ]);
    expect(logged.map((l) => l.feature)).toEqual(['apply']);
  });

  it('says sorry in the resident’s language once translations are at hand', async () => {
    const { bot, said } = botWith([broken], { locale: 'en' });
    await bot.handleUpdate(text(42, '/status'));
    expect(said).toEqual([
      { chatId: 42, text: 'Sorry, something went wrong. Please try again, or tap "Talk to a person".' },
    ]);
  });

  it('runs every holding before any entries, in the order given', async () => {
    const order: string[] = [];
    const track = (name: string): BotFeature => ({
      name,
      holding: async (_ctx, next) => {
        order.push(`${name} holds?`);
        await next();
      },
      entries: new Composer<BotContext>().use(async (_ctx, next) => {
        order.push(`${name} entries`);
        await next();
      }),
    });
    const { bot } = botWith([track('handover'), track('apply'), track('complaint')]);
    await bot.handleUpdate(text(9, 'hello'));
    expect(order).toEqual([
      'handover holds?',
      'apply holds?',
      'complaint holds?',
      'handover entries',
      'apply entries',
      'complaint entries',
    ]);
  });
});

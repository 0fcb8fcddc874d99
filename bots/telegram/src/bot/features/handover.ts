import { Composer, type MiddlewareFn } from 'grammy';
import type { OperatorQueue } from '../../data-access/operator-queue';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';
import { mainMenu, pressed } from '../keyboards';

/**
 * 👩‍💼 人工服务 as a feature: the menu button and /human put the chat in the hotline operators' queue, in the
 * chat's region (only that region's operators see and take it); while a chat is handed over, what the resident
 * writes goes to the operator's transcript (the operator's replies come through the operator API), and "结束人工"
 * (or /start, /cancel) gives the menu back.
 */
export function handoverFeature(deps: {
  operators: Pick<OperatorQueue, 'request' | 'handover' | 'append' | 'close'>;
  /** The region of the chats this feature serves. */
  region: string;
}): BotFeature {
  const relay: MiddlewareFn<BotContext> = async (ctx, next) => {
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
  };

  const entries = new Composer<BotContext>();
  const human = async (ctx: BotContext) => {
    await ctx.conversation.exitAll();
    await deps.operators.request(ctx.chat!.id, { locale: await ctx.i18n.getLocale(), region: deps.region }, new Date());
    await ctx.reply(ctx.t('human-queued'), {
      reply_markup: { keyboard: [[{ text: ctx.t('human-end') }]], resize_keyboard: true },
    });
  };
  entries.command('human', human);
  entries.filter(pressed('menu-human'), human);
  return { name: 'handover', holding: relay, entries };
}

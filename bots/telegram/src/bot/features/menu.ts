import { Composer } from 'grammy';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';
import { mainMenu } from '../keyboards';

/** /cancel: leave whatever was going on and show the main menu (/start, with its welcome, is the region's). */
export function menuFeature(): BotFeature {
  const entries = new Composer<BotContext>();
  entries.command('cancel', async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t('cancelled'), { reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
  });
  return { name: 'menu', entries };
}

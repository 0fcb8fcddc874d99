import { Composer } from 'grammy';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';
import { mainMenu } from '../keyboards';

/** /start and /cancel: leave whatever was going on and show the main menu (with a welcome on /start). */
export function menuFeature(deps: { regionName: string }): BotFeature {
  const entries = new Composer<BotContext>();
  const menu = (ctx: BotContext) => ({ reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
  entries.command('start', async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t('welcome', { region: deps.regionName }), menu(ctx));
  });
  entries.command('cancel', async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t('cancelled'), menu(ctx));
  });
  return { name: 'menu', entries };
}

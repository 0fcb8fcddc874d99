import { Composer } from 'grammy';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';
import { mainMenu } from '../keyboards';

/**
 * /help: what the bot can do for a resident, in their language, with the menu. Typed in the middle of a
 * conversation, the conversation answers it and asks its question again (conversation-kit).
 */
export function helpFeature(): BotFeature {
  const entries = new Composer<BotContext>();
  entries.command('help', async (ctx) => {
    await ctx.reply(ctx.t('help'), { reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
  });
  return { name: 'help', entries };
}

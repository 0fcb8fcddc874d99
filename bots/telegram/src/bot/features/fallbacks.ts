import { Composer } from 'grammy';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';
import { mainMenu } from '../keyboards';

/**
 * Kind answers to anything no feature took: stickers, photos and files, voice in the wrong place, edits,
 * unknown commands, plain text, stale buttons. Mounted last.
 */
export function fallbackFeature(): BotFeature {
  const entries = new Composer<BotContext>();
  const menu = (ctx: BotContext) => ({ reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
  entries.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  entries.on('message:sticker', (ctx) => ctx.reply(ctx.t('fallback-sticker'), menu(ctx)));
  entries.on(['message:photo', 'message:document', 'message:video', 'message:voice', 'message:audio'], (ctx) =>
    ctx.reply(ctx.t('fallback-photo'), menu(ctx)),
  );
  entries.on('edited_message', (ctx) => ctx.reply(ctx.t('fallback-edited')));
  entries.on('message::bot_command', (ctx) => ctx.reply(ctx.t('fallback-unknown-command'), menu(ctx)));
  entries.on('message', (ctx) => ctx.reply(ctx.t('fallback-text'), menu(ctx)));
  return { name: 'fallback', entries };
}

import { Composer } from 'grammy';
import type { ChatDirectory } from '../../data-access/chat-directory';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';
import { mainMenu, voiceNoteKeyboard } from '../keyboards';

/**
 * Kind answers to anything no feature took: stickers, photos and files, edits, unknown commands, plain text,
 * stale buttons. A voice note at the menu is held, and the resident is asked whether it is a request or a
 * complaint: the chosen conversation starts with it as its description. Mounted last.
 */
export function fallbackFeature(deps: { directory: Pick<ChatDirectory, 'holdVoice' | 'takeVoice'> }): BotFeature {
  const entries = new Composer<BotContext>();
  const menu = (ctx: BotContext) => ({ reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
  entries.on('message:voice', async (ctx) => {
    await deps.directory.holdVoice(ctx.chat.id, ctx.message.voice.file_id);
    await ctx.reply(ctx.t('voice-at-menu'), { reply_markup: voiceNoteKeyboard((k, p) => ctx.t(k, p)) });
  });
  entries.callbackQuery(/^voice:(apply|complain)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const voiceFileId = ctx.chat ? await deps.directory.takeVoice(ctx.chat.id) : undefined;
    if (!voiceFileId) return void (await ctx.reply(ctx.t('voice-gone'), menu(ctx)));
    await ctx.conversation.exitAll();
    if (ctx.match[1] === 'apply') {
      await ctx.reply(ctx.t('voice-taken-request'));
      await ctx.conversation.enter('apply', { voiceFileId });
    } else {
      await ctx.reply(ctx.t('voice-taken-complaint'));
      await ctx.conversation.enter('complain', { voiceFileId });
    }
  });
  entries.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  entries.on('message:sticker', (ctx) => ctx.reply(ctx.t('fallback-sticker'), menu(ctx)));
  entries.on(['message:photo', 'message:document', 'message:video', 'message:audio'], (ctx) =>
    ctx.reply(ctx.t('fallback-photo'), menu(ctx)),
  );
  entries.on('edited_message', (ctx) => ctx.reply(ctx.t('fallback-edited')));
  entries.on('message::bot_command', (ctx) => ctx.reply(ctx.t('fallback-unknown-command'), menu(ctx)));
  entries.on('message', (ctx) => ctx.reply(ctx.t('fallback-text'), menu(ctx)));
  return { name: 'fallback', entries };
}

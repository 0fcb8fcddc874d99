import { Composer } from 'grammy';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';
import { languageKeyboard, mainMenu, pressed } from '../keyboards';

/** 🌐 语言 as a feature: the region's languages as buttons; the choice is kept per chat. */
export function languageFeature(deps: {
  languages: string[];
  directory: { setLocale(chatId: number, locale: string): Promise<void> };
}): BotFeature {
  const entries = new Composer<BotContext>();
  const choose = (ctx: BotContext) =>
    ctx.reply(ctx.t('choose-language'), { reply_markup: languageKeyboard(deps.languages) });
  entries.command('language', choose);
  entries.filter(pressed('menu-language'), choose);
  entries.callbackQuery(/^lang:(zh|ug|en)$/, async (ctx) => {
    const locale = ctx.match[1]!;
    await ctx.answerCallbackQuery();
    if (!deps.languages.includes(locale)) return;
    await deps.directory.setLocale(ctx.chat!.id, locale);
    await ctx.i18n.renegotiateLocale();
    await ctx.reply(ctx.t('language-set'), { reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
  });
  return { name: 'language', entries };
}

import { InlineKeyboard, Keyboard } from 'grammy';
import type { I18n } from '@grammyjs/i18n';
import type { BotContext } from './context';

type T = (key: string, params?: Record<string, string | number>) => string;

/** The main menu, always at hand: big buttons, two per row. */
export function mainMenu(t: T): Keyboard {
  return new Keyboard()
    .text(t('menu-apply'))
    .text(t('menu-status'))
    .row()
    .text(t('menu-complain'))
    .text(t('menu-human'))
    .row()
    .text(t('menu-language'))
    .text(t('menu-region'))
    .row()
    .text(t('menu-confirm-visit'))
    .resized()
    .persistent();
}

/** Whether the message is the button (or its text) of this key, in the resident's language. */
export function pressed(key: string) {
  return (ctx: BotContext): boolean => ctx.message?.text === ctx.t(key);
}

export function mainMenuIn(i18n: I18n, locale: string): Keyboard {
  return mainMenu((key, params) => i18n.t(locale, key, params));
}

/** Choices one per row (long names stay readable), with Cancel (and Skip) at the end. */
export function choices(t: T, labels: string[], extra: { skip?: boolean; done?: boolean } = {}): Keyboard {
  const kb = new Keyboard();
  for (const label of labels) kb.text(label).row();
  if (extra.done) kb.text(t('apply-item-done')).row();
  if (extra.skip) kb.text(t('skip'));
  kb.text(t('cancel'));
  return kb.resized();
}

export function shareContact(t: T): Keyboard {
  return new Keyboard().requestContact(t('apply-share-phone')).row().text(t('cancel')).resized().oneTime();
}

/** 1–5 stars for the outcome of a complaint. */
export function ratingKeyboard(complaintId: string): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (let score = 1; score <= 5; score++) kb.text(`${score} ⭐`, `rate:${complaintId}:${score}`);
  return kb;
}

/** The regions the bot serves, one button each (their Chinese names: how residents know them). */
export function regionKeyboard(regions: { region: string; name: string }[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const r of regions) kb.text(r.name, `region:${r.region}`).row();
  return kb;
}

/** What to do with a voice note sent at the menu: apply with it, or complain with it. */
export function voiceNoteKeyboard(t: T): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('voice-as-request'), 'voice:apply')
    .text(t('voice-as-complaint'), 'voice:complain');
}

/** The region's languages, one button each. */
export function languageKeyboard(languages: string[]): InlineKeyboard {
  const names: Record<string, string> = { zh: '中文', ug: 'ئۇيغۇرچە', en: 'English' };
  const kb = new InlineKeyboard();
  for (const l of languages) kb.text(names[l] ?? l, `lang:${l}`);
  return kb;
}

import { Keyboard } from 'grammy';
import type { I18n } from '@grammyjs/i18n';

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
    .resized()
    .persistent();
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

import type { I18n } from '@grammyjs/i18n';
import type { Api } from 'grammy';
import type { ResidentContext } from './context';
import { mainMenuIn, ratingKeyboard } from './keyboards';

/** Messages the bot sends to a chat by itself (pushes, job results, operator replies), in a given language. */
export interface ResidentMessages {
  /** A message with the main menu under it. */
  send(chatId: number, locale: string, key: string, params?: Record<string, string | number>): Promise<void>;
  /** Asks the resident to rate a complaint's outcome, 1–5. */
  askRating(chatId: number, locale: string, complaintId: string): Promise<void>;
}

export function residentMessages(api: Pick<Api, 'sendMessage'>, i18n: I18n<ResidentContext>): ResidentMessages {
  return {
    send: async (chatId, locale, key, params = {}) => {
      await api.sendMessage(chatId, i18n.t(locale, key, params), {
        reply_markup: mainMenuIn(i18n as unknown as I18n, locale),
      });
    },
    askRating: async (chatId, locale, complaintId) => {
      await api.sendMessage(chatId, i18n.t(locale, 'complain-rate'), { reply_markup: ratingKeyboard(complaintId) });
    },
  };
}

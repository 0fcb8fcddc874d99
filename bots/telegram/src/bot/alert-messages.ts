import type { I18n } from '@grammyjs/i18n';
import { InlineKeyboard, type Api } from 'grammy';
import type { AlertContacts } from '../data-access/alert-contacts';
import type { NeighbourHelpClient } from '../data-access/neighbour-help-client';
import type { AlertFanOutDeps } from '../domain/doorbell-alerts/fan-out';
import type { ResidentContext } from './context';

/**
 * What the doorbell pushes send through the Bot API: the alert in the chat's language, with [我去看看] under it
 * (callback `doorbell:go:<alertId>`, taken by the neighbour-alerts feature).
 */
export function doorbellFanOut(
  api: Pick<Api, 'sendMessage'>,
  i18n: I18n<ResidentContext>,
  deps: {
    contacts: AlertContacts;
    client: Pick<NeighbourHelpClient, 'reportDelivery'>;
    locale: (chatId: number) => Promise<string | undefined>;
    defaultLocale: string;
  },
): AlertFanOutDeps {
  return {
    contacts: deps.contacts,
    locale: deps.locale,
    defaultLocale: deps.defaultLocale,
    sendAlert: async (chatId, locale, key, params, alertId) => {
      await api.sendMessage(
        chatId,
        i18n.t(locale, key, params),
        alertId
          ? { reply_markup: new InlineKeyboard().text(i18n.t(locale, 'doorbell-go'), `doorbell:go:${alertId}`) }
          : {},
      );
    },
    reportDelivery: (alertId, region, report) => deps.client.reportDelivery(alertId, region, report),
  };
}

import type { Conversation, ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';

/** The context inside a conversation: translations, no conversation controls. */
export type ResidentContext = Context & I18nFlavor;
/** The region the chat is in (chosen by the resident, or the bot's only one); unset until chosen. */
export interface RegionFlavor {
  region?: string;
}
/** The context of the bot's middleware: translations, conversation controls and the chat's region. */
export type BotContext = ConversationFlavor<ResidentContext> & RegionFlavor;
export type ResidentConversation = Conversation<BotContext, ResidentContext>;

import type { Conversation, ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';

/** The context inside a conversation: translations, no conversation controls. */
export type ResidentContext = Context & I18nFlavor;
/** The context of the bot's middleware: translations and conversation controls. */
export type BotContext = ConversationFlavor<ResidentContext>;
export type ResidentConversation = Conversation<BotContext, ResidentContext>;

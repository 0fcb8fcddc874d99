import type { Contact, Voice } from 'grammy/types';
import type { Keyboard } from 'grammy';
import type { ResidentContext, ResidentConversation } from './context';
import { mainMenu } from './keyboards';

export type Answer =
  | { kind: 'text'; text: string; ctx: ResidentContext }
  | { kind: 'voice'; voice: Voice; ctx: ResidentContext }
  | { kind: 'contact'; contact: Contact; ctx: ResidentContext };

export interface AskOptions {
  accept?: ('text' | 'voice' | 'contact')[];
  /** Said when the answer is of a kind this step does not take. */
  otherwise?: string;
}

const MENU = [
  'menu-apply',
  'menu-status',
  'menu-complain',
  'menu-human',
  'menu-language',
  'menu-region',
  'menu-confirm-visit',
];

/** A deep link or a typed `/start changji`: a fresh start in the region it names, not an answer. */
const isStartWithRegion = (text: string) => /^\/start\s+\S/.test(text.trim());

export function isCancel(ctx: ResidentContext, text: string): boolean {
  const t = text.trim();
  return t === ctx.t('cancel') || t === '/cancel' || t === '取消' || t.toLowerCase() === 'cancel' || t === '/start';
}

/**
 * Waits for the resident's next answer of an accepted kind; anything else (a sticker, a photo, an edit)
 * gets a kind word and the question stays open. Cancel ends the conversation with the main menu; a main
 * menu button ends it and is handled as pressed.
 */
export async function answer(conversation: ResidentConversation, options: AskOptions = {}): Promise<Answer> {
  const accept = options.accept ?? ['text'];
  for (;;) {
    const ctx = await conversation.wait();
    const msg = ctx.message;
    if (msg?.text !== undefined) {
      if (isCancel(ctx, msg.text)) {
        await ctx.reply(ctx.t('cancelled'), { reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
        return conversation.halt();
      }
      // A main-menu button pressed midway (or a deep link to a region): leave this conversation and do what
      // the button (the link) says.
      if (MENU.some((key) => ctx.t(key) === msg.text) || isStartWithRegion(msg.text))
        return conversation.halt({ next: true });
      if (msg.text.trim() === '/help') {
        await ctx.reply(ctx.t('help-in-conversation'));
        continue;
      }
      if (accept.includes('text')) return { kind: 'text', text: msg.text.trim(), ctx };
    } else if (msg?.voice && accept.includes('voice')) return { kind: 'voice', voice: msg.voice, ctx };
    else if (msg?.contact && accept.includes('contact')) return { kind: 'contact', contact: msg.contact, ctx };
    else if (ctx.editedMessage) {
      await ctx.reply(ctx.t('fallback-edited'));
      continue;
    }
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery().catch(() => undefined);
      continue;
    }
    await ctx.reply(options.otherwise ?? ctx.t('need-text'));
  }
}

/** Asks with buttons and waits until one of them is chosen; returns its index. */
export async function choose(
  conversation: ResidentConversation,
  ctx: ResidentContext,
  question: string,
  labels: string[],
  keyboard: Keyboard,
): Promise<number> {
  await ctx.reply(question, { reply_markup: keyboard });
  for (;;) {
    const a = await answer(conversation, { otherwise: ctx.t('please-use-buttons') });
    if (a.kind !== 'text') continue;
    const i = labels.indexOf(a.text);
    if (i >= 0) return i;
    await a.ctx.reply(ctx.t('please-use-buttons'), { reply_markup: keyboard });
  }
}

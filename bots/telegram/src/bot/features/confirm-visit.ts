import { createConversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import type { PolicyPack } from '@carelink/policy';
import { Composer, InlineKeyboard, type Api } from 'grammy';
import { itemName } from '../../domain/progress-notice';
import type { ResidentChats } from '../../domain/resident-chats';
import { settledToldMark } from '../../domain/visit-confirmation/push-visit-step';
import {
  awaitingOfChat,
  clockTime,
  readConfirmationCode,
  type ChatVisit,
  type VisitConfirmations,
} from '../../domain/visit-confirmation/visit-confirmation';
import { codeOutcomeNotice, disputeOutcomeNotice, spokenDay } from '../../domain/visit-confirmation/visit-step-notices';
import { answer, choose } from '../conversation-kit';
import type { BotContext, ResidentContext, ResidentConversation } from '../context';
import type { BotFeature } from '../feature';
import { choices, mainMenu, pressed } from '../keyboards';

export interface ConfirmVisitDeps {
  pack: PolicyPack;
  /** provider-scheduling's confirmations, with the bot's token of the chat's region. */
  confirmations: VisitConfirmations;
  /** The chat's own cases (whose visits it may confirm), and the mark that the outcome was told. */
  chats: Pick<ResidentChats, 'casesOf' | 'firstTime'>;
}

/** Where a confirmation starts: a visit's button under the checked-out message (code or dispute), or the menu. */
export interface ConfirmStart {
  visitId?: string;
  action?: 'code' | 'dispute';
}

/** The callback data of the buttons under a checked-out message (at most 64 bytes: a visit id fits). */
export const confirmData = {
  code: (visitId: string) => `vc:${visitId}`,
  dispute: (visitId: string) => `vd:${visitId}`,
};

/** The two buttons under "the visit ended": type the code, or say it did not happen. */
export function confirmKeyboard(t: (key: string) => string, visitId: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('visit-button-code'), confirmData.code(visitId))
    .row()
    .text(t('visit-button-dispute'), confirmData.dispute(visitId));
}

/** Longest reason a dispute carries (provider-scheduling keeps at most 500 characters). */
const REASON_MAX = 500;

type T = (k: string, p?: Record<string, string | number>) => string;

/**
 * 确认上门服务 as a conversation: which visit (the one whose button was pressed, else the chat's visits awaiting
 * confirmation, picked when several), then the code the worker told the resident in person (six digits; a wrong
 * one says how many tries are left; the last wrong one, or a closed confirmation, ends it saying why and where to
 * complain), or "it did not happen" with an optional reason. Only visits of the chat's own cases are offered or
 * taken: a button's visit id is checked against them (callback data can be forged).
 */
export function confirmVisitConversation(deps: ConfirmVisitDeps) {
  return async function confirmVisit(
    conversation: ResidentConversation,
    ctx: ResidentContext,
    start: ConfirmStart = {},
  ): Promise<void> {
    const t: T = (k, p) => ctx.t(k, p);
    const menu = { reply_markup: mainMenu(t) };
    const chatId = ctx.chat!.id;
    const region = deps.pack.region;
    const locale = await conversation.external((c) => c.i18n.getLocale());
    const pending = await conversation.external(async () =>
      awaitingOfChat(
        (await deps.chats.casesOf(chatId)).map((c) => c.caseId),
        region,
        deps.confirmations,
      ),
    );
    const label = ({ visit }: ChatVisit) =>
      t('visit-choice', {
        date: spokenDay(visit.scheduledFor, locale),
        time: clockTime(visit.checkedInAt),
        item: itemName(deps.pack, visit.itemCode, locale),
        worker: visit.workerDisplayName,
      });

    let chosen: ChatVisit | undefined;
    if (start.visitId) {
      chosen = pending.find((p) => p.visit.visitId === start.visitId);
      if (!chosen) return void (await ctx.reply(t('visit-confirm-closed'), menu));
    } else if (pending.length === 0) return void (await ctx.reply(t('visit-confirm-none'), menu));
    else if (pending.length === 1) chosen = pending[0]!;
    else {
      const labels = pending.map(label);
      chosen = pending[await choose(conversation, ctx, t('visit-ask-which'), labels, choices(t, labels))]!;
    }
    const { visit } = chosen;

    let action = start.action;
    if (!action) {
      const actions = [t('visit-button-code'), t('visit-button-dispute')];
      const picked = await choose(
        conversation,
        ctx,
        t('visit-ask-action', { visit: label(chosen) }),
        actions,
        choices(t, actions),
      );
      action = picked === 0 ? 'code' : 'dispute';
    }
    // The outcome is told here; the push of visit.verified / visit.disputed then says nothing more.
    const told = () => conversation.external(() => deps.chats.firstTime(settledToldMark(visit.visitId)));

    if (action === 'dispute') {
      await ctx.reply(t('visit-dispute-ask-reason', { visit: label(chosen) }), {
        reply_markup: choices(t, [], { skip: true }),
      });
      const a = await answer(conversation);
      const reason = a.kind === 'text' && a.text !== t('skip') ? a.text.slice(0, REASON_MAX) : undefined;
      const outcome = await conversation.external(() => deps.confirmations.dispute(visit.visitId, region, reason));
      if (outcome.kind === 'disputed') await told();
      const notice = disputeOutcomeNotice(outcome);
      return void (await ctx.reply(t(notice.key, notice.params), menu));
    }

    await ctx.reply(t('visit-code-ask', { visit: label(chosen), attemptsLeft: visit.attemptsLeft }), {
      reply_markup: choices(t, []),
    });
    for (;;) {
      const a = await answer(conversation);
      if (a.kind !== 'text') continue;
      const code = readConfirmationCode(a.text);
      if (!code) {
        await ctx.reply(t('visit-code-format'));
        continue;
      }
      const outcome = await conversation.external(() => deps.confirmations.confirm(visit.visitId, code, region));
      const notice = codeOutcomeNotice(outcome);
      if (outcome.kind === 'wrong_code') {
        await ctx.reply(t(notice.key, notice.params));
        continue;
      }
      if (outcome.kind === 'verified') await told();
      return void (await ctx.reply(t(notice.key, notice.params), menu));
    }
  };
}

/**
 * ✅ 确认上门服务 as a feature: the conversation (held in Redis), and what starts it: the buttons under the
 * checked-out message, the menu button and /confirm (the visits still awaiting confirmation, for a resident who
 * missed the message).
 */
export function confirmVisitFeature(deps: ConfirmVisitDeps, i18n: I18n<ResidentContext>): BotFeature {
  const entries = new Composer<BotContext>();
  const start = async (ctx: BotContext, how: ConfirmStart = {}) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('confirm-visit', how);
  };
  entries.command('confirm', (ctx) => start(ctx));
  entries.filter(pressed('menu-confirm-visit'), (ctx) => start(ctx));
  entries.callbackQuery(/^v([cd]):([A-Za-z0-9_-]{1,60})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await start(ctx, { visitId: ctx.match[2]!, action: ctx.match[1] === 'c' ? 'code' : 'dispute' });
  });
  return {
    name: 'confirm-visit',
    holding: createConversation<BotContext, ResidentContext>(confirmVisitConversation(deps), {
      id: 'confirm-visit',
      plugins: [i18n],
    }),
    entries,
  };
}

/**
 * Sends a visit's checked-out message with its two buttons (the resident's main menu stays below, it is
 * persistent): what a push of visit.checked-out asks with.
 */
export function confirmAsker(api: Pick<Api, 'sendMessage'>, i18n: I18n<ResidentContext>) {
  return async (
    chatId: number,
    locale: string,
    key: string,
    params: Record<string, string | number>,
    visitId: string,
  ): Promise<void> => {
    await api.sendMessage(chatId, i18n.t(locale, key, params), {
      reply_markup: confirmKeyboard((k) => i18n.t(locale, k), visitId),
    });
  };
}

import { createConversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import type { PolicyPack } from '@carelink/policy';
import type { Logger } from '@carelink/telemetry';
import { Composer } from 'grammy';
import { v7 as uuidv7 } from 'uuid';
import type { ComplaintFiling, PendingComplaint } from '../../domain/file-complaint/filing';
import type { Reply, ResidentChats } from '../../domain/resident-chats';
import { answer, choose } from '../conversation-kit';
import type { BotContext, ResidentContext, ResidentConversation } from '../context';
import type { BotFeature } from '../feature';
import { choices, mainMenu, pressed } from '../keyboards';

export interface ComplainDeps {
  pack: PolicyPack;
  /** Keeps and files the complaint (a voice note as an attachment), retrying later when the service is down. */
  file: (pending: PendingComplaint) => Promise<Reply[]>;
}

const TYPES: ComplaintFiling['type'][] = ['eligibility_decision', 'service_quality', 'staff_conduct', 'other'];

/** 投诉建议: about my case, a provider, staff or else; text or voice → the complaints service. */
export function complainConversation(deps: ComplainDeps) {
  return async function complain(conversation: ResidentConversation, ctx: ResidentContext): Promise<void> {
    const t = (k: string, p?: Record<string, string | number>) => ctx.t(k, p);
    const labels = [
      t('complain-about-case'),
      t('complain-about-provider'),
      t('complain-about-staff'),
      t('complain-about-other'),
    ];
    const about = await choose(conversation, ctx, t('complain-ask-about'), labels, choices(t, labels));
    let caseNumber: string | undefined;
    await ctx.reply(t('complain-ask-case'), { reply_markup: choices(t, [], { skip: true }) });
    const c = await answer(conversation);
    if (c.kind === 'text' && c.text !== t('skip')) caseNumber = c.text.toUpperCase().replace(/\s/g, '').slice(0, 40);
    // Without a case number, the township it happened in (a complaint names what it is about).
    let township: string | undefined;
    if (!caseNumber) {
      const counties = deps.pack.jurisdictions;
      const countyNames = counties.map((x) => x.name);
      const county =
        counties[await choose(conversation, ctx, t('apply-ask-county'), countyNames, choices(t, countyNames))]!;
      const townshipNames = county.townships.map((x) => x.name);
      township =
        county.townships[
          await choose(conversation, ctx, t('apply-ask-township'), townshipNames, choices(t, townshipNames))
        ]!.code;
    }
    await ctx.reply(t('complain-ask-text'), { reply_markup: choices(t, []) });
    const said = await answer(conversation, { accept: ['text', 'voice'] });
    const summary = said.kind === 'text' ? said.text.slice(0, 2000) : t('voice-note');
    const voiceFileId = said.kind === 'voice' ? said.voice.file_id : undefined;
    const chatId = ctx.chat!.id;
    const filing: ComplaintFiling = {
      region: deps.pack.region,
      channel: 'chatbot',
      kind: 'complaint',
      type: TYPES[about]!,
      about: caseNumber ? { caseNumber } : { township },
      summary,
      reporter: { name: ctx.from?.first_name },
    };
    const replies = await conversation.external(() =>
      deps.file({ filingId: uuidv7(), chatId, filing, ...(voiceFileId ? { voiceFileId } : {}) }),
    );
    const menu = { reply_markup: mainMenu(t) };
    for (const reply of replies) await ctx.reply(t(reply.key, reply.params), menu);
  };
}

export interface ComplaintFeatureDeps extends ComplainDeps {
  chats: Pick<ResidentChats, 'chatOfComplaint'>;
  /** The complaints service's rating of an outcome (POST /complaints/:id/rating). */
  rate: (complaintId: string, score: number) => Promise<void>;
  logger: Pick<Logger, 'warn'>;
}

/**
 * 📣 投诉建议 as a feature: the conversation, what starts it (the menu button, /complain), and the 1–5
 * rating of a resolved complaint's outcome.
 */
export function complaintFeature(deps: ComplaintFeatureDeps, i18n: I18n<ResidentContext>): BotFeature {
  const entries = new Composer<BotContext>();
  const menu = (ctx: BotContext) => ({ reply_markup: mainMenu((k, p) => ctx.t(k, p)) });
  const start = async (ctx: BotContext) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('complain');
  };
  entries.command('complain', start);
  entries.filter(pressed('menu-complain'), start);
  entries.callbackQuery(/^rate:([^:]+):([1-5])$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const complaintId = ctx.match[1]!;
    // Callback data can be forged: only the chat the complaint was filed from rates it.
    if (ctx.chat === undefined || (await deps.chats.chatOfComplaint(complaintId)) !== ctx.chat.id)
      return void (await ctx.reply(ctx.t('complain-rate-not-yours'), menu(ctx)));
    try {
      await deps.rate(complaintId, Number(ctx.match[2]));
      await ctx.reply(ctx.t('complain-rated'), menu(ctx));
    } catch (err) {
      deps.logger.warn({ err }, 'rating a complaint failed');
      await ctx.reply(ctx.t('complain-failed'), menu(ctx));
    }
  });
  return {
    name: 'complaint',
    holding: createConversation<BotContext, ResidentContext>(complainConversation(deps), {
      id: 'complain',
      plugins: [i18n],
    }),
    entries,
  };
}

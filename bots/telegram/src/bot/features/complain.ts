import { createConversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import type { PolicyPack } from '@carelink/policy';
import type { Logger } from '@carelink/telemetry';
import { Composer } from 'grammy';
import { v7 as uuidv7 } from 'uuid';
import { maskName } from '@carelink/contracts';
import {
  CASES_OFFERED,
  complaintAbout,
  complaintSummary,
  SPOKEN_COMPLAINT,
  VISITS_OFFERED,
  type ComplaintSubject,
} from '../../domain/file-complaint/complaint-subject';
import type { ComplaintFiling, PendingComplaint } from '../../domain/file-complaint/filing';
import { chinaTime, itemName, listOf } from '../../domain/progress-notice';
import type { Reply, ResidentChats } from '../../domain/resident-chats';
import { answer, choose } from '../conversation-kit';
import type { BotContext, ResidentContext, ResidentConversation } from '../context';
import type { BotFeature } from '../feature';
import { choices, mainMenu, pressed } from '../keyboards';

export interface ComplainDeps {
  pack: PolicyPack;
  /** Keeps and files the complaint (a voice note as an attachment), retrying later when the service is down. */
  file: (pending: PendingComplaint) => Promise<Reply[]>;
  /** The chat's own cases (filed here or found by a verified look-up) and the visits of each. */
  cases: Pick<ResidentChats, 'casesOf' | 'visitsOf'>;
  /** A provider's name (the referral service's directory); undefined when it cannot be found. */
  providerName: (providerId: string) => Promise<string | undefined>;
}

/** What starts a complaint besides the menu: a voice note the resident sent at the menu, as what happened. */
export interface ComplainStart {
  voiceFileId?: string;
}

const TYPES: ComplaintFiling['type'][] = ['eligibility_decision', 'service_quality', 'staff_conduct', 'other'];
const ABOUT_PROVIDER = 1;

/**
 * 投诉建议: what it is about (my case, a provider, staff, else); which of the chat's own cases (or a number
 * typed in, or the township), and for a provider which visit of that case; what happened, as text or voice (not
 * asked when the complaint began with a voice note at the menu: that is it); then the complaint as it will be
 * filed, to confirm: nothing is filed without "✅ 确认提交". A voice note goes with the complaint as its recording.
 */
export function complainConversation(deps: ComplainDeps) {
  return async function complain(
    conversation: ResidentConversation,
    ctx: ResidentContext,
    start: ComplainStart = {},
  ): Promise<void> {
    const t = (k: string, p?: Record<string, string | number>) => ctx.t(k, p);
    const chatId = ctx.chat!.id;
    const locale = await conversation.external((c) => c.i18n.getLocale());
    const labels = [
      t('complain-about-case'),
      t('complain-about-provider'),
      t('complain-about-staff'),
      t('complain-about-other'),
    ];
    const about = await choose(conversation, ctx, t('complain-ask-about'), labels, choices(t, labels));
    const subject: ComplaintSubject = {};

    // The chat's own cases to pick from; a number typed in when it is not among them.
    const cases = (await conversation.external(() => deps.cases.casesOf(chatId))).slice(0, CASES_OFFERED);
    let typeNumber = cases.length === 0;
    if (cases.length > 0) {
      const caseLabels = cases.map((c) =>
        t('complain-case-choice', {
          caseNumber: c.caseNumber,
          whose: maskName(c.name),
          items: listOf(
            c.itemCodes.map((code) => itemName(deps.pack, code, locale)),
            locale,
          ),
        }),
      );
      const offered = [...caseLabels, t('complain-case-other'), t('skip')];
      const picked = await choose(
        conversation,
        ctx,
        t('complain-ask-which-case'),
        offered,
        choices(t, [...caseLabels, t('complain-case-other')], { skip: true }),
      );
      if (picked < cases.length) subject.case = cases[picked];
      else typeNumber = picked === cases.length;
    }
    if (typeNumber) {
      await ctx.reply(t('complain-ask-case'), { reply_markup: choices(t, [], { skip: true }) });
      const c = await answer(conversation);
      if (c.kind === 'text' && c.text !== t('skip'))
        subject.typedCaseNumber = c.text.toUpperCase().replace(/\s/g, '').slice(0, 40);
    }

    // About a provider: which visit of the case, where provider-scheduling told of any.
    if (about === ABOUT_PROVIDER && subject.case) {
      const caseId = subject.case.caseId;
      const visits = await conversation.external(async () => {
        const found = (await deps.cases.visitsOf(caseId)).slice(0, VISITS_OFFERED);
        return Promise.all(found.map(async (v) => ({ visit: v, provider: await deps.providerName(v.providerId) })));
      });
      if (visits.length > 0) {
        const visitLabels = visits.map(({ visit, provider }) =>
          t('complain-visit-choice', {
            when: chinaTime(visit.at),
            item: itemName(deps.pack, visit.itemCode, locale),
            provider: provider ?? t('complain-visit-provider-unnamed'),
          }),
        );
        const picked = await choose(
          conversation,
          ctx,
          t('complain-ask-which-visit'),
          [...visitLabels, t('skip')],
          choices(t, visitLabels, { skip: true }),
        );
        if (picked < visits.length) subject.visit = visits[picked]!.visit;
      }
    }

    // Without a case, the township it happened in (a complaint names what it is about).
    let placeName: string | undefined;
    if (!subject.case && !subject.typedCaseNumber) {
      const counties = deps.pack.jurisdictions;
      const countyNames = counties.map((x) => x.name);
      const county =
        counties[await choose(conversation, ctx, t('apply-ask-county'), countyNames, choices(t, countyNames))]!;
      const townshipNames = county.townships.map((x) => x.name);
      const township =
        county.townships[
          await choose(conversation, ctx, t('apply-ask-township'), townshipNames, choices(t, townshipNames))
        ]!;
      subject.township = township.code;
      placeName = `${county.name} ${township.name}`;
    }

    // What happened: the voice note it began with, else asked (typed or spoken).
    let said: { text: string } | { voiceFileId: string };
    if (start.voiceFileId) said = { voiceFileId: start.voiceFileId };
    else {
      await ctx.reply(t('complain-ask-text'), { reply_markup: choices(t, []) });
      const a = await answer(conversation, { accept: ['text', 'voice'] });
      said =
        a.kind === 'voice'
          ? { voiceFileId: a.voice.file_id }
          : { text: a.kind === 'text' ? a.text.slice(0, 2000) : '' };
    }
    const voiceFileId = 'voiceFileId' in said ? said.voiceFileId : undefined;

    // What will be filed, to confirm; cancel (or the menu) leaves without filing anything.
    const confirmLabel = t('confirm');
    const caseShown = subject.case
      ? `${subject.case.caseNumber} ${maskName(subject.case.name)}`
      : (subject.typedCaseNumber ?? t('nobody'));
    const visitShown = subject.visit
      ? `${chinaTime(subject.visit.at)} ${itemName(deps.pack, subject.visit.itemCode, locale)}`
      : t('nobody');
    await choose(
      conversation,
      ctx,
      t('complain-confirm', {
        about: labels[about]!,
        case: caseShown,
        visit: visitShown,
        place: placeName ?? t('nobody'),
        summary: 'text' in said ? said.text : t('voice-note'),
      }),
      [confirmLabel],
      choices(t, [confirmLabel]),
    );

    const filing: ComplaintFiling = {
      region: deps.pack.region,
      channel: 'chatbot',
      kind: 'complaint',
      type: TYPES[about]!,
      about: complaintAbout(subject),
      // Staff read a spoken complaint from its recording, attached when it is filed.
      summary: complaintSummary('text' in said ? said.text : SPOKEN_COMPLAINT, subject.visit, deps.pack),
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

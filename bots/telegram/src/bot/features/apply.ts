import { maskResidentId } from '@carelink/contracts';
import { createConversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import type { PolicyPack } from '@carelink/policy';
import { Composer } from 'grammy';
import { v7 as uuidv7 } from 'uuid';
import type { ApplicationAnswers, ConfirmedApplication } from '../../domain/application';
import { isOwnContact, readContactPhone, readIdNumber, servicesByCategory } from '../../domain/resident-answers';
import type { Reply } from '../../domain/resident-chats';
import { answer, choose } from '../conversation-kit';
import type { BotContext, ResidentContext, ResidentConversation } from '../context';
import type { BotFeature } from '../feature';
import { choices, mainMenu, pressed, shareContact } from '../keyboards';

export interface ApplyDeps {
  pack: PolicyPack;
  /** Keeps the confirmed application and sends it to intake (or has it retried later); what to say back. */
  submit: (application: ConfirmedApplication) => Promise<Reply[]>;
}

const RELATIONS = ['relation-child', 'relation-spouse', 'relation-parent', 'relation-guardian', 'relation-other'];
const RELATIONS_ZH = ['子女', '配偶', '父母', '监护人', '其他亲属'];

async function askText(conversation: ResidentConversation, ctx: ResidentContext, question: string): Promise<string> {
  await ctx.reply(question, { reply_markup: choices((k) => ctx.t(k), []) });
  for (;;) {
    const a = await answer(conversation);
    if (a.kind === 'text' && a.text.length > 0 && a.text.length <= 50) return a.text;
    await ctx.reply(question);
  }
}

/**
 * 申请服务: who it is for, identity (ID number re-asked kindly until it checks out), phone by contact
 * sharing, county → township → village, assistance status, services by category, a description as
 * text or voice, consent, confirmation → intake. Every step keeps Cancel at hand; the conversation is
 * stored in Redis, so a restart of the bot resumes it where the resident was.
 */
export function applyConversation(deps: ApplyDeps) {
  const { pack } = deps;
  return async function apply(conversation: ResidentConversation, ctx: ResidentContext): Promise<void> {
    const t = (k: string, p?: Record<string, string | number>) => ctx.t(k, p);
    const locale = await conversation.external((c) => c.i18n.getLocale());

    // Who it is for.
    const forWhom = [t('apply-for-self'), t('apply-for-family')];
    const who = await choose(conversation, ctx, t('apply-ask-for'), forWhom, choices(t, forWhom));
    let proxy: ApplicationAnswers['proxy'];
    let relationLabel = '';
    if (who === 1) {
      const proxyName = await askText(conversation, ctx, t('apply-ask-proxy-name'));
      const relations = RELATIONS.map((k) => t(k));
      const r = await choose(conversation, ctx, t('apply-ask-relation'), relations, choices(t, relations));
      // Intake records the relation in Chinese whatever the resident's language.
      proxy = { name: proxyName, relation: RELATIONS_ZH[r]! };
      relationLabel = relations[r]!;
    }

    // Identity.
    const applicantName = await askText(conversation, ctx, t('apply-ask-name'));
    await ctx.reply(t('apply-ask-id'), { reply_markup: choices(t, []) });
    let idNumber: string;
    for (;;) {
      const a = await answer(conversation);
      if (a.kind !== 'text') continue;
      const today = new Date(await conversation.now());
      const read = readIdNumber(a.text, today);
      if (read.ok) {
        idNumber = read.idNumber;
        break;
      }
      await ctx.reply(t(read.reaskKey));
    }

    // Phone, by sharing the Telegram contact (the resident's own).
    await ctx.reply(t('apply-ask-phone'), { reply_markup: shareContact(t) });
    let phone: string;
    for (;;) {
      const a = await answer(conversation, { accept: ['contact', 'text'] });
      if (a.kind !== 'contact') {
        await ctx.reply(t('apply-phone-not-contact'), { reply_markup: shareContact(t) });
        continue;
      }
      // Only the resident's own contact (the button sends it with their user id): not someone else's card.
      if (!isOwnContact(a.contact, a.ctx.from?.id)) {
        await ctx.reply(t('contact-not-own'), { reply_markup: shareContact(t) });
        continue;
      }
      const read = readContactPhone(a.contact.phone_number);
      if (read) {
        phone = read;
        break;
      }
      await ctx.reply(t('apply-phone-invalid'), { reply_markup: shareContact(t) });
    }

    // Where: county → township → village, from the region's pack.
    const counties = pack.jurisdictions;
    const countyNames = counties.map((c) => c.name);
    const county =
      counties[await choose(conversation, ctx, t('apply-ask-county'), countyNames, choices(t, countyNames))]!;
    const townshipNames = county.townships.map((x) => x.name);
    const township =
      county.townships[
        await choose(conversation, ctx, t('apply-ask-township'), townshipNames, choices(t, townshipNames))
      ]!;
    let villageCode: string | undefined;
    if (township.villages.length > 0) {
      const villageNames = township.villages.map((v) => v.name);
      const labels = [...villageNames, t('skip')];
      const v = await choose(
        conversation,
        ctx,
        t('apply-ask-village'),
        labels,
        choices(t, villageNames, { skip: true }),
      );
      villageCode = township.villages[v]?.code;
    }

    // Assistance status.
    const groupNames = pack.targetGroups.map((g) => g.name);
    const group =
      pack.targetGroups[await choose(conversation, ctx, t('apply-ask-group'), groupNames, choices(t, groupNames))]!;

    // Services, by category, several allowed.
    const categories = servicesByCategory(pack, county.code, locale);
    const chosen: string[] = [];
    for (;;) {
      const categoryNames = categories.map((c) => t(`category-${c.category}`));
      const labels = chosen.length > 0 ? [...categoryNames, t('apply-item-done')] : categoryNames;
      const c = await choose(
        conversation,
        ctx,
        t('apply-ask-category'),
        labels,
        choices(t, categoryNames, { done: chosen.length > 0 }),
      );
      if (c === categoryNames.length) break;
      const category = categories[c]!;
      const itemNames = category.items.map((i) => i.name);
      const i = await choose(conversation, ctx, t('apply-ask-item'), itemNames, choices(t, itemNames));
      const code = category.items[i]!.code;
      if (!chosen.includes(code)) chosen.push(code);
      const names = chosen.map((x) => categories.flatMap((g) => g.items).find((it) => it.code === x)!.name);
      await ctx.reply(t('apply-item-added', { items: names.join('、') }));
    }
    const itemNames = chosen.map((x) => categories.flatMap((g) => g.items).find((it) => it.code === x)!.name);

    // A description, typed or spoken.
    await ctx.reply(t('apply-ask-description'), { reply_markup: choices(t, [], { skip: true }) });
    let description: string | undefined;
    let voiceFileId: string | undefined;
    const d = await answer(conversation, { accept: ['text', 'voice'] });
    if (d.kind === 'voice') voiceFileId = d.voice.file_id;
    else if (d.kind === 'text' && d.text !== t('skip')) description = d.text.slice(0, 2000);

    // Consent to share with whoever serves them.
    const consentLabels = [t('consent-yes'), t('consent-no')];
    const consent = await choose(conversation, ctx, t('apply-ask-consent'), consentLabels, choices(t, consentLabels));

    // Confirmation.
    const answers: ApplicationAnswers = {
      applicantName,
      idNumber,
      phone,
      ...(proxy ? { proxy } : {}),
      countyCode: county.code,
      townshipCode: township.code,
      ...(villageCode ? { villageCode } : {}),
      group: group.code,
      itemCodes: chosen,
      ...(description ? { description } : {}),
      ...(voiceFileId ? { voiceFileId } : {}),
      consentToShare: consent === 0,
    };
    const village = township.villages.find((v) => v.code === villageCode);
    const summary = t('apply-summary', {
      name: applicantName,
      idMasked: maskResidentId(idNumber),
      phone,
      proxy: proxy ? `${proxy.name}（${relationLabel}）` : t('nobody'),
      place: [county.name, township.name, village?.name].filter(Boolean).join(' '),
      group: group.name,
      items: itemNames.join('、'),
      description: description ?? (voiceFileId ? t('voice-note') : t('nobody')),
    });
    const confirmLabels = [t('confirm')];
    await choose(conversation, ctx, summary, confirmLabels, choices(t, confirmLabels));

    const applicationId = await conversation.external(() => uuidv7());
    const chatId = ctx.chat!.id;
    const replies = await conversation.external(() =>
      deps.submit({ applicationId, chatId, answers, confirmedAt: new Date().toISOString() }),
    );
    const menu = { reply_markup: mainMenu(t) };
    for (const reply of replies) await ctx.reply(t(reply.key, reply.params), menu);
  };
}

/**
 * 📝 申请服务 as a feature: the conversation (held in Redis, resumed at every answer) and what starts it,
 * the menu button and /apply, which leave any other conversation first.
 */
export function applyFeature(deps: ApplyDeps, i18n: I18n<ResidentContext>): BotFeature {
  const entries = new Composer<BotContext>();
  const start = async (ctx: BotContext) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('apply');
  };
  entries.command('apply', start);
  entries.filter(pressed('menu-apply'), start);
  return {
    name: 'apply',
    holding: createConversation<BotContext, ResidentContext>(applyConversation(deps), { id: 'apply', plugins: [i18n] }),
    entries,
  };
}

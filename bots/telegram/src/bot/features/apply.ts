import { maskResidentId } from '@carelink/contracts';
import { createConversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import type { PolicyPack } from '@carelink/policy';
import { Composer } from 'grammy';
import { v7 as uuidv7 } from 'uuid';
import {
  APPLICATION_PARTS,
  itemsStillOffered,
  type ApplicationAnswers,
  type ConfirmedApplication,
  type PhoneSource,
} from '../../domain/application';
import {
  isOwnContact,
  readContactPhone,
  readIdNumber,
  readTypedPhone,
  servicesByCategory,
  statusChoices,
  type ServiceCategory,
  type StatusChoice,
} from '../../domain/resident-answers';
import { listOf } from '../../domain/progress-notice';
import type { Reply } from '../../domain/resident-chats';
import { answer, choose } from '../conversation-kit';
import type { BotContext, ResidentContext, ResidentConversation } from '../context';
import type { BotFeature } from '../feature';
import { choices, mainMenu, pressed, shareContact } from '../keyboards';

export interface ApplyDeps {
  /** The region the conversation applies in (its places, statuses, catalogue). */
  pack: PolicyPack;
  /** Keeps the confirmed application and sends it to intake (or has it retried later); what to say back. */
  submit: (application: ConfirmedApplication) => Promise<Reply[]>;
}

/** What starts an application besides the menu: a voice note the resident sent at the menu, as its description. */
export interface ApplyStart {
  voiceFileId?: string;
}

const RELATIONS = ['relation-child', 'relation-spouse', 'relation-parent', 'relation-guardian', 'relation-other'];
const RELATIONS_ZH = ['子女', '配偶', '父母', '监护人', '其他亲属'];

type T = (key: string, params?: Record<string, string | number>) => string;

/** The name of a status choice in the resident's language: the pack's Chinese name, else the translation. */
function statusLabel(t: T, pack: PolicyPack, locale: string, choice: StatusChoice): string {
  if (choice.kind === 'none') return t('group-none');
  if (choice.kind === 'not_sure') return t('group-not-sure');
  const group = pack.targetGroups.find((g) => g.code === choice.code)!;
  return locale === 'zh' ? group.name : t(`group-${choice.code}`);
}

/**
 * 申请服务: who it is for, identity (ID number re-asked kindly until it checks out), phone (the Telegram
 * contact, or typed and then unverified), county → township → village, assistance status (or none, or not
 * sure), services by category, a description as text or voice, consent; then the summary, from which any
 * part can be changed before it is confirmed → intake, in the chat's region. Every step keeps Cancel at hand;
 * the conversation is stored in Redis, so a restart of the bot resumes it where the resident was.
 */
export function applyConversation(deps: ApplyDeps) {
  const { pack } = deps;
  return async function apply(
    conversation: ResidentConversation,
    ctx: ResidentContext,
    start: ApplyStart = {},
  ): Promise<void> {
    const t: T = (k, p) => ctx.t(k, p);
    const locale = await conversation.external((c) => c.i18n.getLocale());
    const pick = (question: string, labels: string[], extra: { skip?: boolean } = {}) =>
      choose(conversation, ctx, question, extra.skip ? [...labels, t('skip')] : labels, choices(t, labels, extra));

    const askText = async (question: string): Promise<string> => {
      await ctx.reply(question, { reply_markup: choices(t, []) });
      for (;;) {
        const a = await answer(conversation);
        if (a.kind === 'text' && a.text.length > 0 && a.text.length <= 50) return a.text;
        await ctx.reply(question);
      }
    };

    // Each part of the application, asked on its own: in order the first time, one at a time from the summary.
    const askProxy = async (): Promise<{ proxy?: ApplicationAnswers['proxy']; relationLabel: string }> => {
      const forWhom = [t('apply-for-self'), t('apply-for-family')];
      if ((await pick(t('apply-ask-for'), forWhom)) === 0) return { relationLabel: '' };
      const proxyName = await askText(t('apply-ask-proxy-name'));
      const relations = RELATIONS.map((k) => t(k));
      const r = await pick(t('apply-ask-relation'), relations);
      // Intake records the relation in Chinese whatever the resident's language.
      return { proxy: { name: proxyName, relation: RELATIONS_ZH[r]! }, relationLabel: relations[r]! };
    };

    const askIdNumber = async (): Promise<string> => {
      await ctx.reply(t('apply-ask-id'), { reply_markup: choices(t, []) });
      for (;;) {
        const a = await answer(conversation);
        if (a.kind !== 'text') continue;
        const read = readIdNumber(a.text, new Date(await conversation.now()));
        if (read.ok) return read.idNumber;
        await ctx.reply(t(read.reaskKey));
      }
    };

    // The resident's own Telegram contact (verified by Telegram), or a number typed in (unverified: said so).
    const askPhone = async (): Promise<{ phone: string; phoneSource: PhoneSource }> => {
      await ctx.reply(t('apply-ask-phone'), { reply_markup: shareContact(t) });
      for (;;) {
        const a = await answer(conversation, { accept: ['contact', 'text'] });
        if (a.kind === 'text') {
          const typed = readTypedPhone(a.text);
          if (!typed) {
            await ctx.reply(t('apply-phone-typed-invalid'), { reply_markup: shareContact(t) });
            continue;
          }
          await ctx.reply(t('apply-phone-unverified', { phone: typed }));
          return { phone: typed, phoneSource: 'typed' };
        }
        if (a.kind !== 'contact') continue;
        // Only the resident's own contact (the button sends it with their user id): not someone else's card.
        if (!isOwnContact(a.contact, a.ctx.from?.id)) {
          await ctx.reply(t('contact-not-own'), { reply_markup: shareContact(t) });
          continue;
        }
        const read = readContactPhone(a.contact.phone_number);
        if (read) return { phone: read, phoneSource: 'shared_contact' };
        await ctx.reply(t('apply-phone-invalid'), { reply_markup: shareContact(t) });
      }
    };

    // Where: county → township → village, from the region's pack.
    const askPlace = async () => {
      const counties = pack.jurisdictions;
      const county =
        counties[
          await pick(
            t('apply-ask-county'),
            counties.map((c) => c.name),
          )
        ]!;
      const township =
        county.townships[
          await pick(
            t('apply-ask-township'),
            county.townships.map((x) => x.name),
          )
        ]!;
      let villageCode: string | undefined;
      if (township.villages.length > 0) {
        const v = await pick(
          t('apply-ask-village'),
          township.villages.map((x) => x.name),
          { skip: true },
        );
        villageCode = township.villages[v]?.code;
      }
      return { countyCode: county.code, townshipCode: township.code, ...(villageCode ? { villageCode } : {}) };
    };

    const askStatus = async (): Promise<Pick<ApplicationAnswers, 'group' | 'declaredStatus'>> => {
      const options = statusChoices(pack);
      const choice =
        options[
          await pick(
            t('apply-ask-group'),
            options.map((o) => statusLabel(t, pack, locale, o)),
          )
        ]!;
      if (choice.kind === 'group') return { group: choice.code, declaredStatus: 'declared' };
      await ctx.reply(t('apply-status-checked'));
      return { declaredStatus: choice.kind };
    };

    // Services, by category, several allowed.
    const askItems = async (categories: ServiceCategory[]): Promise<string[]> => {
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
        if (c === categoryNames.length) return chosen;
        const category = categories[c]!;
        const i = await pick(
          t('apply-ask-item'),
          category.items.map((x) => x.name),
        );
        const code = category.items[i]!.code;
        if (!chosen.includes(code)) chosen.push(code);
        await ctx.reply(t('apply-item-added', { items: listOf(itemNames(categories, chosen), locale) }));
      }
    };

    // A description, typed or spoken.
    const askDescription = async (): Promise<Pick<ApplicationAnswers, 'description' | 'voiceFileId'>> => {
      await ctx.reply(t('apply-ask-description'), { reply_markup: choices(t, [], { skip: true }) });
      const d = await answer(conversation, { accept: ['text', 'voice'] });
      if (d.kind === 'voice') return { voiceFileId: d.voice.file_id };
      if (d.kind === 'text' && d.text !== t('skip')) return { description: d.text.slice(0, 2000) };
      return {};
    };

    // Consent to share with whoever serves them.
    const askConsent = async (): Promise<boolean> =>
      (await pick(t('apply-ask-consent'), [t('consent-yes'), t('consent-no')])) === 0;

    // The first time through, in order.
    let { proxy, relationLabel } = await askProxy();
    let applicantName = await askText(t('apply-ask-name'));
    let idNumber = await askIdNumber();
    let { phone, phoneSource } = await askPhone();
    let place = await askPlace();
    let status = await askStatus();
    let categories = servicesByCategory(pack, place.countyCode, locale);
    let itemCodes = await askItems(categories);
    let description: Pick<ApplicationAnswers, 'description' | 'voiceFileId'> = start.voiceFileId
      ? { voiceFileId: start.voiceFileId }
      : await askDescription();
    let consentToShare = await askConsent();

    // The summary, until it is confirmed: any part can be changed, then the summary comes again.
    for (;;) {
      const county = pack.jurisdictions.find((c) => c.code === place.countyCode)!;
      const township = county.townships.find((x) => x.code === place.townshipCode)!;
      const village = township.villages.find((v) => v.code === place.villageCode);
      const declared: StatusChoice =
        status.declaredStatus === 'declared'
          ? { kind: 'group', code: status.group! }
          : { kind: status.declaredStatus ?? 'not_sure' };
      const summary = t('apply-summary', {
        name: applicantName,
        idMasked: maskResidentId(idNumber),
        phone: phoneSource === 'typed' ? t('apply-phone-unverified-mark', { phone }) : phone,
        proxy: proxy ? `${proxy.name}（${relationLabel}）` : t('nobody'),
        place: [county.name, township.name, village?.name].filter(Boolean).join(' '),
        group: statusLabel(t, pack, locale, declared),
        items: listOf(itemNames(categories, itemCodes), locale),
        description: description.description ?? (description.voiceFileId ? t('voice-note') : t('nobody')),
        consent: consentToShare ? t('consent-yes') : t('consent-no'),
      });
      if ((await pick(summary, [t('confirm'), t('apply-edit')])) === 0) break;

      const parts = APPLICATION_PARTS.map((part) => t(`apply-part-${part}`));
      const part = APPLICATION_PARTS[await pick(t('apply-ask-part'), parts)]!;
      switch (part) {
        case 'proxy':
          ({ proxy, relationLabel } = await askProxy());
          break;
        case 'name':
          applicantName = await askText(t('apply-ask-name'));
          break;
        case 'id':
          idNumber = await askIdNumber();
          break;
        case 'phone':
          ({ phone, phoneSource } = await askPhone());
          break;
        case 'place': {
          place = await askPlace();
          categories = servicesByCategory(pack, place.countyCode, locale);
          // Items the new county does not offer go; with none left, the services are asked again.
          itemCodes = itemsStillOffered(
            itemCodes,
            categories.flatMap((c) => c.items),
          );
          if (itemCodes.length === 0) {
            await ctx.reply(t('apply-items-not-offered'));
            itemCodes = await askItems(categories);
          }
          break;
        }
        case 'status':
          status = await askStatus();
          break;
        case 'items':
          itemCodes = await askItems(categories);
          break;
        case 'description':
          description = await askDescription();
          break;
        case 'consent':
          consentToShare = await askConsent();
          break;
      }
    }

    const answers: ApplicationAnswers = {
      applicantName,
      idNumber,
      phone,
      phoneSource,
      ...(proxy ? { proxy } : {}),
      ...place,
      ...status,
      itemCodes,
      ...description,
      consentToShare,
    };
    const applicationId = await conversation.external(() => uuidv7());
    const chatId = ctx.chat!.id;
    const replies = await conversation.external(() =>
      deps.submit({ applicationId, chatId, region: pack.region, answers, confirmedAt: new Date().toISOString() }),
    );
    const menu = { reply_markup: mainMenu(t) };
    for (const reply of replies) await ctx.reply(t(reply.key, reply.params), menu);
  };
}

function itemNames(categories: ServiceCategory[], codes: string[]): string[] {
  const all = categories.flatMap((g) => g.items);
  return codes.map((code) => all.find((it) => it.code === code)?.name ?? code);
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

import { createConversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import type { PolicyPack } from '@carelink/policy';
import { Composer } from 'grammy';
import { whoseRequests } from '../../domain/look-up-progress/whose-requests';
import { itemName, listOf, statusWords } from '../../domain/progress-notice';
import { isOwnContact, readContactPhone, readLookupCode } from '../../domain/resident-answers';
import type { ResidentChats } from '../../domain/resident-chats';
import type { IntakeClient, ResidentRequests } from '../../data-access/intake-client';
import { answer } from '../conversation-kit';
import type { BotContext, ResidentContext, ResidentConversation } from '../context';
import type { BotFeature } from '../feature';
import { choices, mainMenu, pressed, shareContact } from '../keyboards';

export interface MyRequestsDeps {
  directory: Pick<ResidentChats, 'phone' | 'setPhone' | 'casesOf' | 'linkCase'>;
  intake: Pick<IntakeClient, 'requestCode' | 'requestsOf'>;
  pack: PolicyPack;
}

/** Wrong codes a resident may type before the look-up stops (intake voids a code after five). */
export const CODE_TRIES = 3;

type T = (k: string, p?: Record<string, string | number>) => string;

/**
 * The requests this chat may see (see `whoseRequests`), newest first, each with whose it is (a masked name), in
 * plain words and their language; when others sharing the phone were left out, it says so.
 */
function requestsMessage(
  t: T,
  seen: ReturnType<typeof whoseRequests>,
  pack: PolicyPack,
  locale: string,
  phone: string,
): string {
  if (seen.shown.length === 0 && seen.hidden === 0) return t('status-none', { phone });
  const lines = seen.shown.map((r) =>
    t('status-line', {
      caseNumber: r.caseNumber,
      whose: r.whose,
      date: r.registeredAt.slice(0, 10),
      items: listOf(
        r.items.map((i) => itemName(pack, i.itemCode, locale)),
        locale,
      ),
      status: statusWords(r.status, locale),
    }),
  );
  return [...(lines.length ? [t('status-header'), ...lines] : []), ...(seen.hidden ? [t('status-hidden')] : [])].join(
    '\n',
  );
}

/**
 * 查询进度 as a conversation: the phone the resident applied with (or shares now, their own contact), then
 * the one-time code intake texts to the phone on file, typed in here; only then are the requests shown.
 * A wrong code is re-asked kindly a few times; too many look-ups, or intake away, end it with a kind word.
 */
export function statusConversation(deps: MyRequestsDeps) {
  return async function status(conversation: ResidentConversation, ctx: ResidentContext, shared?: string) {
    const t: T = (k, p) => ctx.t(k, p);
    const menu = { reply_markup: mainMenu(t) };
    const chatId = ctx.chat!.id;
    let phone = shared ?? (await conversation.external(() => deps.directory.phone(chatId)));
    if (!phone) {
      await ctx.reply(t('status-need-phone'), { reply_markup: shareContact(t) });
      for (;;) {
        const a = await answer(conversation, { accept: ['contact', 'text'] });
        if (a.kind !== 'contact') {
          await ctx.reply(t('status-need-phone'), { reply_markup: shareContact(t) });
          continue;
        }
        if (!isOwnContact(a.contact, a.ctx.from?.id)) {
          await ctx.reply(t('contact-not-own'), { reply_markup: shareContact(t) });
          continue;
        }
        const read = readContactPhone(a.contact.phone_number);
        if (!read) return void (await ctx.reply(t('apply-phone-invalid'), menu));
        phone = read;
        await conversation.external(() => deps.directory.setPhone(chatId, read));
        break;
      }
    }
    const asking = phone;
    // Look-ups are counted per chat (and per phone asked about) by intake.
    const caller = `telegram:${chatId}`;
    const sent = await conversation.external(() => deps.intake.requestCode(asking, caller));
    if (sent === 'too_many') return void (await ctx.reply(t('status-too-many'), menu));
    if (sent === 'unavailable') return void (await ctx.reply(t('status-unavailable'), menu));
    await ctx.reply(t('status-code-sent'), { reply_markup: choices(t, []) });
    const locale = await conversation.external((c) => c.i18n.getLocale());
    for (let wrong = 0; ;) {
      const a = await answer(conversation);
      if (a.kind !== 'text') continue;
      const code = readLookupCode(a.text);
      if (!code) {
        await ctx.reply(t('status-code-format'));
        continue;
      }
      const looked = await conversation.external(() => deps.intake.requestsOf(asking, code, caller));
      if (looked.kind === 'found') {
        const found: ResidentRequests = looked.found;
        const seen = await conversation.external(async () => {
          const entitled = whoseRequests(found, await deps.directory.casesOf(chatId));
          for (const known of entitled.link) await deps.directory.linkCase(chatId, known);
          return entitled;
        });
        return void (await ctx.reply(requestsMessage(t, seen, deps.pack, locale, asking), menu));
      }
      if (looked.kind === 'too_many') return void (await ctx.reply(t('status-too-many'), menu));
      if (looked.kind === 'unavailable') return void (await ctx.reply(t('status-unavailable'), menu));
      wrong += 1;
      if (wrong >= CODE_TRIES) return void (await ctx.reply(t('status-code-failed'), menu));
      await ctx.reply(t('status-code-wrong'));
    }
  };
}

/**
 * 🔎 查询进度 as a feature: the conversation (held in Redis), what starts it (the menu button, /status), and a
 * contact shared outside a conversation (its requests are looked up, if it is the resident's own).
 */
export function progressFeature(deps: MyRequestsDeps, i18n: I18n<ResidentContext>): BotFeature {
  const entries = new Composer<BotContext>();
  const start = async (ctx: BotContext, phone?: string) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('status', ...(phone ? [phone] : []));
  };
  entries.command('status', (ctx) => start(ctx));
  entries.filter(pressed('menu-status'), (ctx) => start(ctx));
  entries.on('message:contact', async (ctx) => {
    if (!isOwnContact(ctx.message.contact, ctx.from.id))
      return void (await ctx.reply(ctx.t('contact-not-own'), { reply_markup: shareContact((k, p) => ctx.t(k, p)) }));
    const phone = readContactPhone(ctx.message.contact.phone_number);
    if (!phone)
      return void (await ctx.reply(ctx.t('apply-phone-invalid'), { reply_markup: mainMenu((k, p) => ctx.t(k, p)) }));
    await deps.directory.setPhone(ctx.chat.id, phone);
    await start(ctx, phone);
  });
  return {
    name: 'progress',
    holding: createConversation<BotContext, ResidentContext>(statusConversation(deps), {
      id: 'status',
      plugins: [i18n],
    }),
    entries,
  };
}

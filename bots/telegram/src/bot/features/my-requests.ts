import type { PolicyPack } from '@carelink/policy';
import { Composer } from 'grammy';
import { itemName, statusWords } from '../../domain/progress-notice';
import { isOwnContact, readContactPhone } from '../../domain/resident-answers';
import type { ResidentChats } from '../../domain/resident-chats';
import type { IntakeClient } from '../../data-access/intake-client';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';
import { mainMenu, pressed, shareContact } from '../keyboards';

export interface MyRequestsDeps {
  directory: Pick<ResidentChats, 'phone' | 'setPhone'>;
  intake: Pick<IntakeClient, 'requestsOf'>;
  pack: PolicyPack;
}

/** 查询进度: the resident's requests (found by the phone they applied with), newest first, in plain words. */
export async function showMyRequests(ctx: BotContext, deps: MyRequestsDeps, phone?: string): Promise<void> {
  const t = (k: string, p?: Record<string, string | number>) => ctx.t(k, p);
  const chatId = ctx.chat!.id;
  const known = phone ?? (await deps.directory.phone(chatId));
  if (!known) {
    await ctx.reply(t('status-need-phone'), { reply_markup: shareContact(t) });
    return;
  }
  let found;
  try {
    found = await deps.intake.requestsOf(known);
  } catch {
    await ctx.reply(t('status-unavailable'), { reply_markup: mainMenu(t) });
    return;
  }
  if (found.requests.length === 0) {
    await ctx.reply(t('status-none', { phone: known }), { reply_markup: mainMenu(t) });
    return;
  }
  const locale = await ctx.i18n.getLocale();
  const lines = found.requests.map((r) =>
    t('status-line', {
      caseNumber: r.caseNumber,
      date: r.registeredAt.slice(0, 10),
      items: r.items.map((i) => itemName(deps.pack, i.itemCode, locale)).join('、'),
      status: statusWords(r.status, locale),
    }),
  );
  await ctx.reply([t('status-header'), ...lines].join('\n'), { reply_markup: mainMenu(t) });
}

/**
 * 🔎 查询进度 as a feature: the menu button and /status, and a contact shared outside the application (the
 * requests are looked up with it, if it is the resident's own).
 */
export function progressFeature(deps: MyRequestsDeps): BotFeature {
  const entries = new Composer<BotContext>();
  const status = (ctx: BotContext) => showMyRequests(ctx, deps);
  entries.command('status', status);
  entries.filter(pressed('menu-status'), status);
  entries.on('message:contact', async (ctx) => {
    if (!isOwnContact(ctx.message.contact, ctx.from.id))
      return void (await ctx.reply(ctx.t('contact-not-own'), { reply_markup: shareContact((k, p) => ctx.t(k, p)) }));
    const phone = readContactPhone(ctx.message.contact.phone_number);
    if (!phone)
      return void (await ctx.reply(ctx.t('apply-phone-invalid'), { reply_markup: mainMenu((k, p) => ctx.t(k, p)) }));
    await deps.directory.setPhone(ctx.chat.id, phone);
    await showMyRequests(ctx, deps, phone);
  });
  return { name: 'progress', entries };
}

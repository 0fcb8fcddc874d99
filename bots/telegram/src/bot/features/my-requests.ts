import type { PolicyPack } from '@carelink/policy';
import { itemName, statusWords } from '../../domain/progress-notice';
import type { ChatDirectory } from '../../data-access/chat-directory';
import type { IntakeClient } from '../../data-access/intake-client';
import type { BotContext } from '../context';
import { mainMenu, shareContact } from '../keyboards';

/** 查询进度: the resident's requests (found by the phone they applied with), newest first, in plain words. */
export async function showMyRequests(
  ctx: BotContext,
  deps: { directory: ChatDirectory; intake: IntakeClient; pack: PolicyPack },
  phone?: string,
): Promise<void> {
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

import { DomainError } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import { Composer } from 'grammy';
import type { WorkerClient } from '../../data-access/worker-client';
import { workerDayNotice } from '../../domain/worker-visits/worker-notice';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';

/** A worker's chat link code as the provider gives it: `wk-` and eight characters. */
const WORKER_CODE = /^wk-[A-Za-z0-9]{8}$/i;

export interface WorkerVisitsDeps {
  client: Pick<WorkerClient, 'redeem' | 'today'>;
  /** The packs of the regions the bot serves (a worker's visits are named in their region's words). */
  packs: readonly PolicyPack[];
}

/**
 * Workers' own chats (服务人员): `/worker wk-XXXXXXXX` (or the deep link `/start wk-XXXXXXXX`) links the chat to
 * the worker the provider issued the code for, so reminders of their visits come here; `/today` (今日上门) lists a
 * linked worker's visits of today, with times and places. A chat of no worker is told to ask their provider.
 */
export function workerVisitsFeature(deps: WorkerVisitsDeps): BotFeature {
  const entries = new Composer<BotContext>();

  const link = async (ctx: BotContext, raw: string) => {
    await ctx.conversation.exitAll();
    const code = `wk-${raw.slice(3).toUpperCase()}`;
    let worker;
    try {
      worker = await deps.client.redeem(code, ctx.chat!.id);
    } catch (err) {
      if (err instanceof DomainError && err.kind !== 'forbidden')
        return void (await ctx.reply(ctx.t('worker-link-invalid')));
      throw err;
    }
    await ctx.reply(ctx.t('worker-linked', { name: worker.name }));
  };

  entries.command('start', async (ctx, next) => {
    const code = ctx.match.trim();
    if (!WORKER_CODE.test(code)) return next();
    await link(ctx, code);
  });
  entries.command('worker', async (ctx) => {
    const code = ctx.match.trim();
    if (!WORKER_CODE.test(code)) return void (await ctx.reply(ctx.t('worker-link-how')));
    await link(ctx, code);
  });
  entries.command('today', async (ctx) => {
    const day = await deps.client.today(ctx.chat.id);
    if (!day) return void (await ctx.reply(ctx.t('worker-not-linked')));
    const pack = deps.packs.find((p) => p.region === day.region) ?? deps.packs[0]!;
    const notice = workerDayNotice(day.visits, pack, await ctx.i18n.getLocale());
    await ctx.reply(ctx.t(notice.key, notice.params));
  });

  return { name: 'worker-visits', entries };
}

import type { Logger } from '@carelink/telemetry';
import type { Bot } from 'grammy';
import type { BotContext } from '../../bot/context';

/**
 * Long polling: fetch updates, hand each to the bot in order, move the offset on. Against Telegram,
 * getUpdates waits up to 25 s for news; the local emulator answers at once, so an idle pause keeps the
 * loop from spinning. Returns a stop function that lets the update in hand finish.
 */
export function pollUpdates(bot: Bot<BotContext>, logger: Logger, options: { idleMs: number }): () => Promise<void> {
  let running = true;
  let offset = 0;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const loop = (async () => {
    await bot.api.deleteWebhook().catch(() => undefined);
    while (running) {
      try {
        const updates = await bot.api.getUpdates({ offset, timeout: options.idleMs > 0 ? 0 : 25 });
        for (const update of updates) {
          offset = update.update_id + 1;
          try {
            await bot.handleUpdate(update);
          } catch (err) {
            await bot.errorHandler(err as Parameters<typeof bot.errorHandler>[0]);
          }
        }
        if (updates.length === 0 && options.idleMs > 0) await sleep(options.idleMs);
      } catch (err) {
        logger.warn({ err }, 'polling for updates failed; retrying');
        await sleep(1000);
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/**
 * Where updates come from: in webhook mode Telegram POSTs them to /telegram/webhook (registered here when
 * WEBHOOK_URL is set); otherwise the bot polls. Returns how to stop taking them.
 */
export async function receiveUpdates(
  bot: Bot<BotContext>,
  logger: Logger,
  options: { mode: 'polling' | 'webhook'; webhookUrl?: string; webhookSecret?: string; localApi: boolean },
): Promise<() => Promise<void>> {
  if (options.mode === 'webhook') {
    if (options.webhookUrl) await bot.api.setWebhook(options.webhookUrl, { secret_token: options.webhookSecret });
    return async () => undefined;
  }
  return pollUpdates(bot, logger, { idleMs: options.localApi ? 150 : 0 });
}

import type { Logger } from '@carelink/telemetry';
import { Composer, type BotError, type Middleware } from 'grammy';
import type { BotContext } from './context';

/**
 * A feature of the bot (apply, progress, complaint, hand-over, …): one grammY `Composer` with the commands,
 * menu buttons and callbacks that start or serve it. A feature that holds a resident for several messages
 * (a conversation, a chat handed over to an operator) also has `holding`: how it takes the next message of a
 * resident it holds.
 */
export interface BotFeature {
  /** Names the feature in logs. */
  name: string;
  /**
   * Takes the messages of a resident this feature holds, else passes them on. Every feature's `holding`
   * runs before any feature's entries, so that an answer is never taken for a menu choice.
   */
  holding?: Middleware<BotContext>;
  entries: Composer<BotContext>;
}

/** Said when translations are not at hand (the failure came before them). */
const SORRY_ZH = '抱歉，刚才出了点问题。请再试一次，或者点“人工服务”。';

/**
 * What a feature's failure does: the resident hears a kind sorry that points to a person (in Chinese, or
 * their language once chosen) instead of silence or an error code; the failure is logged with the feature,
 * the update and the update's trace; the update goes no further, and the other features keep working.
 */
export function sorry(feature: string, logger: Pick<Logger, 'error'>) {
  return async (err: BotError<BotContext>): Promise<void> => {
    logger.error({ err: err.error, feature, updateId: err.ctx.update.update_id }, `the ${feature} feature failed`);
    const text = typeof err.ctx.t === 'function' ? err.ctx.t('error-sorry') : SORRY_ZH;
    await err.ctx.reply(text).catch(() => undefined);
  };
}

/**
 * Mounts the features, each behind its own `errorBoundary`: first what each holds (in the given order),
 * then their entries (in the given order).
 */
export function mountFeatures(bot: Composer<BotContext>, features: BotFeature[], logger: Pick<Logger, 'error'>): void {
  for (const f of features) if (f.holding) bot.errorBoundary(sorry(f.name, logger), f.holding);
  for (const f of features) bot.errorBoundary(sorry(f.name, logger), f.entries);
}

/**
 * Mounts the features of a bot that serves several regions: each region has its own features (its pack, its
 * clients), and a chat meets only those of its region (`regionOf`); the `shared` ones (choosing the region,
 * /help) serve every chat, also one that has not chosen yet. In this order: what the chat's region's features
 * hold, the shared features, the region's entries.
 */
export function mountRegionalFeatures(
  bot: Composer<BotContext>,
  features: {
    shared: BotFeature[];
    byRegion: Record<string, BotFeature[]>;
    regionOf: (ctx: BotContext) => string | undefined;
  },
  logger: Pick<Logger, 'error'>,
): void {
  const holdings: Record<string, Composer<BotContext>> = {};
  const entries: Record<string, Composer<BotContext>> = {};
  for (const [region, regional] of Object.entries(features.byRegion)) {
    holdings[region] = new Composer<BotContext>();
    entries[region] = new Composer<BotContext>();
    for (const f of regional) if (f.holding) holdings[region].errorBoundary(sorry(f.name, logger), f.holding);
    for (const f of regional) entries[region].errorBoundary(sorry(f.name, logger), f.entries);
  }
  const regionOf = (ctx: BotContext) => features.regionOf(ctx) ?? '';
  bot.route(regionOf, holdings);
  mountFeatures(bot, features.shared, logger);
  bot.route(regionOf, entries);
}

import type { PolicyPack } from '@carelink/policy';
import { Composer, type MiddlewareFn } from 'grammy';
import type { ChatDirectory } from '../../data-access/chat-directory';
import { regionLanguages, regionNamed, regionName } from '../../domain/resident-answers';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';
import { languageKeyboard, mainMenu, pressed, regionKeyboard } from '../keyboards';

export interface RegionChoiceDeps {
  /** The regions the bot serves, the default first. */
  regions: PolicyPack[];
  directory: Pick<ChatDirectory, 'region' | 'setRegion' | 'locale' | 'setLocale'>;
}

/**
 * The chat's region, before any feature: the one it chose while the bot still serves it, else the bot's only
 * region; unset while a chat of a bot with several has not chosen.
 */
export function chatRegion(deps: RegionChoiceDeps): MiddlewareFn<BotContext> {
  const served = new Set(deps.regions.map((p) => p.region));
  return async (ctx, next) => {
    const chosen = ctx.chat ? await deps.directory.region(ctx.chat.id) : undefined;
    ctx.region =
      chosen && served.has(chosen) ? chosen : deps.regions.length === 1 ? deps.regions[0]!.region : undefined;
    await next();
  };
}

/**
 * 🏙 地区 as a feature, for every chat: /start (with a region, as a deep link `t.me/<bot>?start=changji` sends
 * it, or typed `/start changji`) leaves whatever was going on and welcomes the resident in their region, or asks
 * which region when they have not chosen; the menu button and /region change it. The choice is kept per chat;
 * a language the new region does not serve gives way to its default, and a region with several languages
 * offers them. Until a region is chosen, everything else asks for it first.
 */
export function regionFeature(deps: RegionChoiceDeps): BotFeature {
  const entries = new Composer<BotContext>();
  const packOf = (region: string | undefined) => deps.regions.find((p) => p.region === region);
  const menu = (ctx: BotContext) => ({ reply_markup: mainMenu((k, p) => ctx.t(k, p)) });

  const welcome = async (ctx: BotContext, pack: PolicyPack) =>
    ctx.reply(ctx.t('welcome', { region: regionName(pack, await ctx.i18n.getLocale()) }), menu(ctx));

  const askRegion = async (ctx: BotContext) => {
    if (deps.regions.length === 1) {
      const only = deps.regions[0]!;
      return void (await ctx.reply(
        ctx.t('region-only', { region: regionName(only, await ctx.i18n.getLocale()) }),
        menu(ctx),
      ));
    }
    const regions = deps.regions.map((p) => ({ region: p.region, name: p.name.zh }));
    await ctx.reply(ctx.t('choose-region'), { reply_markup: regionKeyboard(regions) });
  };

  const enterRegion = async (ctx: BotContext, pack: PolicyPack) => {
    const chatId = ctx.chat!.id;
    await deps.directory.setRegion(chatId, pack.region);
    ctx.region = pack.region;
    const { languages, defaultLanguage } = regionLanguages(pack);
    const current = await deps.directory.locale(chatId);
    if (!current || !languages.includes(current)) {
      await deps.directory.setLocale(chatId, defaultLanguage);
      await ctx.i18n.renegotiateLocale();
    }
    await welcome(ctx, pack);
    if (languages.length > 1) await ctx.reply(ctx.t('choose-language'), { reply_markup: languageKeyboard(languages) });
  };

  entries.command('start', async (ctx) => {
    await ctx.conversation.exitAll();
    const named = packOf(
      regionNamed(
        ctx.match,
        deps.regions.map((p) => p.region),
      ),
    );
    if (named) return enterRegion(ctx, named);
    const current = packOf(ctx.region);
    if (current) return void (await welcome(ctx, current));
    await askRegion(ctx);
  });
  const change = async (ctx: BotContext) => {
    await ctx.conversation.exitAll();
    await askRegion(ctx);
  };
  entries.command('region', change);
  entries.filter(pressed('menu-region'), change);
  entries.callbackQuery(/^region:([a-z][a-z0-9-]*)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const pack = packOf(ctx.match[1]);
    if (!pack) return askRegion(ctx);
    await ctx.conversation.exitAll();
    await enterRegion(ctx, pack);
  });
  // Not chosen yet: the region first (a stale button is answered, so the resident's app stops waiting).
  entries.filter(
    (ctx) => !ctx.region,
    async (ctx) => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      await askRegion(ctx);
    },
  );
  return { name: 'region', entries };
}

import { issueAdapterToken } from '@carelink/auth';
import type { PolicyPack } from '@carelink/policy';

/** The jurisdiction that covers every county of the region (their longest common 2/4/6-digit prefix). */
export function regionJurisdiction(pack: PolicyPack): string {
  const codes = pack.jurisdictions.map((c) => c.code);
  let prefix = codes[0]!;
  for (const c of codes) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, Math.max(2, prefix.length - (prefix.length % 2)));
}

/**
 * The bot's own service token (role channel_adapter for channel chatbot, the whole region), minted with the
 * bot's own key (ADAPTER_TOKEN_SIGNING_KEY), which can mint nothing but a chatbot adapter, and renewed before it
 * expires.
 */
export function channelToken(pack: PolicyPack, signingKey: string): () => Promise<string> {
  let current: { token: string; until: number } | undefined;
  return async () => {
    if (!current || current.until < Date.now()) {
      const token = await issueAdapterToken(
        {
          sub: `telegram-bot-${pack.region}`,
          name: 'carelink telegram bot',
          region: pack.region,
          jurisdiction: regionJurisdiction(pack),
          channel: 'chatbot',
        },
        signingKey,
        '8h',
      );
      current = { token, until: Date.now() + 7 * 3600_000 };
    }
    return current.token;
  };
}

/**
 * The bot's service tokens for each region it serves: `(region)` gives that region's, no region the first's
 * (the bot's default region). A region the bot does not serve gets none.
 */
export function channelTokens(packs: PolicyPack[], signingKey: string): (region?: string) => Promise<string> {
  const byRegion = new Map(packs.map((pack) => [pack.region, channelToken(pack, signingKey)]));
  return async (region) => {
    const token = byRegion.get(region ?? packs[0]!.region);
    if (!token) throw new Error(`the bot does not serve region ${region}`);
    return token();
  };
}

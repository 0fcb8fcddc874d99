import type { StaffPrincipal } from '@carelink/auth';
import type { ProviderName } from '../domain/directory/directory';
import type { WaitingChat } from '../domain/chat-queue/chat-queue-changes';

/** Signs the short-lived staff JWT a call to a service carries for a signed-in account. */
export type StaffTokens = (principal: StaffPrincipal) => Promise<string>;

/** A service answered something other than success. */
export class ServiceCallError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`${service} answered ${status}${code ? ` ${code}` : ''}`);
    this.name = 'ServiceCallError';
  }
}

async function getJson(service: string, url: string, token: string, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => undefined)) as { code?: string } | undefined;
    throw new ServiceCallError(service, res.status, problem?.code);
  }
  return res.json();
}

/**
 * The providers a signed-in account's region has contracts with (referral `GET /contracts`, which answers the
 * contracts of the caller's jurisdiction), one name each; kept a minute per region, jurisdiction and role. After
 * that minute the names kept are still answered at once while they are read again in the background (a page load
 * never waits on referral but the first time); a failed read again is retried on the next call.
 */
export class ContractedProviders {
  private readonly cache = new Map<
    string,
    { at: number; providers: Promise<ProviderName[]>; settled: boolean; refreshing?: boolean }
  >();

  constructor(
    private readonly referralUrl: string,
    private readonly tokens: StaffTokens,
    private readonly ttlMs = 60_000,
    private readonly timeoutMs = 5_000,
  ) {}

  of(principal: StaffPrincipal, now = Date.now()): Promise<ProviderName[]> {
    const key = `${principal.region}|${principal.jurisdiction}|${principal.role}|${principal.providerId ?? ''}`;
    const hit = this.cache.get(key);
    if (hit && (now - hit.at < this.ttlMs || !hit.settled)) return hit.providers;
    if (hit && !hit.refreshing) {
      hit.refreshing = true;
      this.fetch(principal).then(
        (providers) => {
          this.cache.set(key, { at: Date.now(), providers: Promise.resolve(providers), settled: true });
        },
        () => {
          hit.refreshing = false;
        },
      );
    }
    if (hit) return hit.providers;
    const providers = this.fetch(principal);
    const entry = { at: now, providers, settled: false };
    this.cache.set(key, entry);
    providers.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
    return providers;
  }

  private async fetch(principal: StaffPrincipal): Promise<ProviderName[]> {
    const answer = (await getJson(
      'referral',
      `${this.referralUrl}/contracts`,
      await this.tokens(principal),
      this.timeoutMs,
    )) as { items?: { providerId: string; providerName?: string }[] };
    return (answer.items ?? []).map((c) => ({ providerId: c.providerId, name: c.providerName ?? c.providerId }));
  }
}

/** The chat bot's operator API: the chats waiting for a hotline operator (bots/telegram `GET /operator/chats`). */
export class OperatorChats {
  constructor(
    private readonly telegramUrl: string,
    private readonly tokens: StaffTokens,
    private readonly timeoutMs = 5_000,
  ) {}

  async waiting(operator: StaffPrincipal): Promise<WaitingChat[]> {
    const answer = (await getJson(
      'telegram',
      `${this.telegramUrl}/operator/chats`,
      await this.tokens(operator),
      this.timeoutMs,
    )) as { items?: Partial<WaitingChat>[] };
    return (answer.items ?? [])
      .filter((c): c is Partial<WaitingChat> & { chatId: number } => typeof c.chatId === 'number')
      .map((c) => ({
        chatId: c.chatId,
        requestedAt: String(c.requestedAt ?? ''),
        ...(typeof c.locale === 'string' ? { locale: c.locale } : {}),
        ...(typeof c.name === 'string' ? { name: c.name } : {}),
        ...(typeof c.caseId === 'string' ? { caseId: c.caseId } : {}),
        ...(typeof c.caseNumber === 'string' ? { caseNumber: c.caseNumber } : {}),
        ...(typeof c.township === 'string' ? { township: c.township } : {}),
      }));
  }
}

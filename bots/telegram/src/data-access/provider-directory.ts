import type { Logger } from '@carelink/telemetry';
import { callService } from './intake-client';

interface RegionNames {
  names?: Map<string, string>;
  readAt: number;
  reading?: Promise<void>;
}

/**
 * The names of a region's contracted providers, from the referral service (`GET /providers`, with the bot's
 * channel token of that region), kept for `ttlMs` and read again after. When referral cannot be reached the
 * names read last are used, and a provider not among them is asked again at most every half minute; without
 * any, a provider has no name (the resident hears "a provider", never its id).
 */
export class ProviderDirectory {
  private readonly regions = new Map<string, RegionNames>();

  constructor(
    private readonly baseUrl: string,
    /** The bot's channel token of a region. */
    private readonly token: (region: string) => Promise<string>,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The name of a provider with a contract in `region` (read with the bot's token of that region). */
  async name(providerId: string, region: string): Promise<string | undefined> {
    let known = this.regions.get(region);
    if (!known) this.regions.set(region, (known = { readAt: 0 }));
    const age = this.now() - known.readAt;
    // A provider not known yet may have a contract since the last read: read again, at most every half minute.
    const missing = !known.names?.has(providerId);
    if (age > this.ttlMs || (missing && age > 30_000)) await this.read(known, region);
    return known.names?.get(providerId);
  }

  private read(known: RegionNames, region: string): Promise<void> {
    known.reading ??= (async () => {
      try {
        const { body } = await callService<{ items: { providerId: string; name: string }[] }>(
          `${this.baseUrl}/providers`,
          { method: 'GET', token: await this.token(region) },
        );
        known.names = new Map(body.items.map((p) => [p.providerId, p.name]));
      } catch (err) {
        this.logger.warn(
          { err: (err as Error).message, region },
          'the providers’ names could not be read from referral',
        );
      } finally {
        known.readAt = this.now();
      }
    })().finally(() => {
      known.reading = undefined;
    });
    return known.reading;
  }
}

import IORedis, { type Redis } from 'ioredis';

/** At most `limit` hits in each window of `windowSeconds`. */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export interface RateVerdict {
  allowed: boolean;
  /** When the window that refused ends (0 when allowed). */
  retryAfterSeconds: number;
}

/** Redis could not be asked: the caller decides whether to refuse (look-ups do: 503). */
export class RateLimitsUnavailable extends Error {
  constructor(cause: unknown) {
    super(`rate limits unavailable: ${(cause as Error).message}`, { cause });
    this.name = 'RateLimitsUnavailable';
  }
}

/** One atomic step: count the hit, start the window's expiry with its first hit, and say what is left of it. */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
`;

/**
 * Fixed-window counters on Redis, one per key (a caller, a looked-up person …), each expiring with its
 * window: what limits how often something may be asked for. Keys are used as given under `prefix`: callers
 * pass keyed hashes, never phone or ID numbers. Fails closed: a Redis that does not answer in time raises
 * `RateLimitsUnavailable`.
 */
export class RateLimits {
  private readonly redis: Redis;

  constructor(private readonly options: { redisUrl: string; prefix: string; timeoutMs?: number }) {
    this.redis = new IORedis(options.redisUrl, {
      maxRetriesPerRequest: 1,
      commandTimeout: options.timeoutMs ?? 1000,
      lazyConnect: true,
    });
  }

  /** Counts one hit of `key` under `rule`; allowed while the window's count is within the limit. */
  async hit(key: string, rule: RateRule): Promise<RateVerdict> {
    let counted: [number, number];
    try {
      counted = (await this.redis.eval(
        HIT,
        1,
        `${this.options.prefix}ratelimit:${key}`,
        String(rule.windowSeconds * 1000),
      )) as [number, number];
    } catch (err) {
      throw new RateLimitsUnavailable(err);
    }
    const [count, ttlMs] = counted;
    if (count <= rule.limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }

  async ping(): Promise<boolean> {
    return (await this.redis.ping()) === 'PONG';
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

import { testServers, uniqueName } from '@carelink/test-servers';
import { RateLimits } from '../src';

describe('RateLimits on the real Redis', () => {
  let limits: RateLimits;

  beforeAll(async () => {
    limits = new RateLimits({ redisUrl: (await testServers()).redisUrl, prefix: `${uniqueName('limits')}:` });
  });
  afterAll(() => limits.close());

  it('allows the limit within a window, refuses beyond it with the time left, and counts keys apart', async () => {
    const rule = { limit: 3, windowSeconds: 60 };
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await limits.hit('caller-a', rule));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false, false]);
    expect(verdicts[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(verdicts[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await limits.hit('caller-b', rule)).allowed).toBe(true);
  });

  it('counts hits that race, none lost', async () => {
    const rule = { limit: 10, windowSeconds: 60 };
    const verdicts = await Promise.all(Array.from({ length: 15 }, () => limits.hit('racing', rule)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
  });

  it('opens a new window once the old one ends', async () => {
    const rule = { limit: 1, windowSeconds: 1 };
    expect((await limits.hit('short', rule)).allowed).toBe(true);
    expect((await limits.hit('short', rule)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await limits.hit('short', rule)).allowed).toBe(true);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderDirectory } from '../src/data-access/provider-directory';

/** A stand-in referral `GET /providers` on a local port: counts the reads, answers or fails as told. */
function referral() {
  const state = {
    reads: 0,
    fail: false,
    tokens: [] as string[],
    items: [{ providerId: 'sun', name: '阳光助老服务社' }],
  };
  const server: Server = createServer((req, res) => {
    state.reads += 1;
    state.tokens.push(String(req.headers.authorization));
    if (state.fail) return void res.writeHead(503).end('{}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: state.items }));
  });
  return { state, server };
}

describe('the providers’ names, read from referral', () => {
  const { state, server } = referral();
  let url = '';
  let now = 1_000_000;
  const warned: string[] = [];
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('reads once, keeps the names, asks again for an unknown provider at most every half minute, and after the TTL', async () => {
    const names = new ProviderDirectory(
      url,
      async (region) => `token-${region}`,
      { warn: ((_o: unknown, m?: string) => void warned.push(String(m))) as never },
      600_000,
      () => now,
    );
    expect(await names.name('sun', 'chizhou')).toBe('阳光助老服务社');
    expect(await names.name('sun', 'chizhou')).toBe('阳光助老服务社');
    expect(state.reads).toBe(1);
    expect(state.tokens).toEqual(['Bearer token-chizhou']);
    expect(await names.name('moon', 'chizhou')).toBeUndefined();
    expect(state.reads).toBe(1);
    now += 31_000;
    state.items.push({ providerId: 'moon', name: '明月家政' });
    expect(await names.name('moon', 'chizhou')).toBe('明月家政');
    expect(state.reads).toBe(2);
    // Referral down: the names read last stay; it is logged, not thrown.
    state.fail = true;
    now += 700_000;
    expect(await names.name('sun', 'chizhou')).toBe('阳光助老服务社');
    expect(warned).toHaveLength(1);
    // Another region is read with its own token.
    state.fail = false;
    await names.name('sun', 'changji');
    expect(state.tokens.at(-1)).toBe('Bearer token-changji');
  });
});

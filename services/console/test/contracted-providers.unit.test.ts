import type { StaffPrincipal } from '@carelink/auth';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractedProviders } from '../src/data-access/service-calls';

/** A stand-in for referral's `GET /contracts` (in this process): it answers `names`, or 503 while `down`. */
function referralStandIn() {
  const state = { reads: 0, names: ['阳光社工'], down: false };
  const server: Server = createServer((_req, res) => {
    state.reads++;
    if (state.down) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"down"}');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items: state.names.map((n, i) => ({ providerId: `p${i}`, providerName: n })) }));
  });
  return { state, server };
}

const township: StaffPrincipal = {
  sub: 'cz-township',
  role: 'township_caseworker',
  region: 'chizhou',
  jurisdiction: '341702001',
};
const names = (list: { name: string }[]) => list.map((p) => p.name);
/** Asks `done` every 20 ms until it holds (a background read has finished), for at most 5 s. */
async function until(done: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 5_000;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('the background read did not finish in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the providers named in the directory', () => {
  const { state, server } = referralStandIn();
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('are read once a minute; after that the names kept answer at once while they are read again', async () => {
    const providers = new ContractedProviders(url, async () => 'token', 60_000);
    const t0 = 1_000_000;
    expect(names(await providers.of(township, t0))).toEqual(['阳光社工']);
    expect(names(await providers.of(township, t0 + 30_000))).toEqual(['阳光社工']);
    expect(state.reads).toBe(1);

    state.names = ['阳光社工', '康乐服务中心'];
    // A minute later: the kept names, at once; the new ones once referral has answered.
    expect(names(await providers.of(township, t0 + 61_000))).toEqual(['阳光社工']);
    await until(async () => names(await providers.of(township, Date.now())).length === 2);
    expect(names(await providers.of(township, Date.now()))).toEqual(['阳光社工', '康乐服务中心']);
    // One read in the background, however many calls came while it ran.
    expect(state.reads).toBe(2);
  });

  it('keep the names they have when referral is down, and ask again on the next call', async () => {
    state.names = ['阳光社工'];
    state.down = false;
    state.reads = 0;
    const providers = new ContractedProviders(url, async () => 'token', 60_000);
    const t0 = 2_000_000;
    await providers.of(township, t0);
    state.down = true;
    expect(names(await providers.of(township, t0 + 61_000))).toEqual(['阳光社工']);
    // Once that read has failed, the next call reads again; every call meanwhile answers the names kept.
    await until(async () => {
      if (state.reads >= 3) return true;
      expect(names(await providers.of(township, t0 + 62_000))).toEqual(['阳光社工']);
      return false;
    });
    expect(state.reads).toBe(3);
  });

  it('fail when the first read fails, and read again on the next call', async () => {
    state.down = true;
    state.reads = 0;
    const providers = new ContractedProviders(url, async () => 'token', 60_000);
    await expect(providers.of(township, 3_000_000)).rejects.toThrow(/referral answered 503/);
    state.down = false;
    expect(names(await providers.of(township, 3_000_001))).toEqual(['阳光社工']);
    expect(state.reads).toBe(2);
  });
});

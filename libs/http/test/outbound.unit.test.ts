import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  OutboundRefused,
  publicEndpointProblem,
  publicHttpClient,
  specialPurposeRange,
  type Resolve,
} from '../src/outbound';

/** A DNS that answers from a table, counting questions: no network needed, and rebinding can be staged. */
const dns = (table: Record<string, string[] | (() => string[])>) => {
  const asked: string[] = [];
  const resolve: Resolve = async (hostname) => {
    asked.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return (typeof entry === 'function' ? entry() : entry).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
  return { resolve, asked };
};

describe('special-purpose addresses', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '198.18.0.1', // benchmarking 198.18.0.0/15
    '198.19.255.254',
    '224.0.0.251', // multicast
    '239.255.255.250',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::5',
    'fec0::1', // site-local fec0::/10
    'ff02::1', // multicast
    '64:ff9b::7f00:1', // NAT64 64:ff9b::/96 of 127.0.0.1
    '64:ff9b::808:808', // NAT64 of a public address: still not a direct public host
    '2002:7f00:1::', // 6to4 2002::/16
    '2001:db8::1',
    '::ffff:127.0.0.1', // IPv4-mapped loopback
    '::ffff:10.0.0.1', // IPv4-mapped private
    '::127.0.0.1', // IPv4-compatible
  ])('%s is not public', (address) => {
    expect(specialPurposeRange(address)).toBeDefined();
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('%s is public', (a) => {
    expect(specialPurposeRange(a)).toBeUndefined();
  });
});

describe('endpoints a user names', () => {
  const { resolve } = dns({
    'hooks.dept.example': ['93.184.216.34', '2606:4700:4700::1111'],
    '127.0.0.1.nip.io': ['127.0.0.1'], // wildcard DNS
    'mixed.example': ['93.184.216.34', '10.0.0.7'],
    'nat64.example': ['64:ff9b::a00:1'],
  });

  it.each([
    'http://hooks.dept.example/x',
    'https://localhost/x',
    'https://localhost./x',
    'https://api.localhost/x',
    'https://LOCALHOST../x',
    'https://intranet/x',
    'https://printer.local/x',
    'https://127.0.0.1/x',
    'https://2130706433/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://[64:ff9b::7f00:1]/x',
    'https://[2002:a00:1::]/x',
    'https://[fec0::1]/x',
    'https://198.18.0.10/x',
    'https://[ff05::2]/x',
    'https://224.0.0.1/x',
    'https://127.0.0.1.nip.io/x',
    'https://mixed.example/x',
    'https://nat64.example/x',
    'https://nowhere.example/x',
  ])('refuses %s', async (endpoint) => {
    await expect(publicEndpointProblem(endpoint, resolve)).resolves.toBeDefined();
  });

  it.each(['https://hooks.dept.example/x', 'https://93.184.216.34:8443/x', 'https://[2606:4700:4700::1111]/x'])(
    'accepts %s',
    async (endpoint) => {
      await expect(publicEndpointProblem(endpoint, resolve)).resolves.toBeUndefined();
    },
  );
});

describe('the pinned client', () => {
  let server: Server;
  let port: number;
  const received: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('delivered');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('connects to the address its own lookup checked, with the host name in the Host header', async () => {
    const { resolve, asked } = dns({ 'hooks.dept.example': ['127.0.0.1'] });
    // Loopback is permitted here only so that the test's own server can stand in for the department's.
    const client = publicHttpClient({ resolve, permits: (a) => a === '127.0.0.1' });
    const res = await client.request(`http://hooks.dept.example:${port}/x`, {
      method: 'POST',
      body: '{}',
      timeoutMs: 2000,
    });
    client.close();
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('delivered');
    expect(received.at(-1)?.host).toBe(`hooks.dept.example:${port}`);
    expect(asked).toEqual(['hooks.dept.example']);
  });

  it('refuses at connection time a name that resolved to a public address when it was checked (rebinding)', async () => {
    let calls = 0;
    const { resolve } = dns({ 'rebind.example': () => (calls++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']) });
    await expect(publicEndpointProblem('https://rebind.example/x', resolve)).resolves.toBeUndefined();
    const client = publicHttpClient({ resolve });
    const before = received.length;
    await expect(client.request(`http://rebind.example:${port}/x`, { timeoutMs: 2000 })).rejects.toBeInstanceOf(
      OutboundRefused,
    );
    client.close();
    expect(received.length).toBe(before);
  });

  it('refuses internal IP literals and localhost. without resolving them', async () => {
    const { resolve, asked } = dns({});
    const client = publicHttpClient({ resolve });
    for (const url of [`http://127.0.0.1:${port}/`, `http://localhost.:${port}/`, `http://[::ffff:7f00:1]:${port}/`])
      await expect(client.request(url, { timeoutMs: 2000 })).rejects.toBeInstanceOf(OutboundRefused);
    client.close();
    expect(asked).toEqual([]);
  });
});

/**
 * Referral's HTTP edge as an attacker meets it, on the real servers (in-process on Kafka, FerretDB, Redis)
 * with the webhook guard on: endpoints that are not public hosts, bearer tokens without an end or living
 * for years, adapter tokens where only staff may act, and the headers every answer carries.
 */
import { issueAdapterToken, issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import {
  adapterTokenSigningKeyOf,
  startService,
  staffTokenSigningKeyOf,
  type RunningService,
} from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { createHmac, createPrivateKey, sign } from 'node:crypto';
import { createConfig, type ReferralConfig } from '../src/config';
import { referralService } from '../src/service';

/** The local platform's keys: the service under test checks tokens with their public halves. */
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });
const ivrSigningKey = adapterTokenSigningKeyOf('ivr', { CARELINK_ENV: 'local' });

describe('referral edge security (real servers, webhook guard on)', () => {
  let running: RunningService<ReferralConfig>;
  const runId = uniqueName('refedge');
  const county: StaffPrincipal = { sub: 'county', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' };
  const health: StaffPrincipal = {
    sub: 'health',
    role: 'department_staff',
    region: 'chizhou',
    jurisdiction: '341702',
    departmentCode: 'health',
  };
  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(url(path), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json().catch(() => ({}))) as { code?: string },
    };
  };
  /** A token made by hand with a private key, as someone holding it could: any claims, any lifetime. */
  const forged = (p: StaffPrincipal, signingKey: string, audience: string, exp?: number) => {
    const { sub, ...claims } = p;
    const jwk = JSON.parse(signingKey) as { kid: string };
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const signed = `${part({ alg: 'EdDSA', kid: jwk.kid })}.${part({ ...claims, sub, iss: 'carelink', aud: audience, iat: now, ...(exp ? { exp } : {}) })}`;
    const key = createPrivateKey({ key: jwk, format: 'jwk' });
    return `${signed}.${sign(null, Buffer.from(signed), key).toString('base64url')}`;
  };

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      referralService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_referral`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
        WEBHOOK_ALLOW_INSECURE: 'false',
      }),
    );
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  it.each([
    'https://localhost./hook',
    'https://localhost../hook',
    'https://hooks.localhost/hook',
    'https://[64:ff9b::7f00:1]/hook', // NAT64 of 127.0.0.1
    'https://[64:ff9b::a9fe:a9fe]/hook', // NAT64 of the metadata address
    'https://[2002:7f00:1::]/hook', // 6to4 of 127.0.0.1
    'https://[fec0::1]/hook', // site-local
    'https://198.18.0.1/hook', // benchmarking
    'https://224.0.0.1/hook', // multicast
    'https://[ff02::1]/hook',
    'https://[::ffff:10.0.0.1]/hook', // IPv4-mapped private
    'https://169.254.169.254/latest/meta-data',
    'http://93.184.216.34/hook', // plain http
  ])('refuses a webhook endpoint %s', async (endpoint) => {
    const token = await issueStaffToken(health, staffSigningKey);
    const res = await call('POST', '/webhook-subscriptions', token, {
      departmentCode: 'health',
      region: 'chizhou',
      endpoint,
      places: ['341702001'],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('unsafe_endpoint');
  });

  it('accepts an https endpoint on a public address; stores its description without bidi or zero-width characters', async () => {
    const token = await issueStaffToken(health, staffSigningKey);
    const res = await call('POST', '/webhook-subscriptions', token, {
      departmentCode: 'health',
      region: 'chizhou',
      endpoint: 'https://93.184.216.34/hook',
      places: ['341702001'],
      // Reads "卫健委 kooh" where the override is honoured; stored as typed, minus what cannot be seen.
      description: '卫健委\u202E hook\u202C\u200B 回调\u2066\uFEFF',
    });
    expect(res.status).toBe(201);
    const stored = await call(
      'GET',
      `/webhook-subscriptions/${(res.body as { subscriptionId?: string }).subscriptionId}`,
      token,
    );
    expect((stored.body as { description?: string }).description).toBe('卫健委 hook 回调');
  });

  it('refuses a token without exp, and one living ten years (401)', async () => {
    const secret = staffSigningKey;
    const noExp = forged(county, secret, 'carelink-staff');
    expect((await call('GET', '/contracts', noExp)).status).toBe(401);
    const tenYears = forged(county, secret, 'carelink-staff', Math.floor(Date.now() / 1000) + 10 * 365 * 86400);
    expect((await call('GET', '/contracts', tenYears)).status).toBe(401);
    expect((await call('GET', '/contracts', await issueStaffToken(county, secret, '8h'))).status).toBe(200);
  });

  it('takes adapter tokens only where adapters act: 403 on a county endpoint; an adapter’s key makes no officer', async () => {
    const adapter = await issueAdapterToken(
      { sub: 'ivr-adapter', region: 'chizhou', jurisdiction: '3417', channel: 'ivr' },
      ivrSigningKey,
    );
    const contract = await call('POST', '/contracts', adapter, {});
    expect(contract.status).toBe(403);
    expect(contract.body.code).toBe('role_not_allowed');
    const officer = forged(county, ivrSigningKey, 'carelink-adapter', Math.floor(Date.now() / 1000) + 600);
    expect((await call('GET', '/contracts', officer)).status).toBe(401);
    const asStaff = forged(county, ivrSigningKey, 'carelink-staff', Math.floor(Date.now() / 1000) + 600);
    expect((await call('GET', '/contracts', asStaff)).status).toBe(401);
    // The public keys the service holds cannot mint either: an HS256 token keyed with them is refused.
    const publicKeys = running.ctx.config.STAFF_TOKEN_PUBLIC_KEYS;
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const { sub, ...claims } = county;
    const body = `${part({ alg: 'HS256' })}.${part({ ...claims, sub, iss: 'carelink', aud: 'carelink-staff', exp: Math.floor(Date.now() / 1000) + 600 })}`;
    const hs = `${body}.${createHmac('sha256', publicKeys).update(body).digest('base64url')}`;
    expect((await call('GET', '/contracts', hs)).status).toBe(401);
  });

  it('answers with security headers, and no-store on everything authenticated (refusals too)', async () => {
    const ok = await call('GET', '/contracts', await issueStaffToken(county, staffSigningKey));
    expect(ok.status).toBe(200);
    for (const res of [ok, await call('GET', '/contracts', 'not-a-token')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const health = await fetch(url('/healthz'));
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

/**
 * The console's backend-for-frontend on the real servers (FerretDB for accounts and audit, Redis for sessions),
 * in-process, in front of a small express server standing in for the services it passes requests on to (an echo
 * of what it receives, the chat bot's operator queue, referral's contracts).
 */
import { verifyStaffToken, type StaffPrincipal } from '@carelink/auth';
import { startTracing } from '@carelink/telemetry';
import { databaseUrl, testServers, uniqueName } from '@carelink/test-servers';
import express from 'express';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfig, type ConsoleConfig } from '../src/config';
import { DEMO_PASSWORD, seedDemoAccounts } from '../src/entry-points/cli/demo-accounts';
import { startConsole, type RunningConsole } from '../src/service';
import { totpCode } from '../src/security/totp';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers, checked field by field

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A browser of one person: keeps the session cookie and the CSRF token, sends the token when asked. */
class Browser {
  cookie?: string;
  csrf?: string;
  constructor(private readonly base: string) {}

  async call(
    method: string,
    path: string,
    options: { json?: unknown; body?: Buffer; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<{ status: number; headers: Headers; body: Json; raw: Buffer }> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (options.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      if (pair!.startsWith('carelink_session=')) this.cookie = pair!.endsWith('=') ? undefined : pair;
    }
    const raw = Buffer.from(await res.arrayBuffer());
    let body: Json = {};
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    } catch {
      body = {};
    }
    return { status: res.status, headers: res.headers, body, raw };
  }

  async signIn(username: string, password: string, totp?: string) {
    const answer = await this.call('POST', '/console/session', {
      json: { username, password, ...(totp ? { totp } : {}) },
    });
    if (answer.status === 200) this.csrf = answer.body.csrfToken;
    return answer;
  }
}

describe('the console BFF on the real servers', () => {
  const runId = uniqueName('console');
  let config: ConsoleConfig;
  let running: RunningConsole;
  let echo: Server;
  let base: string;
  let webDist: string;
  /** What the stand-in chat bot lists as waiting. */
  let waitingChats: Json[] = [];
  const operatorQueueReads: StaffPrincipal[] = [];
  const download = randomBytes(4096);

  const newBrowser = () => new Browser(base);
  const county = async () => {
    const b = newBrowser();
    expect((await b.signIn('cz-county', DEMO_PASSWORD)).status).toBe(200);
    return b;
  };

  beforeAll(async () => {
    startTracing('console-test');
    const servers = await testServers();
    const publicKeys = createConfig({ CARELINK_ENV: 'local' }).STAFF_TOKEN_PUBLIC_KEYS;
    const verified = (req: express.Request) => verifyStaffToken(req.get('authorization')!.slice(7), publicKeys);

    const stand_in = express();
    stand_in.get('/operator/chats', async (req, res) => {
      const principal = await verified(req);
      operatorQueueReads.push(principal);
      if (principal.role !== 'hotline_operator' || principal.region !== 'chizhou')
        return void res.status(403).json({ code: 'outside_region' });
      res.json({ items: waitingChats });
    });
    stand_in.get('/contracts', async (req, res) => {
      await verified(req);
      res.json({ items: [{ providerId: 'demo-cz-sunshine', providerName: '阳光社会工作服务中心（演示）' }] });
    });
    stand_in.get('/recordings/1', (_req, res) => void res.type('audio/ogg').attachment('call-1.ogg').send(download));
    stand_in.all(
      '/refuse/:status',
      (req, res) =>
        void res
          .status(Number(req.params.status))
          .type('application/problem+json')
          .json({ code: 'refused_here', status: Number(req.params.status) }),
    );
    stand_in.all('/*rest', express.raw({ type: () => true, limit: '20mb' }), (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      res.json({
        method: req.method,
        url: req.originalUrl,
        headers: req.headers,
        bodySha: sha(body),
        bodyText: body.toString('utf8'),
      });
    });
    echo = await new Promise<Server>((resolve) => {
      const s = stand_in.listen(0, '127.0.0.1', () => resolve(s));
    });
    const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;

    // Under a dot-folder, as `npm run platform` builds it (.data/…): the page must still be served.
    webDist = join(mkdtempSync(join(tmpdir(), 'console-web-')), '.build');
    mkdirSync(join(webDist, 'assets'), { recursive: true });
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>工作台</title><div id="root"></div>');
    writeFileSync(join(webDist, 'assets', 'app-1234.js'), 'console.log("app")');

    config = createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_console`),
      REDIS_URL: servers.redisUrl,
      REDIS_PREFIX: `${runId}:`,
      LOG_LEVEL: 'silent',
      INTAKE_URL: echoUrl,
      TELEGRAM_URL: echoUrl,
      REFERRAL_URL: echoUrl,
      CHAT_POLL_MS: '100',
      EVENTS_HEARTBEAT_MS: '200',
      WEB_DIST: webDist,
    });
    running = await startConsole(config);
    base = `http://127.0.0.1:${running.port}`;
    // Twice: the seed leaves the same accounts however often it runs.
    await seedDemoAccounts(running.deps.accounts);
    await seedDemoAccounts(running.deps.accounts);
  });

  afterAll(async () => {
    await running?.stop();
    await new Promise((resolve) => echo?.close(resolve));
  });

  describe('sign-in', () => {
    it('signs in: an httpOnly, SameSite=Strict session cookie (not Secure in local mode), the account and a CSRF token', async () => {
      const b = newBrowser();
      const answer = await b.signIn('cz-township', DEMO_PASSWORD);
      expect(answer.status).toBe(200);
      const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('carelink_session='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/);
      expect(answer.body.account).toEqual({
        username: 'cz-township',
        displayName: '演示-池阳街道社工',
        role: 'township_caseworker',
        region: 'chizhou',
        jurisdiction: '341702001',
        jurisdictionName: '池阳街道',
        totpEnabled: false,
        mustChangePassword: false,
        disabled: false,
        demo: true,
        lastSignInAt: expect.any(String),
      });
      expect(answer.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(answer.headers.get('cache-control')).toBe('no-store');

      const session = await b.call('GET', '/console/session');
      expect(session.status).toBe(200);
      expect(session.body).toEqual({ account: answer.body.account, csrfToken: answer.body.csrfToken });
      expect(await newBrowser().call('GET', '/console/session')).toMatchObject({
        status: 401,
        body: { code: 'unauthenticated' },
      });
    });

    it('answers an unknown user exactly as a wrong password; both are audited', async () => {
      const unknown = await newBrowser().signIn('nobody-here', 'whatever-password');
      const wrong = await newBrowser().signIn('cz-village', 'not-the-password');
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      const { instance: _a, traceId: _c, ...unknownProblem } = unknown.body;
      const { instance: _b, traceId: _d, ...wrongProblem } = wrong.body;
      expect(unknownProblem).toEqual(wrongProblem);
      expect(wrongProblem).toMatchObject({ code: 'invalid_credentials', detailZh: '用户名或密码错误' });
      expect(await running.deps.audit.ofActor('nobody-here')).toEqual([
        expect.objectContaining({
          kind: 'sign_in',
          outcome: 'failure',
          reason: 'unknown_user',
          ip: expect.any(String),
        }),
      ]);
      expect((await running.deps.audit.ofActor('cz-village'))[0]).toMatchObject({
        kind: 'sign_in',
        outcome: 'failure',
        reason: 'wrong_password',
        role: 'village_coordinator',
        jurisdiction: '341702001201',
      });
      // The failure is forgotten at the next good sign-in.
      expect((await newBrowser().signIn('cz-village', DEMO_PASSWORD)).status).toBe(200);
      expect((await running.deps.accounts.get('cz-village'))!.failedSignIns).toEqual([]);
    });

    it('locks an account after 5 failures in 15 minutes: 423 with Retry-After, even with the right password', async () => {
      const officer = await county();
      const made = await officer.call('POST', '/console/accounts', {
        json: { username: 'lock-me', displayName: '锁定测试', role: 'township_caseworker', jurisdiction: '341702002' },
      });
      expect(made.status).toBe(201);
      for (let i = 1; i <= 4; i++)
        expect(await newBrowser().signIn('lock-me', `wrong-password-${i}`)).toMatchObject({
          status: 401,
          body: { code: 'invalid_credentials' },
        });
      const fifth = await newBrowser().signIn('lock-me', 'wrong-password-5');
      expect(fifth.status).toBe(423);
      expect(fifth.body).toMatchObject({ code: 'account_locked' });
      expect(fifth.body.detailZh).toMatch(/15分钟后再试/);
      expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(890);
      const right = await newBrowser().signIn('lock-me', made.body.temporaryPassword);
      expect(right.status).toBe(423);
      const entries = await running.deps.audit.ofActor('lock-me');
      expect(entries.map((e) => `${e.outcome}:${e.reason}`)).toEqual([
        'locked:still_locked',
        'locked:wrong_password',
        'failure:wrong_password',
        'failure:wrong_password',
        'failure:wrong_password',
        'failure:wrong_password',
      ]);
      // The county resets the password: the lock-out is lifted, the new temporary password works.
      const reset = await officer.call('PATCH', '/console/accounts/lock-me', { json: { resetPassword: true } });
      expect(reset.status).toBe(200);
      expect((await newBrowser().signIn('lock-me', reset.body.temporaryPassword)).status).toBe(200);
    });

    it('a temporary password only lets the account choose its own; then it works everywhere', async () => {
      const officer = await county();
      const made = await officer.call('POST', '/console/accounts', {
        json: { username: 'first-day', displayName: '新社工', role: 'township_caseworker', jurisdiction: '341702001' },
      });
      expect(made.body.account).toMatchObject({ mustChangePassword: true, jurisdictionName: '池阳街道' });
      const b = newBrowser();
      expect((await b.signIn('first-day', made.body.temporaryPassword)).body.account.mustChangePassword).toBe(true);
      expect(await b.call('GET', '/api/intake/requests')).toMatchObject({
        status: 403,
        body: { code: 'password_change_required' },
      });
      expect(
        await b.call('POST', '/console/session/password', {
          json: { currentPassword: made.body.temporaryPassword, newPassword: 'first-day' },
        }),
      ).toMatchObject({ status: 400, body: { code: 'weak_password' } });
      const changed = await b.call('POST', '/console/session/password', {
        json: { currentPassword: made.body.temporaryPassword, newPassword: 'my-own-password-1' },
      });
      expect(changed).toMatchObject({ status: 200, body: { account: { mustChangePassword: false } } });
      expect((await b.call('GET', '/api/intake/requests')).status).toBe(200);
      expect((await newBrowser().signIn('first-day', made.body.temporaryPassword)).status).toBe(401);
      expect((await newBrowser().signIn('first-day', 'my-own-password-1')).status).toBe(200);
      expect((await running.deps.audit.ofActor('first-day')).map((e) => e.kind)).toContain('password_change');
    });

    it('TOTP: enrol (secret shown once, sealed at rest), then sign-in asks for a fresh code of the authenticator', async () => {
      const officer = await county();
      const made = await officer.call('POST', '/console/accounts', {
        json: { username: 'two-step', displayName: '两步验证', role: 'hotline_operator', jurisdiction: '341702' },
      });
      const b = newBrowser();
      await b.signIn('two-step', made.body.temporaryPassword);
      await b.call('POST', '/console/session/password', {
        json: { currentPassword: made.body.temporaryPassword, newPassword: 'two-step-password' },
      });
      const started = await b.call('POST', '/console/session/totp');
      expect(started.status).toBe(200);
      expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
      const secret: string = started.body.secret;
      const stored = await running.deps.accounts.get('two-step');
      expect(JSON.stringify(stored)).not.toContain(secret);
      expect(await b.call('POST', '/console/session/totp/confirm', { json: { code: '000000' } })).toMatchObject({
        status: 400,
        body: { code: 'totp_invalid' },
      });
      const now = Date.now();
      const confirmed = await b.call('POST', '/console/session/totp/confirm', {
        json: { code: totpCode(secret, new Date(now)) },
      });
      expect(confirmed).toMatchObject({ status: 200, body: { account: { totpEnabled: true } } });
      await b.call('DELETE', '/console/session');

      expect(await newBrowser().signIn('two-step', 'two-step-password')).toMatchObject({
        status: 401,
        body: { code: 'totp_required' },
      });
      // The code used to confirm is spent; the next step's code (within the window) works once.
      expect(await newBrowser().signIn('two-step', 'two-step-password', totpCode(secret, new Date(now)))).toMatchObject(
        {
          status: 401,
          body: { code: 'totp_invalid' },
        },
      );
      const next = totpCode(secret, new Date(now + 30_000));
      expect((await newBrowser().signIn('two-step', 'two-step-password', next)).status).toBe(200);
      expect(await newBrowser().signIn('two-step', 'two-step-password', next)).toMatchObject({
        status: 401,
        body: { code: 'totp_invalid' },
      });
      const kinds = (await running.deps.audit.ofActor('two-step')).map(
        (e) => `${e.kind}:${e.outcome}:${e.reason ?? ''}`,
      );
      expect(kinds).toEqual(
        expect.arrayContaining([
          'totp_change:success:',
          'sign_in:failure:totp_replayed',
          'sign_in:success:',
          'sign_out:success:',
        ]),
      );
    });
  });

  describe('CSRF', () => {
    it('refuses a request that changes something without the session’s token, or with another', async () => {
      const b = newBrowser();
      await b.signIn('cz-township', DEMO_PASSWORD);
      const other = newBrowser();
      await other.signIn('cz-township', DEMO_PASSWORD);
      expect(await b.call('POST', '/api/intake/requests', { json: { a: 1 }, csrf: false })).toMatchObject({
        status: 403,
        body: { code: 'csrf_mismatch' },
      });
      expect(
        await b.call('POST', '/api/intake/requests', {
          json: { a: 1 },
          csrf: false,
          headers: { 'x-csrf-token': other.csrf! },
        }),
      ).toMatchObject({ status: 403, body: { code: 'csrf_mismatch' } });
      expect(await b.call('DELETE', '/console/session', { csrf: false })).toMatchObject({ status: 403 });
      expect((await b.call('POST', '/api/intake/requests', { json: { a: 1 } })).status).toBe(200);
      expect((await b.call('DELETE', '/console/session')).status).toBe(204);
      expect((await b.call('GET', '/console/session')).status).toBe(401);
      // Signing out one session leaves the other.
      expect((await other.call('GET', '/console/session')).status).toBe(200);
    });
  });

  describe('session expiry', () => {
    let short: RunningConsole;
    beforeAll(async () => {
      short = await startConsole({
        ...config,
        SESSION_IDLE_SECONDS: 1,
        SESSION_MAX_SECONDS: 3,
        WEB_DIST: join(webDist, 'missing'),
      });
    });
    afterAll(() => short?.stop());
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('ends after the idle time without a request', async () => {
      const b = new Browser(`http://127.0.0.1:${short.port}`);
      await b.signIn('cz-township', DEMO_PASSWORD);
      expect((await b.call('GET', '/console/session')).status).toBe(200);
      await sleep(1300);
      expect(await b.call('GET', '/console/session')).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    });

    it('each request renews it, up to the absolute end after sign-in', async () => {
      const b = new Browser(`http://127.0.0.1:${short.port}`);
      await b.signIn('cz-township', DEMO_PASSWORD);
      for (let i = 0; i < 3; i++) {
        await sleep(700);
        expect((await b.call('GET', '/console/session')).status).toBe(200);
      }
      await sleep(1000);
      expect((await b.call('GET', '/console/session')).status).toBe(401);
    });

    it('without a built web app, pages answer 503 saying how to build it', async () => {
      const page = await fetch(`http://127.0.0.1:${short.port}/worklist`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(503);
      expect(await page.text()).toMatch(/npm run build -w @carelink\/console/);
    });
  });

  describe('the API proxy', () => {
    let township: Browser;
    beforeAll(async () => {
      township = newBrowser();
      await township.signIn('cz-township', DEMO_PASSWORD);
    });

    it('passes a request on with a 5-minute staff JWT of the account, never the cookie, with the trace', async () => {
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const answer = await township.call('GET', '/api/intake/requests?status=new&q=%E5%BC%A0', {
        headers: { traceparent },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.method).toBe('GET');
      expect(answer.body.url).toBe('/requests?status=new&q=%E5%BC%A0');
      expect(answer.body.headers.cookie).toBeUndefined();
      expect(answer.body.headers['x-csrf-token']).toBeUndefined();
      expect(answer.body.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
      const token = String(answer.body.headers.authorization).replace(/^Bearer /, '');
      const principal = await verifyStaffToken(token, config.STAFF_TOKEN_PUBLIC_KEYS);
      expect(principal).toEqual({
        sub: 'cz-township',
        name: '演示-池阳街道社工',
        role: 'township_caseworker',
        region: 'chizhou',
        jurisdiction: '341702001',
      });
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
        iat: number;
        exp: number;
      };
      expect(claims.exp - claims.iat).toBe(300);
      expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'EdDSA' });
      // A new token for every request.
      const again = await township.call('GET', '/api/intake/requests');
      expect(again.body.headers.authorization).toBeDefined();
    });

    it('passes JSON bodies and streams uploads byte for byte', async () => {
      const json = await township.call('POST', '/api/intake/requests', {
        json: { region: 'chizhou', items: ['CZ-QJ-01'], note: '演示' },
        headers: { 'idempotency-key': 'key-1' },
      });
      expect(json.body).toMatchObject({ method: 'POST', url: '/requests' });
      expect(JSON.parse(json.body.bodyText)).toEqual({ region: 'chizhou', items: ['CZ-QJ-01'], note: '演示' });
      expect(json.body.headers['idempotency-key']).toBe('key-1');

      const boundary = 'carelink-boundary';
      const file = randomBytes(3 * 1024 * 1024);
      const multipart = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="id.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const upload = await township.call('POST', '/api/intake/requests/c-1/attachments?kind=id_card', {
        body: multipart,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expect(upload.status).toBe(200);
      expect(upload.body.url).toBe('/requests/c-1/attachments?kind=id_card');
      expect(upload.body.bodySha).toBe(sha(multipart));
      expect(upload.body.headers['content-type']).toBe(`multipart/form-data; boundary=${boundary}`);
    });

    it('passes the answer back: status, content type and disposition, bytes; refusals as they are', async () => {
      const file = await township.call('GET', '/api/intake/recordings/1');
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('audio/ogg');
      expect(file.headers.get('content-disposition')).toBe('attachment; filename=call-1.ogg');
      expect(sha(file.raw)).toBe(sha(download));
      const refused = await township.call('POST', '/api/intake/refuse/409', { json: {} });
      expect(refused).toMatchObject({ status: 409, body: { code: 'refused_here' } });
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('an unknown service is 404; no session is 401; a service that is down is 502', async () => {
      expect(await township.call('GET', '/api/nowhere/x')).toMatchObject({
        status: 404,
        body: { code: 'unknown_service' },
      });
      expect(await township.call('GET', '/api/constructor/x')).toMatchObject({
        status: 404,
        body: { code: 'unknown_service' },
      });
      expect(await newBrowser().call('GET', '/api/intake/requests')).toMatchObject({
        status: 401,
        body: { code: 'unauthenticated' },
      });
      // Nothing listens on provider-scheduling's port in this test.
      const down = await startConsole({ ...config, PROVIDER_SCHEDULING_URL: 'http://127.0.0.1:9' });
      try {
        const b = new Browser(`http://127.0.0.1:${down.port}`);
        await b.signIn('cz-provider', DEMO_PASSWORD);
        expect(await b.call('GET', '/api/provider-scheduling/assignments')).toMatchObject({
          status: 502,
          body: { code: 'upstream_unavailable' },
        });
      } finally {
        await down.stop();
      }
    });
  });

  describe('accounts and the audit trail', () => {
    it('a county officer creates accounts only inside its jurisdiction; others manage none; refusals are audited', async () => {
      const officer = await county();
      expect(
        await officer.call('POST', '/console/accounts', {
          json: { username: 'dongzhi-tw', displayName: '东至', role: 'township_caseworker', jurisdiction: '341721100' },
        }),
      ).toMatchObject({ status: 403, body: { code: 'outside_jurisdiction' } });
      expect(
        await officer.call('POST', '/console/accounts', {
          json: { username: 'city-county', displayName: '市级', role: 'county_officer', jurisdiction: '3417' },
        }),
      ).toMatchObject({ status: 403, body: { code: 'outside_jurisdiction' } });
      expect(
        await officer.call('POST', '/console/accounts', {
          json: {
            username: 'cz-township',
            displayName: '重名',
            role: 'township_caseworker',
            jurisdiction: '341702001',
          },
        }),
      ).toMatchObject({ status: 409, body: { code: 'username_taken' } });
      const township = newBrowser();
      await township.signIn('cz-township', DEMO_PASSWORD);
      expect(
        await township.call('POST', '/console/accounts', {
          json: {
            username: 'by-township',
            displayName: 'x',
            role: 'village_coordinator',
            jurisdiction: '341702001201',
          },
        }),
      ).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
      expect((await township.call('GET', '/console/accounts')).status).toBe(403);
      expect((await township.call('GET', '/console/audit')).status).toBe(403);

      const trail = await officer.call('GET', '/console/audit?kind=account_change');
      expect(trail.status).toBe(200);
      expect(trail.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'account_change',
            actor: 'cz-county',
            role: 'county_officer',
            outcome: 'failure',
            reason: 'outside_jurisdiction',
            what: 'create township_caseworker dongzhi-tw at 341721100',
            ip: expect.any(String),
            at: expect.any(String),
          }),
          expect.objectContaining({
            actor: 'cz-county',
            outcome: 'success',
            subject: expect.objectContaining({ username: 'lock-me' }),
          }),
        ]),
      );
      // The township's refused attempt is in the trail of its jurisdiction, which the county's contains.
      expect(trail.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ actor: 'cz-township', outcome: 'failure', reason: 'role_not_allowed' }),
        ]),
      );
    });

    it('lists the accounts of the jurisdiction only; Changji does not see Chizhou', async () => {
      const officer = await county();
      const mine = (await officer.call('GET', '/console/accounts')).body.items.map((a: Json) => a.username);
      expect(mine).toEqual(expect.arrayContaining(['cz-county', 'cz-township', 'cz-provider', 'cz-health', 'lock-me']));
      expect(mine).not.toContain('cj-township');
      expect(mine).not.toContain('cz-hotline'); // at 3417, wider than 贵池区
      const changji = newBrowser();
      await changji.signIn('cj-county', DEMO_PASSWORD);
      const theirs = (await changji.call('GET', '/console/accounts')).body.items.map((a: Json) => a.username);
      expect(theirs).toEqual(['cj-county', 'cj-township']);
      expect(await changji.call('PATCH', '/console/accounts/cz-township', { json: { disabled: true } })).toMatchObject({
        status: 404,
      });
    });

    it('disabling an account ends its sessions at once', async () => {
      const officer = await county();
      const made = await officer.call('POST', '/console/accounts', {
        json: { username: 'leaving', displayName: '离职', role: 'village_coordinator', jurisdiction: '341702002201' },
      });
      const b = newBrowser();
      await b.signIn('leaving', made.body.temporaryPassword);
      expect((await b.call('GET', '/console/session')).status).toBe(200);
      expect(
        (await officer.call('PATCH', '/console/accounts/leaving', { json: { disabled: true } })).body.account.disabled,
      ).toBe(true);
      expect((await b.call('GET', '/console/session')).status).toBe(401);
      expect(await newBrowser().signIn('leaving', made.body.temporaryPassword)).toMatchObject({
        status: 403,
        body: { code: 'account_disabled' },
      });
    });

    it('sign-ins and sign-outs of the jurisdiction are in the county’s trail, filterable by kind and time', async () => {
      const officer = await county();
      const signIns = await officer.call(
        'GET',
        `/console/audit?kind=sign_in&from=${new Date(Date.now() - 3600_000).toISOString()}`,
      );
      const items = signIns.body.items as Json[];
      expect(items.every((e) => e.kind === 'sign_in')).toBe(true);
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ actor: 'cz-township', outcome: 'success', role: 'township_caseworker' }),
          expect.objectContaining({ actor: 'cz-village', outcome: 'failure', reason: 'wrong_password' }),
          expect.objectContaining({ actor: 'lock-me', outcome: 'locked' }),
        ]),
      );
      expect(items.some((e) => e.actor === 'cj-county')).toBe(false);
      const before = await officer.call('GET', '/console/audit?to=2020-01-01');
      expect(before.body.items).toEqual([]);
    });
  });

  describe('directory, events and the web app', () => {
    it('names the codes of the region, with the contracted providers', async () => {
      const township = newBrowser();
      await township.signIn('cz-township', DEMO_PASSWORD);
      const directory = await township.call('GET', '/console/directory');
      expect(directory.status).toBe(200);
      expect(directory.body.region).toEqual({ code: 'chizhou', name: '池州市', nameEn: 'Chizhou' });
      expect(directory.body.providers).toEqual([
        { providerId: 'demo-cz-sunshine', name: '阳光社会工作服务中心（演示）' },
      ]);
      expect(directory.body.jurisdictions).toContainEqual({ code: '341702', name: '贵池区', level: 'county' });
    });

    it('sends hotline operators chat-waiting and chat-taken from the bot’s queue, and heartbeats', async () => {
      const operator = newBrowser();
      await operator.signIn('cz-hotline', DEMO_PASSWORD);
      const township = newBrowser();
      await township.signIn('cz-township', DEMO_PASSWORD);
      expect(await township.call('GET', '/console/events')).toMatchObject({
        status: 403,
        body: { code: 'role_not_allowed' },
      });

      waitingChats = [{ chatId: 7001, requestedAt: new Date().toISOString(), locale: 'zh', state: 'waiting' }];
      const controller = new AbortController();
      const res = await fetch(`${base}/console/events`, {
        headers: { cookie: operator.cookie! },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      let text = '';
      const readUntil = async (pattern: RegExp) => {
        const deadline = Date.now() + 10_000;
        while (!pattern.test(text) && Date.now() < deadline) {
          const { value, done } = await reader.read();
          if (done) break;
          text += Buffer.from(value).toString('utf8');
        }
        return text;
      };
      expect(await readUntil(/event: chat-waiting\ndata: .*7001/)).toMatch(
        /"chatId":7001,"requestedAt":"[^"]+","locale":"zh"/,
      );
      waitingChats = [];
      expect(await readUntil(/event: chat-taken\ndata: \{"chatId":7001\}/)).toMatch(/chat-taken/);
      expect(await readUntil(/: heartbeat/)).toMatch(/: heartbeat/);
      controller.abort();
      // The queue was read as the operator, with a staff token of the operator's account.
      expect(operatorQueueReads.at(-1)).toMatchObject({
        sub: 'cz-hotline',
        role: 'hotline_operator',
        region: 'chizhou',
      });

      // Everyone left (the stream's end is seen), and an operator comes back: the queue is watched again, and
      // what waits is sent at once.
      for (let i = 0; i < 100 && running.watch.listening > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(running.watch.listening).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      waitingChats = [{ chatId: 7002, requestedAt: new Date().toISOString(), locale: 'en' }];
      const again = new AbortController();
      const second = await fetch(`${base}/console/events`, {
        headers: { cookie: operator.cookie! },
        signal: again.signal,
      });
      const secondReader = second.body!.getReader();
      let secondText = '';
      const deadline = Date.now() + 10_000;
      while (!/"chatId":7002/.test(secondText) && Date.now() < deadline) {
        const { value, done } = await secondReader.read();
        if (done) break;
        secondText += Buffer.from(value).toString('utf8');
      }
      again.abort();
      expect(secondText).toMatch(/event: chat-waiting\ndata: \{"chatId":7002/);
    });

    it('serves the built app: files, the page for client-side routes, 404 for a missing file; its own CSP', async () => {
      const page = await fetch(`${base}/worklist`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<title>工作台<\/title>/);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      // It carries the session it is opened in (here none): no cache may keep it.
      expect(page.headers.get('cache-control')).toBe('no-store');
      const asset = await fetch(`${base}/assets/app-1234.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toMatch(/immutable/);
      expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    });

    it('serves the page with the session it is opened in and the directory, as the console answers them', async () => {
      const bootOf = async (cookie?: string) => {
        const page = await fetch(`${base}/worklist`, cookie ? { headers: { cookie } } : {});
        const html = await page.text();
        const block = /<script type="application\/json" id="console-boot">(.*?)<\/script>/s.exec(html);
        return { page, boot: JSON.parse(block![1]!) as Record<string, unknown> };
      };
      expect((await bootOf()).boot).toEqual({ session: null });

      const township = newBrowser();
      await township.signIn('cz-township', DEMO_PASSWORD);
      const { page, boot } = await bootOf(township.cookie);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(boot.session).toEqual((await township.call('GET', '/console/session')).body);
      expect(boot.directory).toEqual((await township.call('GET', '/console/directory')).body);

      // Signed out: the same cookie opens the page without a session.
      const cookie = township.cookie;
      expect((await township.call('DELETE', '/console/session')).status).toBe(204);
      expect((await bootOf(cookie)).boot).toEqual({ session: null });
    });
  });
});

/**
 * Referral's closed loop and department webhooks on the real servers: the service runs in-process on
 * Kafka, FerretDB and Redis, and a real HTTP subscriber (node:http) receives signed CloudEvents. The
 * subscriber goes away and comes back; nothing is lost and each case's events arrive in order.
 */
import { issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { EventBus, on } from '@carelink/bus';
import {
  buildEvent,
  departmentReferralsTopic,
  EligibilityChanged,
  EligibilityDecided,
  ProviderScoreUpdated,
  topics,
} from '@carelink/contracts';
import { MongoInbox } from '@carelink/store';
import { kafkaSasl, type RunningService, staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { Queue } from 'bullmq';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConfig, type ReferralConfig } from '../src/config';
import { answerDueJobId } from '../src/domain/referral-timers';
import { verifyWebhook } from '../src/domain/webhooks/signature';
import { referralService } from '../src/service';

/** The local platform's staff signing key: the services under test check tokens with its public half. */
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers, checked field by field
type Json = any;

interface Received {
  path: string;
  webhookId: string;
  caseId: string;
  seq: number;
  event: { id: string; type: string; data: Json };
}

/** A department's HTTP endpoint: verifies every signature, can be taken down and brought back. */
class Subscriber {
  received: Received[] = [];
  secrets: string[] = [];
  badSignatures = 0;
  failing = new Set<string>();
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = {
          id: String(req.headers['webhook-id']),
          timestamp: String(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
        };
        if (!this.secrets.some((s) => verifyWebhook(s, headers, body))) {
          this.badSignatures++;
          res.writeHead(401).end();
          return;
        }
        if (this.failing.has(req.url!)) {
          res.writeHead(503).end();
          return;
        }
        this.received.push({
          path: req.url!,
          webhookId: headers.id,
          caseId: String(req.headers['carelink-case-id']),
          seq: Number(req.headers['carelink-case-sequence']),
          event: JSON.parse(body),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server!.closeAllConnections();
  }

  of(path: string, caseId?: string): Received[] {
    return this.received.filter((r) => r.path === path && (!caseId || r.caseId === caseId));
  }
}

describe('referral closed loop and department webhooks (real Kafka, FerretDB, Redis, HTTP subscriber)', () => {
  let running: RunningService<ReferralConfig>;
  let queue: Queue;
  const subscriber = new Subscriber();
  const runId = uniqueName('refwh');
  const startedAt = new Date(Date.now() - 1000).toISOString();
  const tokens: Record<string, string> = {};
  const token = async (name: string, p: Omit<StaffPrincipal, 'sub'>) =>
    (tokens[name] = await issueStaffToken({ sub: name, ...p }, staffSigningKey));

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
        WEBHOOK_BACKOFF_MS: '150',
        WEBHOOK_MAX_ATTEMPTS: '6',
      }),
    );
    queue = new Queue('referral', { connection: { url: servers.redisUrl }, prefix: runId });
    await subscriber.start();
    const chizhou = { region: 'chizhou' as const };
    await token('county', { ...chizhou, role: 'county_officer', jurisdiction: '341702' });
    await token('clerk', { ...chizhou, role: 'township_caseworker', jurisdiction: '341702001' });
    await token('health', { ...chizhou, role: 'department_staff', jurisdiction: '341702', departmentCode: 'health' });
    await token('civil', {
      ...chizhou,
      role: 'department_staff',
      jurisdiction: '341702',
      departmentCode: 'civil_affairs',
    });
    for (const p of ['alpha', 'beta', 'gamma'])
      await token(p, { ...chizhou, role: 'provider_staff', jurisdiction: '341702', providerId: p });
  });

  afterAll(async () => {
    await queue?.close();
    await subscriber.stop().catch(() => undefined);
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const r = await fetch(url(path), {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json().catch(() => undefined)) as Json };
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined> | T | undefined, tries = 300) => {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  /** The case number and person pseudonym of a test case, derived from its id. */
  const caseFacts = (caseId: string) => ({
    caseNumber: `CZ341702-2026-${caseId.slice(0, 6)}`,
    personId: `p_${caseId.replace(/-/g, '').slice(0, 16)}`,
  });
  const decide = async (items: string[], consent: boolean, township = '341702001') => {
    const caseId = randomUUID();
    await running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityDecided, {
        source: '/test',
        key: caseId,
        data: {
          caseId,
          caseNumber: caseFacts(caseId).caseNumber,
          region: 'chizhou',
          packVersion: 'test',
          person: { personId: caseFacts(caseId).personId, name: '王秀英' },
          address: { county: township.slice(0, 6), township },
          items: items.map((itemCode) => ({ itemCode, approved: true, reason: '符合条件' })),
          consent: { given: consent, givenBy: 'applicant', recordedAt: new Date().toISOString() },
          // An elder who cannot look after themselves, nobody caring: a purchased item goes to a provider (000 三(六)1).
          circumstances: {
            age: 78,
            groups: ['dibao'],
            conditions: ['disabled_elder'],
            barthelScore: 40,
            carer: 'absent',
            illnesses: [],
          },
          decidedBy: 'clerk',
          decidedAt: new Date().toISOString(),
        },
      }),
    );
    return caseId;
  };
  /** The person stopped qualifying for an item (dynamic management): its referral is cancelled. */
  const stopItem = async (caseId: string, itemCode: string) =>
    running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityChanged, {
        source: '/test',
        key: caseId,
        data: {
          caseId,
          ...caseFacts(caseId),
          region: 'chizhou',
          township: '341702001',
          packVersion: 'test',
          cause: 'registry_status_changed',
          effectiveFrom: '2026-11-25',
          stoppedItems: [{ itemCode, reason: '已不属于特困供养人员' }],
        },
      }),
    );
  const referral = (caseId: string, item: string) => encodeURIComponent(`${caseId}:${item}`);
  /** The webhook fan-out has handled the case's referral event of this type: logged, and remembered as handled. */
  const fannedOut = async (caseId: string, type: string) => {
    const db = running.ctx.connection;
    const logged = await until(`${type} logged`, async () => {
      const e = await db.collection('referral_event_log').findOne({ caseId, type });
      return e ?? undefined;
    });
    await until(`${type} handled by the webhook fan-out`, async () =>
      (await db.collection('inbox').findOne({ eventId: logged._id })) ? true : undefined,
    );
  };
  const subscribe = async (who: string, path: string, extra: Json = {}) => {
    const r = await call('POST', '/webhook-subscriptions', who, {
      departmentCode: who === 'health' ? 'health' : 'civil_affairs',
      region: 'chizhou',
      endpoint: `http://127.0.0.1:${subscriber.port}${path}`,
      // The departments' staff work for one county of the region: they subscribe for places within it.
      places: ['341702'],
      ...extra,
    });
    expect(r.status).toBe(201);
    expect(r.body.secret).toMatch(/^whsec_/);
    subscriber.secrets.push(r.body.secret);
    return r.body as Json;
  };

  let healthSub: Json;

  it('registers contracts and complaint scores, and subscribes departments over HTTP', async () => {
    for (const [providerId, score] of [
      ['alpha', 100],
      ['beta', 90],
      ['gamma', 80],
    ] as const) {
      const c = await call('POST', '/contracts', 'county', {
        providerId,
        providerName: `${providerId}社工`,
        region: 'chizhou',
        itemCodes: ['CZ-QJ-01'],
        townships: ['341702001'],
        monthlyCapacity: 50,
        validFrom: '2026-01-01',
        validTo: '2030-12-31',
      });
      expect(c.status).toBe(201);
      await running.ctx.bus.publish(
        topics.providerScores,
        buildEvent(ProviderScoreUpdated, {
          source: '/test',
          key: providerId,
          data: {
            region: 'chizhou',
            providerId,
            score,
            ratings: { count: 1, averageTenths: 40 },
            upheldComplaints: 0,
            computedAt: new Date().toISOString(),
          },
        }),
      );
    }
    // A department may subscribe only for itself.
    const other = await call('POST', '/webhook-subscriptions', 'health', {
      departmentCode: 'civil_affairs',
      region: 'chizhou',
      endpoint: `http://127.0.0.1:${subscriber.port}/x`,
    });
    expect(other.status).toBe(403);
    // A county office subscribes for places within its county only; the county officer names them.
    const forSubscription = (who: string, places?: string[]) =>
      call('POST', '/webhook-subscriptions', who, {
        departmentCode: 'health',
        region: 'chizhou',
        endpoint: `http://127.0.0.1:${subscriber.port}/x`,
        ...(places ? { places } : {}),
      });
    expect((await forSubscription('health')).status).toBe(403);
    expect((await forSubscription('health', ['341721'])).status).toBe(403);
    expect((await forSubscription('county')).status).toBe(403);
    expect((await forSubscription('county', ['341702001', '341721100'])).status).toBe(403);
    const byCounty = await forSubscription('county', ['341702001']);
    expect(byCounty.status).toBe(201);
    expect(
      (await call('GET', '/webhook-subscriptions', 'county')).body.items.map((x: Json) => x.subscriptionId),
    ).toEqual([byCounty.body.subscriptionId]);
    await call('POST', `/webhook-subscriptions/${byCounty.body.subscriptionId}/active`, 'county', { active: false });
    healthSub = await subscribe('health', '/health');
    await subscribe('civil', '/civil');
    const scores = running.ctx.connection.collection('provider_scores');
    await until('scores', async () => ((await scores.countDocuments({})) === 3 ? true : undefined));
  });

  it('delivers signed events in order; the department walks its referral to completion through the API', async () => {
    const caseId = await decide(['CZ-JK-01', 'CZ-QJ-01'], true);
    const id = referral(caseId, 'CZ-JK-01');
    await until('created delivered', () => subscriber.of('/health', caseId).length === 1 || undefined);
    expect(subscriber.of('/health', caseId)[0]!.event).toMatchObject({
      type: 'referral.created.v1',
      data: { route: { kind: 'department', departmentCode: 'health' }, sharingBasis: { basis: 'consent' } },
    });
    // Another department sees nothing of it.
    expect((await call('GET', `/referrals/${id}`, 'civil')).status).toBe(404);
    expect((await call('POST', `/referrals/${id}/acceptance`, 'civil', {})).status).toBe(404);
    for (const action of ['receipt', 'acceptance', 'start', 'completion'])
      expect((await call('POST', `/referrals/${id}/${action}`, 'health', {})).status).toBe(201);
    const got = await until('five events', () => {
      const list = subscriber.of('/health', caseId);
      return list.length === 5 ? list : undefined;
    });
    expect(got.map((r) => r.event.type)).toEqual([
      'referral.created.v1',
      'referral.received.v1',
      'referral.accepted.v1',
      'referral.started.v1',
      'referral.completed.v1',
    ]);
    expect(got.map((r) => r.seq)).toEqual([...got.map((r) => r.seq)].sort((a, b) => a - b));
    expect(subscriber.of('/civil', caseId)).toHaveLength(0);
    expect(subscriber.badSignatures).toBe(0);
    // The provider item went to the best-scored provider, with the reason.
    const toProvider = (await call('GET', `/referrals/${referral(caseId, 'CZ-QJ-01')}`, 'clerk')).body;
    expect(toProvider.route).toMatchObject({ providerId: 'alpha' });
    expect(toProvider.explanation).toContain('投诉评分100分');
  });

  it('loses nothing while the subscriber is down, and keeps each case in order when it comes back', async () => {
    await subscriber.stop();
    const before = subscriber.received.length;
    const cases = await Promise.all([1, 2, 3, 4].map(() => decide(['CZ-JK-01'], true)));
    // While it is down the department works the referrals through the API: each makes events.
    for (const caseId of cases)
      await until('referral requested', async () =>
        (await call('GET', `/referrals/${referral(caseId, 'CZ-JK-01')}`, 'clerk')).body?.status === 'requested'
          ? true
          : undefined,
      );
    for (const caseId of cases) {
      const id = referral(caseId, 'CZ-JK-01');
      expect((await call('POST', `/referrals/${id}/receipt`, 'health', {})).status).toBe(201);
      expect((await call('POST', `/referrals/${id}/acceptance`, 'health', {})).status).toBe(201);
    }
    // Each case's three events are queued for the department, and the first was tried (and failed) while
    // the subscriber was down: nothing reached it, and nothing is dropped.
    await until('queued and tried while down', async () => {
      const pending = (
        await call('GET', `/webhook-subscriptions/${healthSub.subscriptionId}/deliveries?status=pending`, 'health')
      ).body.items as Json[];
      return cases.every((caseId) => {
        const mine = pending.filter((d) => d.caseId === caseId);
        return mine.length === 3 && mine.some((d) => d.attempts >= 1 && d.lastError);
      })
        ? true
        : undefined;
    });
    expect(subscriber.received.length).toBe(before);
    await subscriber.start();
    for (const caseId of cases) {
      const got = await until('three events per case', () => {
        const list = subscriber.of('/health', caseId);
        return list.length >= 3 ? list : undefined;
      });
      expect(got.map((r) => r.event.type)).toEqual([
        'referral.created.v1',
        'referral.received.v1',
        'referral.accepted.v1',
      ]);
    }
    const dead = await call(
      'GET',
      `/webhook-subscriptions/${healthSub.subscriptionId}/deliveries?status=dead`,
      'health',
    );
    expect(dead.body.items).toHaveLength(0);
  });

  it('keeps a dead letter visible and holds the case behind it until it is re-driven', async () => {
    const flaky = await subscribe('health', '/flaky');
    subscriber.failing.add('/flaky');
    const caseId = await decide(['CZ-JK-01'], true);
    const deliveries = `/webhook-subscriptions/${flaky.subscriptionId}/deliveries`;
    const dead = await until('a dead letter', async () => {
      const r = await call('GET', `${deliveries}?status=dead`, 'health');
      return r.body.items.length === 1 ? r.body.items[0] : undefined;
    });
    expect(dead).toMatchObject({ attempts: 6, lastError: 'HTTP 503', caseId });
    // A later event of the same case waits behind the dead letter.
    expect((await call('POST', `/referrals/${referral(caseId, 'CZ-JK-01')}/receipt`, 'health', {})).status).toBe(201);
    await until('queued behind', async () =>
      (await call('GET', `${deliveries}?status=pending`, 'health')).body.items.length === 1 ? true : undefined,
    );
    subscriber.failing.delete('/flaky');
    const redriven = await call(
      'POST',
      `/webhook-subscriptions/${flaky.subscriptionId}/dead-letters/redrive`,
      'health',
      {},
    );
    expect(redriven.body).toEqual({ redriven: 1 });
    const got = await until('both delivered', () => {
      const list = subscriber.of('/flaky', caseId);
      return list.length === 2 ? list : undefined;
    });
    expect(got.map((r) => r.event.type)).toEqual(['referral.created.v1', 'referral.received.v1']);
  });

  it('enforces consent: nothing reaches the department until the township records an override', async () => {
    const caseId = await decide(['CZ-JK-01'], false);
    const id = referral(caseId, 'CZ-JK-01');
    await until('held', async () =>
      (await call('GET', `/referrals/${id}`, 'clerk')).body?.status === 'awaiting_consent' ? true : undefined,
    );
    expect((await call('GET', `/referrals/${id}`, 'health')).status).toBe(404);
    expect((await call('POST', `/referrals/${id}/receipt`, 'health', {})).status).toBe(404);
    const o = await call('POST', `/referrals/${id}/consent-override`, 'clerk', { reason: '独居失能，无法表达意愿' });
    expect(o.status).toBe(201);
    const delivered = await until('delivered after override', () => {
      const list = subscriber.of('/health', caseId);
      return list.length ? list : undefined;
    });
    // The case's deliveries come in order: had anything gone out before the override, it would come first.
    expect(delivered).toHaveLength(1);
    const [first] = delivered;
    // The department learns that, and by whom, not why (free text that may hold health information).
    expect(first!.event.data.sharingBasis).toEqual({ basis: 'override', by: 'clerk' });
    expect((await call('GET', `/referrals/${id}`, 'health')).body.sharingBasis).toEqual({
      basis: 'override',
      by: 'clerk',
    });
    expect((await call('GET', `/referrals/${id}`, 'clerk')).body.sharingBasis.reason).toBe('独居失能，无法表达意愿');
  });

  it('keeps a referral cancelled before consent from the department: no API view, webhook or topic copy', async () => {
    const caseId = await decide(['CZ-JK-01'], false);
    const id = referral(caseId, 'CZ-JK-01');
    const status = async () => (await call('GET', `/referrals/${id}`, 'clerk')).body?.status as string | undefined;
    await until('held', async () => ((await status()) === 'awaiting_consent' ? true : undefined));
    await stopItem(caseId, 'CZ-JK-01');
    await until('cancelled', async () => ((await status()) === 'cancelled' ? true : undefined));
    expect((await call('GET', `/referrals/${id}`, 'health')).status).toBe(404);
    expect((await call('GET', `/referrals?caseId=${caseId}`, 'health')).body.items).toEqual([]);
    // Once the webhook fan-out has handled the cancellation, nothing was queued for the department.
    await fannedOut(caseId, 'referral.cancelled.v1');
    const queued = (await call('GET', `/webhook-subscriptions/${healthSub.subscriptionId}/deliveries`, 'health')).body
      .items as Json[];
    expect(queued.filter((d) => d.caseId === caseId)).toEqual([]);
    expect(subscriber.of('/health', caseId)).toHaveLength(0);
  });

  it('delivers the cancellation of a shared referral by webhook', async () => {
    const caseId = await decide(['CZ-JK-01'], true);
    await until('created delivered', () => subscriber.of('/health', caseId).length === 1 || undefined);
    await stopItem(caseId, 'CZ-JK-01');
    const got = await until('cancellation delivered', () => {
      const list = subscriber.of('/health', caseId);
      return list.length === 2 ? list : undefined;
    });
    expect(got[1]!.event).toMatchObject({
      type: 'referral.cancelled.v1',
      data: { region: 'chizhou', route: { kind: 'department', departmentCode: 'health' } },
    });
  });

  it('re-routes to the next provider after a rejection and after an answer time-out, then escalates', async () => {
    const caseId = await decide(['CZ-QJ-01'], true);
    const id = referral(caseId, 'CZ-QJ-01');
    const get = async () => (await call('GET', `/referrals/${id}`, 'clerk')).body;
    const first = await until('routed', async () => (await get())?.route?.providerId as string | undefined);
    // The answer timer of the first routing is waiting in BullMQ (one job per attempt and due time).
    const timerOf = async (attempt: number) => {
      const r = await get();
      expect(r.attempt).toBe(attempt);
      return queue.getJob(answerDueJobId(`${caseId}:CZ-QJ-01`, attempt, new Date(r.answerDueAt)).replace(/:/g, '_'));
    };
    expect(await (await timerOf(1))?.getState()).toBe('delayed');
    const notReceiver = ['alpha', 'beta', 'gamma'].find((p) => p !== first)!;
    expect((await call('POST', `/referrals/${id}/rejection`, notReceiver, { reason: '不是我的' })).status).toBe(404);
    expect((await call('POST', `/referrals/${id}/rejection`, first, {})).status).toBe(400);
    const rejected = await call('POST', `/referrals/${id}/rejection`, first, { reason: '本月护理员不足' });
    expect(rejected.status).toBe(201);
    let r = await get();
    expect(r).toMatchObject({ status: 'requested', attempt: 2 });
    const second = r.route.providerId as string;
    expect(second).not.toBe(first);
    expect(r.explanation).toContain('改派原因：接收方拒绝：本月护理员不足');
    // The second provider does not answer: its timer fires (promoted instead of waiting three working days).
    await (await timerOf(2))!.promote();
    r = await until('re-routed to the third provider', async () => {
      const x = await get();
      return x.attempt === 3 ? x : undefined;
    });
    const third = ['alpha', 'beta', 'gamma'].find((p) => p !== first && p !== second);
    expect(r).toMatchObject({ status: 'requested', route: { providerId: third }, triedProviders: [first, second] });
    expect(r.explanation).toContain('未答复');
    // The pack allows three routings: the third provider's time-out goes to the township.
    await (await timerOf(3))!.promote();
    r = await until('escalated', async () => {
      const x = await get();
      return x.status === 'awaiting_provider' ? x : undefined;
    });
    expect(r.route).toBeUndefined();
    expect(r.history.map((h: Json) => h.to)).toEqual([
      'requested',
      'rejected',
      'requested',
      'requested',
      'awaiting_provider',
    ]);
    // The township routes it by hand, with the reason.
    const contracts = (await call('GET', '/contracts', 'clerk')).body.items as Json[];
    const alpha = contracts.find((c) => c.providerId === 'alpha');
    const manual = await call('POST', `/referrals/${id}/route`, 'clerk', {
      route: { kind: 'provider', contractId: alpha.contractId },
      reason: '与机构电话沟通后同意承接',
    });
    expect(manual.status).toBe(201);
    expect(manual.body).toMatchObject({ status: 'requested', attempt: 4, route: { providerId: 'alpha' } });
  });

  it('replays the history since a point in time, in order, with new webhook ids', async () => {
    const original = subscriber.of('/health').filter((r) => !r.webhookId.includes('replay'));
    const replay = await call('POST', `/webhook-subscriptions/${healthSub.subscriptionId}/replay`, 'health', {
      since: startedAt,
    });
    expect(replay.status).toBe(201);
    expect(replay.body.events).toBe(original.length);
    const replayed = await until('replayed', () => {
      const list = subscriber.of('/health').filter((r) => r.webhookId.includes(replay.body.replayId));
      return list.length === original.length ? list : undefined;
    });
    expect(new Set(replayed.map((r) => r.event.id))).toEqual(new Set(original.map((r) => r.event.id)));
    const byCase = (list: Received[]) =>
      Object.fromEntries(
        [...new Set(list.map((r) => r.caseId))].map((c) => [
          c,
          list.filter((r) => r.caseId === c).map((r) => r.event.id),
        ]),
      );
    expect(byCase(replayed)).toEqual(byCase(original));
  });

  it('writes each department’s referral events to its own Kafka topic, and only those', async () => {
    const seen: { type: string; route?: Json; previousRoute?: Json }[] = [];
    const health = departmentReferralsTopic('chizhou', 'health');
    // Department codes repeat across regions: Changji's health department has a topic of its own.
    const changjiHealth = departmentReferralsTopic('changji', 'health');
    expect(changjiHealth.name).not.toBe(health.name);
    const bus = new EventBus({
      brokers: running.ctx.config.KAFKA_BROKERS,
      sasl: kafkaSasl(running.ctx.config),
      clientId: 'dept-health-test',
      logger: running.ctx.logger,
      topicPrefix: running.ctx.config.KAFKA_TOPIC_PREFIX,
    });
    const record = async (e: Json) => void seen.push({ type: e.type, ...e.data });
    await bus.consume(
      'dept-health',
      [
        on(health, {
          'referral.created.v1': record,
          'referral.received.v1': record,
          'referral.accepted.v1': record,
          'referral.started.v1': record,
          'referral.completed.v1': record,
          'referral.rerouted.v1': record,
          'referral.escalated.v1': record,
          'referral.cancelled.v1': record,
        }),
      ],
      new MongoInbox(running.ctx.connection, 'test_inbox'),
    );
    try {
      // Every health referral made so far (consent given or overridden) shows up; nothing else does.
      const expected = subscriber.of('/health').filter((r) => !r.webhookId.includes('replay')).length;
      await until('department topic read', () => (seen.length >= expected ? true : undefined));
      expect(
        seen.filter((e) => e.route?.departmentCode !== 'health' && e.previousRoute?.departmentCode !== 'health'),
      ).toEqual([]);
      expect(seen.some((e) => e.route?.kind === 'provider')).toBe(false);
      expect(seen.length).toBe(expected);
      // … and Chizhou's referrals never reach Changji's health department's topic (created at start, empty).
      const sasl = kafkaSasl(running.ctx.config);
      const admin = new Kafka({ brokers: running.ctx.config.KAFKA_BROKERS, ...(sasl ? { sasl } : {}) }).admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(`${running.ctx.config.KAFKA_TOPIC_PREFIX}${changjiHealth.name}`);
        expect(offsets.map((o) => Number(o.high))).toEqual([0, 0, 0]);
      } finally {
        await admin.disconnect();
      }
    } finally {
      await bus.disconnect();
    }
  });

  it('holds deliveries while a subscription is paused and sends them on resume', async () => {
    const path = `/webhook-subscriptions/${healthSub.subscriptionId}/active`;
    expect((await call('POST', path, 'health', { active: false })).status).toBe(201);
    const caseId = await decide(['CZ-JK-01'], true);
    await until('queued while paused', async () => {
      const r = await call(
        'GET',
        `/webhook-subscriptions/${healthSub.subscriptionId}/deliveries?status=pending`,
        'health',
      );
      return r.body.items.some((d: Json) => d.caseId === caseId) ? true : undefined;
    });
    expect(subscriber.of('/health', caseId)).toHaveLength(0);
    expect((await call('POST', path, 'health', { active: true })).status).toBe(201);
    await until('sent on resume', () => subscriber.of('/health', caseId).length === 1 || undefined);
  });

  it('signs with both secrets during a rotation', async () => {
    const rotated = await call('POST', `/webhook-subscriptions/${healthSub.subscriptionId}/secret-rotation`, 'health');
    expect(rotated.status).toBe(201);
    const others = subscriber.secrets.filter((x) => x !== healthSub.secret);
    // The new secret verifies …
    subscriber.secrets = [...others, rotated.body.secret];
    const one = await decide(['CZ-JK-01'], true);
    await until('delivered, new secret', () => subscriber.of('/health', one).length === 1 || undefined);
    // … and so does the old one, during the grace period.
    subscriber.secrets = [...others, healthSub.secret];
    const two = await decide(['CZ-JK-01'], true);
    await until('delivered, old secret', () => subscriber.of('/health', two).length === 1 || undefined);
    expect(subscriber.badSignatures).toBe(0);
  });

  it('shows a county department office only the referrals of its county', async () => {
    await token('cityHealth', {
      region: 'chizhou',
      role: 'department_staff',
      jurisdiction: '3417',
      departmentCode: 'health',
    });
    const caseId = await decide(['CZ-JK-01'], true, '341721100');
    const id = referral(caseId, 'CZ-JK-01');
    await until('routed', async () =>
      (await call('GET', `/referrals/${id}`, 'cityHealth')).status === 200 ? true : undefined,
    );
    expect((await call('GET', `/referrals?caseId=${caseId}`, 'cityHealth')).body.items).toHaveLength(1);
    expect((await call('GET', `/referrals/${id}`, 'health')).status).toBe(404);
    expect((await call('GET', `/referrals?caseId=${caseId}`, 'health')).body.items).toEqual([]);
    expect((await call('POST', `/referrals/${id}/receipt`, 'health', {})).status).toBe(404);
  });
});

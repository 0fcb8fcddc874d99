/**
 * Issue 15, departments: the department serving a person gets the contact the person consented to share, and only
 * then. On the real servers (Kafka, FerretDB, Redis) with referral in-process and a real HTTP subscriber: intake's
 * contact.shared.v1 is kept sealed; a referral to the health department under consent reaches its `.v2` topic and
 * its webhook subscription of version 2 as referral.created.v2 with the contact, and the inbox shows it; under a
 * township's override (no consent) no contact goes anywhere; the `.v1` topic and a subscription made as before
 * (version 1) still get referral.created.v1, unchanged.
 */
import { issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { EventBus, on } from '@carelink/bus';
import {
  buildEvent,
  ContactShared,
  departmentReferralsTopic,
  departmentReferralsTopicV2,
  EligibilityDecided,
  topics,
  type CloudEvent,
  type EventInput,
} from '@carelink/contracts';
import { kafkaSasl, startService, staffTokenSigningKeyOf, type RunningService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConfig, type ReferralConfig } from '../src/config';
import { verifyWebhook } from '../src/domain/webhooks/signature';
import { defineReferralService } from '../src/service';

const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const PHONE = '13905661234';

describe('departments get the contact the resident consented to share (real Kafka, FerretDB, Redis, HTTP)', () => {
  let running: RunningService<ReferralConfig>;
  let server: Server;
  let departmentBus: EventBus;
  const runId = uniqueName('refcontact');
  const tokens: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  /** What the department's endpoint received, by path, each signature checked. */
  const received: { path: string; event: CloudEvent<string, Json> }[] = [];
  let badSignatures = 0;
  /** What the department read from its topics. */
  const onTopic: { v1: CloudEvent[]; v2: CloudEvent[] } = { v1: [], v2: [] };

  const token = async (name: string, p: Omit<StaffPrincipal, 'sub'>) =>
    (tokens[name] = await issueStaffToken({ sub: name, ...p }, staffSigningKey));

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      defineReferralService(),
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
      }),
    );
    const chizhou = { region: 'chizhou' as const };
    await token('clerk', { ...chizhou, role: 'township_caseworker', jurisdiction: '341702001' });
    await token('health', { ...chizhou, role: 'department_staff', jurisdiction: '341702', departmentCode: 'health' });
    await token('hotline', { ...chizhou, role: 'hotline_operator', jurisdiction: '3417' });

    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = {
          id: String(req.headers['webhook-id']),
          timestamp: String(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
        };
        const secret = secrets[req.url!];
        if (!secret || !verifyWebhook(secret, headers, body)) {
          badSignatures++;
          res.writeHead(401).end();
          return;
        }
        received.push({ path: req.url!, event: JSON.parse(body) as CloudEvent<string, Json> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    // The health department reads both its topics with its own group.
    departmentBus = new EventBus({
      brokers: running.ctx.config.KAFKA_BROKERS,
      sasl: kafkaSasl(running.ctx.config),
      clientId: 'dept-health-contact-test',
      logger: running.ctx.logger,
      topicPrefix: running.ctx.config.KAFKA_TOPIC_PREFIX,
    });
    const keep = (list: CloudEvent[]) => async (e: CloudEvent) => void list.push(e);
    await departmentBus.consume(
      'dept-chizhou-health',
      [
        on(departmentReferralsTopic('chizhou', 'health'), { 'referral.created.v1': keep(onTopic.v1) }),
        on(departmentReferralsTopicV2('chizhou', 'health'), { 'referral.created.v2': keep(onTopic.v2) }),
      ],
      { seen: async () => false, remember: async () => undefined },
    );
  });

  afterAll(async () => {
    await departmentBus?.disconnect();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
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

  const subscribe = async (path: string, version?: 1 | 2) => {
    const r = await call('POST', '/webhook-subscriptions', 'health', {
      departmentCode: 'health',
      region: 'chizhou',
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
      // The department's staff work for one county of the region: they subscribe for places within it.
      places: ['341702'],
      ...(version ? { version } : {}),
    });
    expect(r.status).toBe(201);
    secrets[path] = r.body.secret;
    return r.body;
  };

  const personOf = (caseId: string) => ({ personId: `p_${caseId.replace(/-/g, '').slice(0, 16)}`, name: '王秀英' });
  const contactOf = (caseId: string): EventInput<typeof ContactShared> => ({
    caseId,
    caseNumber: `CZ341702-2026-${caseId.slice(0, 6)}`,
    region: 'chizhou',
    personId: personOf(caseId).personId,
    township: '341702001',
    consent: { givenBy: 'applicant', recordedAt: new Date().toISOString(), covers: ['name', 'phone', 'address'] },
    contact: {
      name: '王秀英',
      phone: { number: PHONE, confirmed: false },
      address: { county: '341702', township: '341702001', detail: '长江路12号', text: '贵池区秋浦街道 长江路12号' },
    },
    sharedAt: new Date().toISOString(),
  });
  /** Intake's contact.shared.v1 (with consent), then assessment's decision on a health item (CZ-JK-01). */
  const decide = async (consent: boolean) => {
    const caseId = randomUUID();
    if (consent) {
      await running.ctx.bus.publish(
        topics.contactShares,
        buildEvent(ContactShared, { source: '/test/intake', key: caseId, data: contactOf(caseId) }),
      );
      await until('contact kept', async () =>
        (await running.ctx.connection.collection('shared_contacts').countDocuments({ _id: caseId as never })) === 1
          ? true
          : undefined,
      );
    }
    await running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityDecided, {
        source: '/test/assessment',
        key: caseId,
        data: {
          caseId,
          caseNumber: `CZ341702-2026-${caseId.slice(0, 6)}`,
          region: 'chizhou',
          packVersion: 'test',
          person: personOf(caseId),
          address: { county: '341702', township: '341702001' },
          items: [{ itemCode: 'CZ-JK-01', approved: true, reason: '符合条件' }],
          consent: { given: consent, givenBy: 'applicant', recordedAt: new Date().toISOString() },
          decidedBy: 'clerk',
          decidedAt: new Date().toISOString(),
        },
      }),
    );
    return { caseId, referralId: `${caseId}:CZ-JK-01` };
  };
  const createdAt = (path: string, caseId: string) =>
    received.find(
      (r) => r.path === path && r.event.partitionkey === caseId && r.event.type.startsWith('referral.created'),
    );
  const onTopicFor = (list: CloudEvent[], caseId: string) => list.find((e) => e.partitionkey === caseId);

  let v2Sub: Json;

  it('with consent: the .v2 topic, a version-2 subscription and the inbox get the contact; .v1 and version 1 are unchanged', async () => {
    await subscribe('/v1');
    v2Sub = await subscribe('/v2', 2);
    expect(v2Sub.version).toBe(2);
    const { caseId, referralId } = await decide(true);
    const expected = contactOf(caseId).contact;

    const v2 = await until('created.v2 delivered', () => createdAt('/v2', caseId));
    expect(v2.event.type).toBe('referral.created.v2');
    expect(v2.event.data).toMatchObject({ referralId, sharingBasis: { basis: 'consent' }, contact: expected });
    const v1 = await until('created.v1 delivered', () => createdAt('/v1', caseId));
    expect(v1.event.type).toBe('referral.created.v1');
    expect(v1.event.data).not.toHaveProperty('contact');
    expect(v1.event.id).toBe(v2.event.id);

    const onV2 = await until('the .v2 topic', () => onTopicFor(onTopic.v2, caseId));
    expect(onV2).toMatchObject({ id: v2.event.id, type: 'referral.created.v2', data: { contact: expected } });
    const onV1 = await until('the .v1 topic', () => onTopicFor(onTopic.v1, caseId));
    expect(onV1.type).toBe('referral.created.v1');
    expect(onV1.data).not.toHaveProperty('contact');

    // The department's inbox shows the contact (the read is audited); a hotline operator's view has none.
    const inbox = await call('GET', `/referrals/${encodeURIComponent(referralId)}`, 'health');
    expect(inbox.status).toBe(200);
    expect(inbox.body.contact).toEqual(expected);
    const hotline = await call('GET', `/referrals/${encodeURIComponent(referralId)}`, 'hotline');
    expect(hotline.status).toBe(200);
    expect(JSON.stringify(hotline.body)).not.toContain(PHONE);
    const audit = await until(
      'the read audited',
      async () =>
        (await running.ctx.connection
          .collection('audit_trail')
          .findOne({ actor: 'health', subjectId: referralId, resource: 'GET /referrals/:referralId' })) ?? undefined,
    );
    expect(audit).toMatchObject({ role: 'department_staff', subjectType: 'referral' });
    expect(badSignatures).toBe(0);
  });

  it('keeps the contact sealed at rest, and the deliveries list does not show it again', async () => {
    const raw = JSON.stringify(await running.ctx.connection.collection('shared_contacts').find().toArray());
    expect(raw).not.toContain(PHONE);
    expect(raw).not.toContain('长江路');
    const deliveries = JSON.stringify(await running.ctx.connection.collection('webhook_deliveries').find().toArray());
    expect(deliveries).not.toContain(PHONE);
    expect(deliveries).toContain('"personal":true');
    const listed = await call('GET', `/webhook-subscriptions/${v2Sub.subscriptionId}/deliveries`, 'health');
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(PHONE);
    expect(listed.body.items.find((d: Json) => d.eventType === 'referral.created.v2').event.data.contact).toBe(
      'withheld',
    );
  });

  it('without consent (a township override): no contact on the topic, the webhook or the inbox', async () => {
    const { caseId, referralId } = await decide(false);
    await until('awaiting consent', async () =>
      (await call('GET', `/referrals/${encodeURIComponent(referralId)}`, 'clerk')).body?.status === 'awaiting_consent'
        ? true
        : undefined,
    );
    const override = await call('POST', `/referrals/${encodeURIComponent(referralId)}/consent-override`, 'clerk', {
      reason: '独居老人病情紧急，需卫健部门尽快上门',
    });
    expect(override.status).toBe(201);

    const v2 = await until('created.v2 delivered', () => createdAt('/v2', caseId));
    expect(v2.event.type).toBe('referral.created.v2');
    expect(v2.event.data.sharingBasis).toEqual({ basis: 'override', by: 'clerk' });
    expect(v2.event.data).not.toHaveProperty('contact');
    const onV2 = await until('the .v2 topic', () => onTopicFor(onTopic.v2, caseId));
    expect(onV2.data).not.toHaveProperty('contact');
    const v1 = await until('created.v1 delivered', () => createdAt('/v1', caseId));
    expect(v1.event.type).toBe('referral.created.v1');

    const inbox = await call('GET', `/referrals/${encodeURIComponent(referralId)}`, 'health');
    expect(inbox.status).toBe(200);
    expect(inbox.body).not.toHaveProperty('contact');
  });
});

/**
 * RegisterContract on the real servers: a contract registered over HTTP is announced on the contracts topic
 * (contract.registered.v1, through the outbox), and so, once, is every contract registered before the event
 * existed; the contracts list is as before.
 */
import { issueStaffToken } from '@carelink/auth';
import { on, type Inbox } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import { connectMongo } from '@carelink/store';
import { type RunningService, staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import pino from 'pino';
import { createConfig, type ReferralConfig } from '../src/config';
import { defineReferralService } from '../src/service';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

describe('contracts announced (real Kafka, FerretDB, Redis)', () => {
  let running: RunningService<ReferralConfig>;
  let county: string;
  const runId = uniqueName('refctr');
  const seen: Json[] = [];

  /** A contract as referral wrote it before contract.registered.v1: a plain insert. */
  const older = {
    _id: '0190a000-0000-7000-8000-00000000c001',
    providerId: 'old-sunshine',
    providerName: '阳光助老服务社',
    region: 'chizhou',
    itemCodes: ['CZ-QJ-01'],
    townships: ['341702001'],
    monthlyCapacity: 20,
    validFrom: '2025-01-01',
    validTo: '2025-12-31',
    createdBy: 'cty-0',
    createdAt: new Date('2025-01-02T02:00:00.000Z'),
  };

  beforeAll(async () => {
    const servers = await testServers();
    const mongoUrl = databaseUrl(servers.mongoUrl, `${runId}_referral`);
    const before = await connectMongo(mongoUrl, pino({ level: 'silent' }));
    await before.collection('contracts').insertOne(older as never);
    await before.close();
    const config = createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      MONGO_URL: mongoUrl,
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      LOG_LEVEL: 'silent',
    });
    running = await startService(defineReferralService(), config);
    county = await issueStaffToken(
      { sub: 'cty-1', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
      staffTokenSigningKeyOf({ CARELINK_ENV: 'local' }),
    );
    const memory = new Set<string>();
    const inbox: Inbox = {
      seen: async (g, id) => memory.has(`${g}/${id}`),
      remember: async (g, id) => void memory.add(`${g}/${id}`),
    };
    await running.ctx.bus.consume(
      'test-observer',
      [
        on(topics.contracts, {
          'contract.registered.v1': async (e) => void seen.push({ key: e.partitionkey, ...e.data }),
        }),
      ],
      inbox,
    );
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${running.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${county}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const until = async <T>(what: string, probe: () => T | undefined, tries = 200): Promise<T> => {
    for (let i = 0; i < tries; i++) {
      const v = probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('announces a registered contract, and once each one registered before the event existed', async () => {
    const registered = await call('POST', '/contracts', {
      providerId: 'demo-cz-sunshine',
      providerName: '阳光社会工作服务中心',
      region: 'chizhou',
      itemCodes: ['CZ-QJ-01'],
      townships: ['341702001'],
      monthlyCapacity: 30,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    });
    expect(registered.status).toBe(201);
    const { contractId } = registered.body;

    await until('both announcements', () => (seen.length >= 2 ? true : undefined));
    expect(seen.find((e) => e.contractId === contractId)).toEqual({
      key: 'demo-cz-sunshine',
      contractId,
      region: 'chizhou',
      providerId: 'demo-cz-sunshine',
      providerName: '阳光社会工作服务中心',
      itemCodes: ['CZ-QJ-01'],
      townships: ['341702001'],
      monthlyCapacity: 30,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      registeredAt: expect.any(String),
    });
    expect(seen.find((e) => e.contractId === older._id)).toMatchObject({
      key: 'old-sunshine',
      providerName: '阳光助老服务社',
      registeredAt: '2025-01-02T02:00:00.000Z',
    });
    // Who registered a contract stays with referral.
    expect(JSON.stringify(seen)).not.toContain('cty-');

    // The list is as before: both contracts, none of the outbox's fields.
    const listed = await call('GET', '/contracts');
    expect(listed.body.items.map((c: Json) => c.contractId).sort()).toEqual([older._id, contractId].sort());
    for (const c of listed.body.items as Json[])
      expect(Object.keys(c).filter((k) => k.startsWith('_') || k === 'createdBy')).toEqual([]);

    // Started again: the older contract is not announced a second time.
    await new Promise((r) => setTimeout(r, 500));
    const count = seen.length;
    const again = await startService(defineReferralService(), { ...running.ctx.config, PORT: 0 });
    await again.stop();
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen.length).toBe(count);
    expect(seen.filter((e) => e.contractId === older._id)).toHaveLength(1);
  });
});

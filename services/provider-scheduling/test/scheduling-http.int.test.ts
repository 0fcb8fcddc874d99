/**
 * Provider scheduling on the real servers (in-process service on Kafka, FerretDB and Redis): referral's
 * events offer, close and take back assignments; provider staff accept, schedule and record visits over
 * HTTP; every use case writes its state and events in one commit, and the events go out on the broker
 * exactly as before (source, key, payload), once.
 */
import { issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { on, type Inbox } from '@carelink/bus';
import { buildEvent, ReferralCompleted, topics } from '@carelink/contracts';
import { type RunningService, staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import { createConfig, type ProviderSchedulingConfig } from '../src/config';
import { providerSchedulingService } from '../src/service';
import { givenAssignment, givenReferral, soon } from './fixtures';

/** The local platform's staff signing key: the services under test check tokens with its public half. */
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

describe('provider scheduling on the real servers', () => {
  let running: RunningService<ProviderSchedulingConfig>;
  const tokens: Record<string, string> = {};
  const seen: { source: string; key: string; type: string; data: Json }[] = [];
  const runId = uniqueName('sched');
  const caseId = randomUUID();
  const referralId = `${caseId}:CZ-QJ-01`;

  beforeAll(async () => {
    const servers = await testServers();
    const config = createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_scheduling`),
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      LOG_LEVEL: 'silent',
    });
    running = await startService(providerSchedulingService, config);
    const issue = (p: StaffPrincipal) => issueStaffToken(p, staffSigningKey);
    tokens.providerA = await issue({
      sub: 'staff-a',
      role: 'provider_staff',
      region: 'chizhou',
      jurisdiction: '341702',
      providerId: 'prov-a',
    });
    tokens.providerB = await issue({
      sub: 'staff-b',
      role: 'provider_staff',
      region: 'chizhou',
      jurisdiction: '341702',
      providerId: 'prov-b',
    });
    tokens.township = await issue({
      sub: 'tw-1',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702001',
    });
    tokens.otherTownship = await issue({
      sub: 'tw-2',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702002',
    });
    // An observer group on the visits topic: what really went over the broker.
    const memory = new Set<string>();
    const inbox: Inbox = {
      seen: async (g, id) => memory.has(`${g}/${id}`),
      remember: async (g, id) => void memory.add(`${g}/${id}`),
    };
    const record = async (event: { source: string; partitionkey: string; type: string; data: unknown }) =>
      void seen.push({ source: event.source, key: event.partitionkey, type: event.type, data: event.data as Json });
    await running.ctx.bus.consume(
      'test-observer',
      [
        on(topics.visits, {
          'assignment.accepted.v1': record,
          'visit.scheduled.v1': record,
          'visit.delivered.v1': record,
          'visit.checked-out.v1': record,
        }),
      ],
      inbox,
    );
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(url(path), {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Json };
  };
  /** Polls every 100 ms until the probe answers, 20 s at the most. */
  const until = async <T>(what: string, probe: () => Promise<T | undefined>) => {
    for (let i = 0; i < 200; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const referral = (id: string, route: Parameters<typeof givenReferral>[0]) =>
    givenReferral(route, { referralId: id, caseId, time: new Date() });
  const eventsOf = (type: string) => seen.filter((e) => e.type === type && e.key === caseId);

  it('offers a referral to its provider, who accepts, schedules and records a visit; the events go out once, as before', async () => {
    // A referral to a department, then one to the provider, of the same case (one key: handled in order).
    const departmentReferralId = `${caseId}:CZ-JK-01`;
    await running.ctx.bus.publish(
      topics.referrals,
      referral(departmentReferralId, { kind: 'department', departmentCode: 'health' }),
    );
    const offered = referral(referralId, { kind: 'provider', providerId: 'prov-a', contractId: 'contract-1' });
    await running.ctx.bus.publish(topics.referrals, offered);
    // Redelivered under another event id (the inbox does not know it): still one offer.
    await running.ctx.bus.publish(topics.referrals, { ...offered, id: randomUUID() });
    const assignment = await until('the offer', async () => {
      const r = await call('GET', `/assignments/${encodeURIComponent(referralId)}`, 'providerA');
      return r.status === 200 ? r.body : undefined;
    });
    expect(assignment).toEqual(
      givenAssignment({ referralId, caseId, providerId: 'prov-a', contractId: 'contract-1', offeredAt: offered.time }),
    );
    // The department's referral came first on the same key: by now it was handled, and is not ours.
    expect((await call('GET', `/assignments/${encodeURIComponent(departmentReferralId)}`, 'township')).status).toBe(
      404,
    );
    const id = encodeURIComponent(referralId);
    expect((await call('GET', `/assignments/${id}`, 'otherTownship')).body.code).toBe('outside_jurisdiction');
    expect(
      (await call('GET', '/assignments?status=offered', 'providerA')).body.items.map((a: Json) => a.referralId),
    ).toEqual([referralId]);

    // Accept: only the offered provider, once.
    expect(await call('POST', `/assignments/${id}/acceptance`, 'providerB', {})).toMatchObject({
      status: 403,
      body: { code: 'other_provider' },
    });
    const accepted = await call('POST', `/assignments/${id}/acceptance`, 'providerA', {});
    expect(accepted.status).toBe(201);
    expect(accepted.body).toEqual({
      ...assignment,
      status: 'accepted',
      acceptedBy: 'staff-a',
      acceptedAt: expect.any(String),
      version: 1,
    });
    expect((await call('GET', `/assignments/${id}`, 'township')).body).toEqual(accepted.body);
    expect(await call('POST', `/assignments/${id}/acceptance`, 'providerA', {})).toMatchObject({
      status: 409,
      body: { code: 'already_accepted' },
    });
    expect((await call('POST', '/assignments/nope/acceptance', 'providerA', {})).status).toBe(404);

    // Schedule a visit by a registered, trained worker and record it delivered, once.
    const workerOf = async (name: string, idNumber: string) => {
      const r = await call('POST', '/workers', 'providerA', {
        name,
        idNumber,
        phone: '13800138000',
        itemCodes: ['CZ-QJ-01'],
        training: [{ course: '服务规范与安全', date: '2026-01-05', hours: 8 }],
      });
      expect(r.status).toBe(201);
      return r.body.workerId as string;
    };
    const worker07 = await workerOf('李护理', '11010519491231002X');
    const worker08 = await workerOf('王护理', '110105194912310038');
    // Now (a visit is never planned before the referral reached the provider), for 15 minutes within the China day.
    const scheduledFor = soon();
    const visit = await call('POST', `/assignments/${id}/visits`, 'providerA', {
      workerId: worker07,
      scheduledFor,
      durationMinutes: 15,
    });
    expect(visit.status).toBe(201);
    const visitId = visit.body.visitId as string;
    const visitFacts = {
      visitId,
      referralId,
      caseId,
      region: 'chizhou',
      township: '341702001',
      providerId: 'prov-a',
      workerId: worker07,
      itemCode: 'CZ-QJ-01',
    };
    expect(visit.body).toEqual({
      ...visitFacts,
      scheduledFor,
      endsAt: new Date(new Date(scheduledFor).getTime() + 15 * 60_000).toISOString(),
      status: 'scheduled',
      scheduledBy: 'staff-a',
      scheduledAt: expect.any(String),
    });
    expect(
      (await call('POST', '/assignments/nope/visits', 'providerA', { workerId: worker07, scheduledFor })).status,
    ).toBe(404);
    const deliveredAt = new Date().toISOString();
    const delivered = await call('POST', `/visits/${visitId}/delivery`, 'providerA', {
      deliveredAt,
      units: 2,
      note: '完成厨房与卧室清洁',
    });
    expect(delivered.status).toBe(201);
    // The worker's day-before reminder (a visit within a day: at once) may have been noted meanwhile.
    const withoutReminder = ({ remindedFor: _r, ...v }: Json) => v;
    // Recorded afterwards, it awaits its recipient's confirmation like a checked-out visit: the code is answered once.
    const { confirmationCode, ...recorded } = withoutReminder(delivered.body);
    expect(confirmationCode).toMatch(/^\d{6}$/);
    expect(recorded).toEqual({
      ...visit.body,
      status: 'delivered',
      delivery: {
        deliveredAt,
        units: 2,
        note: '完成厨房与卧室清洁',
        recordedBy: 'staff-a',
        recordedAt: expect.any(String),
      },
      verification: { state: 'awaiting', confirmBy: expect.any(String), attemptsLeft: 3 },
    });
    expect(withoutReminder((await call('GET', `/visits/${visitId}`, 'township')).body)).toEqual(recorded);
    expect(await call('POST', `/visits/${visitId}/delivery`, 'providerA', { deliveredAt, units: 2 })).toMatchObject({
      status: 409,
      body: { code: 'already_delivered' },
    });
    expect((await call('POST', '/visits/nope/delivery', 'providerA', { deliveredAt, units: 1 })).status).toBe(404);
    expect(await call('POST', `/visits/${visitId}/delivery`, 'providerA', { deliveredAt, units: 0 })).toMatchObject({
      status: 400,
      body: { code: 'invalid_request' },
    });

    // A second visit, scheduled last: when its event is seen, every earlier one of the case was.
    const marker = await call('POST', `/assignments/${id}/visits`, 'providerA', {
      workerId: worker08,
      scheduledFor,
      durationMinutes: 15,
    });
    await until('the last visit on the broker', async () =>
      seen.some((e) => e.data.visitId === marker.body.visitId) ? true : undefined,
    );
    for (const e of seen.filter((e) => e.key === caseId)) expect(e.source).toBe('/carelink/provider-scheduling');
    expect(eventsOf('assignment.accepted.v1').map((e) => e.data)).toEqual([
      { referralId, caseId, providerId: 'prov-a', acceptedBy: 'staff-a', acceptedAt: accepted.body.acceptedAt },
    ]);
    expect(eventsOf('visit.scheduled.v1').map((e) => e.data)).toEqual([
      { ...visitFacts, scheduledFor },
      { ...visitFacts, visitId: marker.body.visitId, workerId: worker08, scheduledFor },
    ]);
    // visit.delivered.v1 is no longer published: the recipient is asked (visit.checked-out.v1), and
    // visit.delivered.v2 follows the verdict (verified-delivery.int.test.ts).
    expect(eventsOf('visit.delivered.v1')).toEqual([]);
    expect(eventsOf('visit.checked-out.v1').map((e) => e.data)).toEqual([
      {
        ...visitFacts,
        scheduledFor,
        checkedInAt: deliveredAt,
        checkedOutAt: deliveredAt,
        tasksDone: [],
        tasksNotDone: [],
        photoCount: 0,
        farFromHome: false,
        confirmBy: recorded.verification.confirmBy,
      },
    ]);
  });

  it('takes no more visits once referral completed the referral', async () => {
    const id = encodeURIComponent(referralId);
    await running.ctx.bus.publish(
      topics.referrals,
      buildEvent(ReferralCompleted, {
        source: '/carelink/referral',
        key: caseId,
        data: {
          referralId,
          caseId,
          region: 'chizhou',
          itemCode: 'CZ-QJ-01',
          township: '341702001',
          route: { kind: 'provider', providerId: 'prov-a', contractId: 'contract-1' },
          from: 'in_progress',
          to: 'completed',
          attempt: 1,
          by: 'staff-a',
          at: new Date().toISOString(),
        },
      }),
    );
    await until('the closure', async () =>
      (await call('GET', `/assignments/${id}`, 'providerA')).body.status === 'completed' ? true : undefined,
    );
    expect(
      await call('POST', `/assignments/${id}/visits`, 'providerA', {
        workerId: 'w',
        scheduledFor: soon(),
      }),
    ).toMatchObject({ status: 409, body: { code: 'assignment_closed' } });
    expect(
      (await call('GET', `/assignments?status=completed`, 'township')).body.items.map((a: Json) => a.referralId),
    ).toEqual([referralId]);
  });
});

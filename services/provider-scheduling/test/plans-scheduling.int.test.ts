/**
 * Workers, service plans and scheduling on the real servers (in-process service on Kafka, FerretDB and Redis):
 * a provider registers workers (ID numbers sealed), proposes a plan the township approves, and the approval
 * generates the coming visits; two schedulers booking one worker at once get exactly one visit; a cancelled
 * referral stops the plan and cancels every visit ahead; a visit within a day gets its worker's reminder.
 */
import { issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { on, type Inbox } from '@carelink/bus';
import { buildEvent, EligibilityChanged, ReferralCancelled, topics } from '@carelink/contracts';
import { type RunningService, staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import { createConfig, type ProviderSchedulingConfig } from '../src/config';
import { providerSchedulingService } from '../src/service';
import { givenReferral } from './fixtures';

const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

const DAY_MS = 24 * 3600_000;
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (day: string, n: number) =>
  chinaDay(new Date(new Date(`${day}T12:00:00+08:00`).getTime() + n * DAY_MS));

describe('workers, plans and scheduling on the real servers', () => {
  let running: RunningService<ProviderSchedulingConfig>;
  const tokens: Record<string, string> = {};
  const seen: { key: string; type: string; data: Json }[] = [];
  const runId = uniqueName('plans');
  const caseId = randomUUID();
  const item = 'CZ-QJ-01';
  const planned = `${caseId}:${item}`;
  const adHoc = [`${randomUUID()}:${item}`, `${randomUUID()}:${item}`];

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      providerSchedulingService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_scheduling`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
      }),
    );
    const issue = (p: StaffPrincipal) => issueStaffToken(p, staffSigningKey);
    tokens.provider = await issue({
      sub: 'staff-a',
      role: 'provider_staff',
      region: 'chizhou',
      jurisdiction: '341702',
      providerId: 'prov-a',
    });
    tokens.township = await issue({
      sub: 'tw-1',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702001',
    });
    const memory = new Set<string>();
    const inbox: Inbox = {
      seen: async (g, id) => memory.has(`${g}/${id}`),
      remember: async (g, id) => void memory.add(`${g}/${id}`),
    };
    const record = async (event: { partitionkey: string; type: string; data: unknown }) =>
      void seen.push({ key: event.partitionkey, type: event.type, data: event.data as Json });
    await running.ctx.bus.consume(
      'test-observer',
      [
        on(topics.visits, {
          'visit.scheduled.v1': record,
          'visit.cancelled.v1': record,
          'visit.reminder-due.v1': record,
          'plan.proposed.v1': record,
          'plan.approved.v1': record,
          'plan.stopped.v1': record,
        }),
        on(topics.workers, { 'worker.registered.v1': record, 'worker.training-recorded.v1': record }),
      ],
      inbox,
    );
    // Three referrals to prov-a, accepted: one to plan, two to schedule by hand.
    for (const referralId of [planned, ...adHoc]) {
      const ofCase = referralId.split(':')[0]!;
      await running.ctx.bus.publish(
        topics.referrals,
        givenReferral(
          { kind: 'provider', providerId: 'prov-a', contractId: 'contract-1' },
          { referralId, caseId: ofCase, time: new Date() },
        ),
      );
    }
    for (const referralId of [planned, ...adHoc])
      await until(`the offer of ${referralId}`, async () => {
        const r = await call('POST', `/assignments/${encodeURIComponent(referralId)}/acceptance`, 'provider', {});
        return r.status === 201 ? true : undefined;
      });
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${running.port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Json };
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined>) => {
    for (let i = 0; i < 200; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const path = (referralId: string, rest = '') => `/assignments/${encodeURIComponent(referralId)}${rest}`;
  const workers: Record<string, string> = {};

  it('registers workers with their ID numbers sealed, masked in answers, and refuses a bad or repeated ID number', async () => {
    const register = (name: string, idNumber: string, training: Json[]) =>
      call('POST', '/workers', 'provider', {
        name,
        idNumber,
        phone: '13800138000',
        qualifications: ['养老护理员'],
        itemCodes: [item],
        training,
      });
    const trained = [{ course: '服务规范与安全', date: '2026-01-05', hours: 8 }];
    const li = await register('李护理', '11010519491231002X', trained);
    expect(li.status).toBe(201);
    expect(li.body).toMatchObject({
      name: '李护理',
      idNumberMasked: '110*************2X',
      phoneMasked: '138****8000',
      providerId: 'prov-a',
    });
    expect(JSON.stringify(li.body)).not.toContain('11010519491231002X');
    workers.li = li.body.workerId;
    workers.wang = (await register('王护理', '110105194912310038', trained)).body.workerId;
    workers.zhao = (await register('赵新手', '110105198001010016', [])).body.workerId;
    // At rest: the number encrypted, never in clear.
    const stored = await running.ctx.connection.collection('workers').findOne({ _id: workers.li as never });
    expect(JSON.stringify(stored)).not.toContain('11010519491231002X');
    expect(String(stored?.idNumberSealed)).toMatch(/^v1\./);
    expect(await register('李护理', '11010519491231002X', trained)).toMatchObject({
      status: 409,
      body: { code: 'worker_already_registered' },
    });
    const bad = await register('某', '110105194912310021', trained);
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_id_number' } });
    const list = await call('GET', '/workers', 'provider');
    expect(list.body.items.map((w: Json) => w.name).sort()).toEqual(['李护理', '王护理', '赵新手'].sort());
  });

  it('refuses a visit by an untrained worker (409 worker_not_trained) until the training is recorded', async () => {
    const at = new Date(`${addDays(chinaDay(new Date()), 2)}T15:00:00+08:00`).toISOString();
    const refused = await call('POST', path(adHoc[0]!, '/visits'), 'provider', {
      workerId: workers.zhao,
      scheduledFor: at,
    });
    expect(refused).toMatchObject({ status: 409, body: { code: 'worker_not_trained' } });
    expect(refused.body.detailZh).toContain('培训合格后方可上门服务');
    expect(
      (await call('POST', path(adHoc[0]!, '/visits'), 'provider', { workerId: 'nobody', scheduledFor: at })).body.code,
    ).toBe('worker_not_registered');
    const trained = await call('POST', `/workers/${workers.zhao}/training`, 'provider', {
      course: '服务规范与安全',
      date: '2026-01-06',
      hours: 8,
    });
    expect(trained.status).toBe(201);
    const ok = await call('POST', path(adHoc[0]!, '/visits'), 'provider', { workerId: workers.zhao, scheduledFor: at });
    expect(ok.status).toBe(201);
  });

  it('a proposed plan approved by the township generates the visits of the coming 14 days, each with a worker', async () => {
    const today = chinaDay(new Date());
    const terms = {
      rrule: 'FREQ=DAILY;BYHOUR=10;BYMINUTE=0',
      startDate: today,
      endDate: addDays(today, 20),
      durationMinutes: 60,
      tasks: ['打扫卫生', '测量血压'],
      workerId: workers.li,
    };
    const proposed = await call('POST', path(planned, '/plan'), 'provider', terms);
    expect(proposed).toMatchObject({ status: 201, body: { status: 'proposed', versions: [{ version: 1 }] } });
    const awaiting = await call('GET', '/plans?status=proposed', 'township');
    expect(awaiting.body.items.map((p: Json) => p.planId)).toEqual([planned]);
    expect((await call('POST', path(planned, '/plan/approval'), 'provider', {})).status).toBe(403);
    const approved = await call('POST', path(planned, '/plan/approval'), 'township', {});
    expect(approved.status).toBe(201);
    // Expected independently: each day's 10:00 China time within [now, now + 14 days) and the plan's days.
    const now = Date.now();
    const expected: string[] = [];
    for (let d = 0; d <= 20; d++) {
      const t = new Date(`${addDays(today, d)}T10:00:00+08:00`).getTime();
      if (t >= now - 5_000 && t < now + 14 * DAY_MS) expected.push(new Date(t).toISOString());
    }
    const visits = (await call('GET', path(planned, '/visits'), 'provider')).body.items as Json[];
    expect(visits.map((v) => v.scheduledFor)).toEqual(expected);
    expect(approved.body.generation).toMatchObject({ scheduled: expected.length, unassigned: [] });
    for (const v of visits)
      expect(v).toMatchObject({ status: 'scheduled', workerId: workers.li, plan: { version: 1 }, tasks: terms.tasks });
    // Generating again (the daily extension, a retry) writes nothing twice.
    const again = await call('GET', path(planned, '/visits'), 'provider');
    expect(again.body.items).toHaveLength(expected.length);
    await until('the plan and visit events', async () =>
      seen.filter((e) => e.type === 'visit.scheduled.v1' && e.data.referralId === planned).length === expected.length &&
      seen.some((e) => e.type === 'plan.approved.v1')
        ? true
        : undefined,
    );
  });

  it('of two schedulers booking one worker at overlapping times at once, exactly one wins; the other hears which visit clashes', async () => {
    const day = addDays(chinaDay(new Date()), 3);
    const a = {
      workerId: workers.wang,
      scheduledFor: new Date(`${day}T14:00:00+08:00`).toISOString(),
      durationMinutes: 60,
    };
    const b = {
      workerId: workers.wang,
      scheduledFor: new Date(`${day}T14:30:00+08:00`).toISOString(),
      durationMinutes: 60,
    };
    const answers = await Promise.all([
      call('POST', path(adHoc[0]!, '/visits'), 'provider', a),
      call('POST', path(adHoc[1]!, '/visits'), 'provider', b),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const won = answers.find((r) => r.status === 201)!.body;
    const lost = answers.find((r) => r.status === 409)!.body;
    expect(lost.code).toBe('worker_double_booked');
    expect(lost.detail).toContain(won.visitId);
    expect(lost.errors[0]).toMatchObject({ visitId: won.visitId, start: won.scheduledFor });
    // A burst of eight overlapping bookings of another hour: one visit, seven refusals.
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call('POST', path(adHoc[i % 2]!, '/visits'), 'provider', {
          workerId: workers.wang,
          scheduledFor: new Date(new Date(`${day}T17:00:00+08:00`).getTime() + i * 5 * 60_000).toISOString(),
          durationMinutes: 60,
        }),
      ),
    );
    expect(burst.filter((r) => r.status === 201)).toHaveLength(1);
    expect(burst.filter((r) => r.status === 409 && r.body.code === 'worker_double_booked')).toHaveLength(7);
    // Back to back is no clash; the plan's own visits hold Li, who is refused at 10:30 on a planned day.
    expect(
      (
        await call('POST', path(adHoc[1]!, '/visits'), 'provider', {
          ...a,
          scheduledFor: new Date(`${day}T15:00:00+08:00`).toISOString(),
        })
      ).status,
    ).toBe(201);
    const liClash = await call('POST', path(adHoc[1]!, '/visits'), 'provider', {
      workerId: workers.li,
      scheduledFor: new Date(`${day}T10:30:00+08:00`).toISOString(),
    });
    expect(liClash).toMatchObject({ status: 409, body: { code: 'worker_double_booked' } });
  });

  it('reschedules and cancels with a reason, freeing the worker’s time', async () => {
    const day = addDays(chinaDay(new Date()), 4);
    const visit = await call('POST', path(adHoc[0]!, '/visits'), 'provider', {
      workerId: workers.zhao,
      scheduledFor: new Date(`${day}T08:00:00+08:00`).toISOString(),
    });
    const moved = await call('POST', `/visits/${visit.body.visitId}/reschedule`, 'provider', {
      scheduledFor: new Date(`${addDays(day, 1)}T08:00:00+08:00`).toISOString(),
      reason: '老人外出复诊',
    });
    expect(moved).toMatchObject({ status: 201, body: { reschedules: [{ reason: '老人外出复诊' }] } });
    // The old time is free again: another visit takes it.
    const retaken = await call('POST', path(adHoc[1]!, '/visits'), 'provider', {
      workerId: workers.zhao,
      scheduledFor: new Date(`${day}T08:00:00+08:00`).toISOString(),
    });
    expect(retaken.status).toBe(201);
    const cancelled = await call('POST', `/visits/${retaken.body.visitId}/cancellation`, 'provider', {
      reason: '老人住院',
    });
    expect(cancelled).toMatchObject({
      status: 201,
      body: { status: 'cancelled', cancellation: { reason: '老人住院', cause: 'provider' } },
    });
    expect(
      (
        await call('POST', `/visits/${retaken.body.visitId}/delivery`, 'provider', {
          deliveredAt: new Date().toISOString(),
          units: 1,
        })
      ).body.code,
    ).toBe('visit_cancelled');
  });

  it('reminds the worker of a visit within a day (BullMQ), once', async () => {
    const soonAt = new Date(Date.now() + 2 * 3600_000);
    const start =
      chinaDay(soonAt) === chinaDay(new Date(soonAt.getTime() + 20 * 60_000)) ? soonAt : new Date(Date.now() + 60_000);
    const visit = await call('POST', path(adHoc[1]!, '/visits'), 'provider', {
      workerId: workers.zhao,
      scheduledFor: start.toISOString(),
      durationMinutes: 15,
    });
    expect(visit.status).toBe(201);
    await until('the reminder', async () =>
      seen.some((e) => e.type === 'visit.reminder-due.v1' && e.data.visitId === visit.body.visitId) ? true : undefined,
    );
    expect((await call('GET', `/visits/${visit.body.visitId}`, 'provider')).body.remindedFor).toBe(start.toISOString());
  });

  it('a cancelled referral stops the plan at once and cancels every visit ahead; nothing is scheduled after', async () => {
    const cancelledAt = new Date().toISOString();
    await running.ctx.bus.publish(
      topics.referrals,
      buildEvent(ReferralCancelled, {
        source: '/carelink/referral',
        key: caseId,
        data: {
          referralId: planned,
          caseId,
          region: 'chizhou',
          itemCode: item,
          township: '341702001',
          route: { kind: 'provider', providerId: 'prov-a' },
          reason: '救助身份变更，服务停止',
          cancelledAt,
        },
      }),
    );
    const plan = await until('the stop', async () => {
      const r = await call('GET', path(planned, '/plan'), 'township');
      return r.body.status === 'stopped' ? r.body : undefined;
    });
    expect(plan.stop).toEqual({ reason: '救助身份变更，服务停止', at: cancelledAt });
    // The plan stops first, then each visit ahead is cancelled, in the same handling of the event.
    const ahead = await until('the visits ahead cancelled', async () => {
      const visits = (await call('GET', path(planned, '/visits'), 'provider')).body.items as Json[];
      const after = visits.filter((v) => v.scheduledFor > cancelledAt);
      return after.every((v) => v.status === 'cancelled') ? after : undefined;
    });
    expect(ahead.length).toBeGreaterThan(0);
    for (const v of ahead) expect(v).toMatchObject({ status: 'cancelled', cancellation: { cause: 'service_stopped' } });
    await until('the cancellations on the broker', async () =>
      seen.filter((e) => e.type === 'visit.cancelled.v1' && e.data.referralId === planned).length === ahead.length &&
      seen.some((e) => e.type === 'plan.stopped.v1')
        ? true
        : undefined,
    );
    const after = await call('POST', path(planned, '/visits'), 'provider', {
      workerId: workers.li,
      scheduledFor: new Date(Date.now() + 2 * DAY_MS).toISOString(),
    });
    expect(after).toMatchObject({ status: 409, body: { code: 'assignment_cancelled' } });
    // The stopped visits freed Li's time: a visit of another referral takes one of those hours.
    expect(
      (
        await call('POST', path(adHoc[0]!, '/visits'), 'provider', {
          workerId: workers.li,
          scheduledFor: ahead[ahead.length - 1]!.scheduledFor,
        })
      ).status,
    ).toBe(201);
  });

  it('an eligibility change stops an item’s service at once, before referral cancels the referral', async () => {
    const referralId = adHoc[1]!;
    const ofCase = referralId.split(':')[0]!;
    const before = (await call('GET', path(referralId, '/visits'), 'provider')).body.items as Json[];
    const at = new Date();
    const ahead = before.filter((v) => v.status === 'scheduled' && v.scheduledFor > at.toISOString());
    expect(ahead.length).toBeGreaterThan(0);
    await running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityChanged, {
        source: '/carelink/assessment',
        key: ofCase,
        time: at,
        data: {
          caseId: ofCase,
          caseNumber: 'CZ341702-2026-000001',
          region: 'chizhou',
          township: '341702001',
          personId: 'p_0123456789abcdef',
          packVersion: '2026.12-1',
          cause: 'registry_status_changed',
          effectiveFrom: chinaDay(at),
          stoppedItems: [{ itemCode: item, reason: '退出特困供养，居家清洁不再符合条件' }],
        },
      }),
    );
    const assignment = await until('the assignment stopped', async () => {
      const r = await call('GET', path(referralId), 'provider');
      return r.body.status === 'cancelled' ? r.body : undefined;
    });
    expect(assignment.cancellation.reason).toBe('退出特困供养，居家清洁不再符合条件');
    const after = await until('its visits ahead cancelled', async () => {
      const items = (await call('GET', path(referralId, '/visits'), 'provider')).body.items as Json[];
      const mine = items.filter((v) => ahead.some((a) => a.visitId === v.visitId));
      return mine.every((v) => v.status === 'cancelled') ? mine : undefined;
    });
    for (const v of after) expect(v.cancellation).toMatchObject({ cause: 'service_stopped' });
  });
});

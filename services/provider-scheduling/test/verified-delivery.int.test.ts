/**
 * Verified delivery on the real servers (in-process service on Kafka, FerretDB and Redis): workers check in and
 * out of visits (place against the home the plan records, photos in GridFS), the recipient confirms with the
 * one-time code through a channel adapter (or disputes it, or a township clerk records a paper slip), and
 * visit.delivered.v2 goes out once with the verdict; the deadline job settles the rest unverified.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { on, type Inbox } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import { issueLocalToken, type RunningService, startService } from '@carelink/service-host';
import { withDocumentLock } from '@carelink/store';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import { createConfig, type ProviderSchedulingConfig } from '../src/config';
import {
  CONFIRMATION_DEADLINE,
  CONFIRMATION_SWEEP,
  confirmationDeadlineJob,
} from '../src/entry-points/jobs/job-handlers';
import { providerSchedulingService } from '../src/service';
import { givenReferral, soon } from './fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

/** The recipient's home (DEMO), a check-in beside it and one about 1.1 km away. */
const home = { lat: 30.656, lng: 117.489 };
const nearHome = { lat: 30.6562, lng: 117.4891, accuracyMeters: 12 };
const farAway = { lat: 30.666, lng: 117.489, accuracyMeters: 30 };
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('verified delivery on the real servers', () => {
  let running: RunningService<ProviderSchedulingConfig>;
  const tokens: Record<string, string> = {};
  const seen: { key: string; type: string; data: Json }[] = [];
  const runId = uniqueName('verify');
  const caseId = randomUUID();
  const referralId = `${caseId}:CZ-QJ-01`;
  let workerId = '';
  let slot = 0;

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
    const who: Record<string, StaffPrincipal> = {
      provider: {
        sub: 'staff-a',
        role: 'provider_staff',
        region: 'chizhou',
        jurisdiction: '341702',
        providerId: 'prov-a',
      },
      otherProvider: {
        sub: 'staff-b',
        role: 'provider_staff',
        region: 'chizhou',
        jurisdiction: '341702',
        providerId: 'prov-b',
      },
      township: { sub: 'tw-1', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      otherTownship: { sub: 'tw-2', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702002' },
      county: { sub: 'cty-1', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
      bot: {
        sub: 'telegram-bot',
        role: 'channel_adapter',
        region: 'chizhou',
        jurisdiction: '3417',
        channel: 'chatbot',
      },
      ivr: { sub: 'ivr', role: 'channel_adapter', region: 'chizhou', jurisdiction: '3417', channel: 'ivr' },
      changjiBot: {
        sub: 'telegram-bot',
        role: 'channel_adapter',
        region: 'changji',
        jurisdiction: '6523',
        channel: 'chatbot',
      },
    };
    for (const [name, principal] of Object.entries(who)) tokens[name] = await issueLocalToken(principal);
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
          'visit.checked-in.v1': record,
          'visit.checked-out.v1': record,
          'visit.verified.v1': record,
          'visit.disputed.v1': record,
          'visit.delivered.v2': record,
          'visit.delivered.v1': record,
        }),
      ],
      inbox,
    );

    // A referral to prov-a, accepted, a trained worker, a plan that records the recipient's home.
    await running.ctx.bus.publish(
      topics.referrals,
      givenReferral(
        { kind: 'provider', providerId: 'prov-a', contractId: 'contract-1' },
        {
          referralId,
          caseId,
          time: new Date(),
        },
      ),
    );
    const id = encodeURIComponent(referralId);
    await until('the offer', async () =>
      (await call('GET', `/assignments/${id}`, 'provider')).status === 200 ? true : undefined,
    );
    expect((await call('POST', `/assignments/${id}/acceptance`, 'provider', {})).status).toBe(201);
    const worker = await call('POST', '/workers', 'provider', {
      name: '李护理',
      idNumber: '11010519491231002X',
      phone: '13800138000',
      itemCodes: ['CZ-QJ-01'],
      training: [{ course: '服务规范与安全', date: '2026-01-05', hours: 8 }],
    });
    expect(worker.status).toBe(201);
    workerId = worker.body.workerId;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const inAMonth = new Date(Date.now() + 38 * 24 * 3600_000).toISOString().slice(0, 10);
    const plan = await call('POST', `/assignments/${id}/plan`, 'provider', {
      rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0',
      startDate: today,
      endDate: inAMonth,
      durationMinutes: 60,
      tasks: ['打扫卫生'],
      workerId,
      home,
    });
    expect(plan.status).toBe(201);
    expect(plan.body.home).toMatchObject(home);
    // The home is sealed at rest.
    const stored = await running.ctx.connection.collection('plans').findOne({ _id: referralId as never });
    expect(JSON.stringify(stored)).not.toContain('117.489');
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  async function call(method: string, path: string, who: string, body?: unknown) {
    const res = await fetch(url(path), {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Json };
  }
  async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 300) {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  /** A visit of the worker, each in its own 20 minutes from a minute from now. */
  async function aVisit(): Promise<string> {
    const scheduledFor = new Date(new Date(soon()).getTime() + slot++ * 20 * 60_000).toISOString();
    const r = await call('POST', `/assignments/${encodeURIComponent(referralId)}/visits`, 'provider', {
      workerId,
      scheduledFor,
      durationMinutes: 15,
    });
    expect(r.status).toBe(201);
    return r.body.visitId;
  }
  /**
   * Moves a visit's confirmBy a second into the past, as if the 72 hours had gone by. Under the visit's document
   * lock, as every write of a live document: the outbox relay may be settling the visit's check-in/check-out
   * events at this moment, and FerretDB v1 applies an update by reading the whole document and writing it back,
   * so an unlocked write racing it is lost (the deadline then stays 72 h away and nothing settles).
   */
  const moveDeadlineIntoPast = (visitId: string) =>
    withDocumentLock(running.ctx.connection, 'visits', visitId, () =>
      running.ctx.connection
        .collection('visits')
        .updateOne(
          { _id: visitId as never },
          { $set: { 'verification.confirmBy': new Date(Date.now() - 1000).toISOString() } },
        ),
    );
  const eventsOf = (visitId: string, type: string) =>
    seen.filter((e) => e.type === type && e.key === caseId && e.data.visitId === visitId).map((e) => e.data);
  const settledOn = (visitId: string) =>
    until(`visit.delivered.v2 of ${visitId}`, async () => eventsOf(visitId, 'visit.delivered.v2')[0]);

  it('checks a visit in and out near home with a photo; the right code after a wrong one verifies it, and visit.delivered.v2 says so once', async () => {
    const visitId = await aVisit();
    expect(await call('POST', `/visits/${visitId}/check-out`, 'provider', {})).toMatchObject({
      status: 409,
      body: { code: 'not_checked_in' },
    });
    expect((await call('POST', `/visits/${visitId}/check-in`, 'otherProvider', {})).status).toBe(403);
    const checkedIn = await call('POST', `/visits/${visitId}/check-in`, 'provider', { position: nearHome });
    expect(checkedIn).toMatchObject({
      status: 201,
      body: { status: 'checked_in', checkIn: { by: 'staff-a', place: { distanceMeters: 24, farFromHome: false } } },
    });
    // A photo, stored in GridFS; readable by the township and the county, not by another provider; audited.
    const upload = await fetch(url(`/visits/${visitId}/photos`), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.provider}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(upload.status).toBe(201);
    const photo = (await upload.json()) as Json;
    expect(photo).toMatchObject({ contentType: 'image/png', size: PNG.length, uploadedBy: 'staff-a' });
    const notAnImage = await fetch(url(`/visits/${visitId}/photos`), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.provider}`, 'content-type': 'image/png' },
      body: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    expect(notAnImage.status).toBe(415);
    const read = await fetch(url(`/visits/${visitId}/photos/${photo.photoId}`), {
      headers: { authorization: `Bearer ${tokens.township}` },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await read.arrayBuffer()).equals(PNG)).toBe(true);
    for (const stranger of ['otherProvider', 'otherTownship'])
      expect(
        (
          await fetch(url(`/visits/${visitId}/photos/${photo.photoId}`), {
            headers: { authorization: `Bearer ${tokens[stranger]}` },
          })
        ).status,
      ).toBe(403);
    const trail = await call('GET', `/audit-trail?subjectId=${photo.photoId}`, 'county');
    expect(trail.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'read', actor: 'tw-1', resource: 'GET /visits/:visitId/photos/:photoId' }),
      ]),
    );

    // A hand-scheduled visit carries no tasks of the plan: a task named is not one of its tasks.
    expect(
      await call('POST', `/visits/${visitId}/check-out`, 'provider', { position: nearHome, tasksDone: ['打扫卫生'] }),
    ).toMatchObject({ status: 400, body: { code: 'unknown_task' } });
    const out = await call('POST', `/visits/${visitId}/check-out`, 'provider', {
      position: nearHome,
      tasksDone: [],
      units: 1,
    });
    expect(out.status).toBe(201);
    expect(out.body).toMatchObject({
      status: 'delivered',
      checkOut: { tasksDone: [], tasksNotDone: [], place: { farFromHome: false } },
      verification: { state: 'awaiting', attemptsLeft: 3 },
      photos: [{ photoId: photo.photoId }],
    });
    expect(out.body.confirmationCode).toMatch(/^\d{6}$/);
    expect(out.body).not.toHaveProperty('codeDigest');
    const code = out.body.confirmationCode as string;
    // A retry answers the same visit, never a second code; reads never show the digest.
    const retry = await call('POST', `/visits/${visitId}/check-out`, 'provider', { tasksDone: [] });
    expect(retry.status).toBe(201);
    expect(retry.body.confirmationCode).toBeUndefined();
    expect(retry.body.verification).toEqual(out.body.verification);
    expect((await call('GET', `/visits/${visitId}`, 'township')).body).not.toHaveProperty('codeDigest');
    // The deadline is set on the job board, at confirmBy.
    expect(await running.ctx.jobs.state(confirmationDeadlineJob(visitId))).toBe('delayed');

    // The bot lists it for the case, the worker as the recipient knows them.
    const awaiting = await call('GET', `/cases/${caseId}/visits/awaiting-confirmation`, 'bot');
    expect(awaiting.status).toBe(200);
    expect(awaiting.body.visits).toEqual([
      expect.objectContaining({
        visitId,
        itemCode: 'CZ-QJ-01',
        workerDisplayName: '李师傅',
        confirmBy: out.body.verification.confirmBy,
        attemptsLeft: 3,
      }),
    ]);
    // Another region's adapter, or the bot claiming the IVR, is refused.
    expect((await call('GET', `/cases/${caseId}/visits/awaiting-confirmation`, 'changjiBot')).status).toBe(403);
    expect(
      await call('POST', `/visits/${visitId}/confirmation`, 'changjiBot', { code, via: 'telegram' }),
    ).toMatchObject({
      status: 403,
      body: { code: 'outside_jurisdiction' },
    });
    expect(await call('POST', `/visits/${visitId}/confirmation`, 'bot', { code, via: 'ivr' })).toMatchObject({
      status: 403,
      body: { code: 'channel_mismatch' },
    });
    expect((await call('POST', `/visits/${visitId}/confirmation`, 'provider', { code, via: 'telegram' })).status).toBe(
      403,
    );

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(
      await call('POST', `/visits/${visitId}/confirmation`, 'bot', { code: wrong, via: 'telegram' }),
    ).toMatchObject({ status: 422, body: { code: 'wrong_confirmation_code', attemptsLeft: 2 } });
    expect(await call('POST', `/visits/${visitId}/confirmation`, 'bot', { code, via: 'telegram' })).toEqual({
      status: 200,
      body: { verification: 'verified' },
    });
    expect(await call('POST', `/visits/${visitId}/confirmation`, 'bot', { code, via: 'telegram' })).toMatchObject({
      status: 409,
      body: { code: 'confirmation_closed' },
    });
    expect((await call('GET', `/cases/${caseId}/visits/awaiting-confirmation`, 'bot')).body.visits).toEqual([]);

    const delivered = await settledOn(visitId);
    expect(delivered).toMatchObject({
      verification: 'verified',
      verificationReason: 'code_confirmed',
      units: 1,
      distanceMeters: 24,
      farFromHome: false,
    });
    expect(eventsOf(visitId, 'visit.checked-in.v1')).toEqual([
      expect.objectContaining({ distanceMeters: 24, farFromHome: false, workerDisplayName: '李师傅' }),
    ]);
    expect(eventsOf(visitId, 'visit.checked-out.v1')).toEqual([
      expect.objectContaining({ photoCount: 1, confirmBy: out.body.verification.confirmBy }),
    ]);
    expect(eventsOf(visitId, 'visit.verified.v1')).toEqual([expect.objectContaining({ confirmedVia: 'telegram' })]);
    // Once, and never the code, never v1.
    await new Promise((r) => setTimeout(r, 500));
    expect(eventsOf(visitId, 'visit.delivered.v2')).toHaveLength(1);
    expect(eventsOf(visitId, 'visit.delivered.v1')).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(`"${code}"`);
  });

  it('flags a visit checked in far from home; wrong codes leave it unverified, and the last one settles it (wrong_code_limit)', async () => {
    const visitId = await aVisit();
    const checkedIn = await call('POST', `/visits/${visitId}/check-in`, 'provider', { position: farAway });
    expect(checkedIn.body.checkIn.place).toMatchObject({ farFromHome: true, accuracyMeters: 30 });
    expect(checkedIn.body.checkIn.place.distanceMeters).toBeGreaterThan(1000);
    const out = await call('POST', `/visits/${visitId}/check-out`, 'provider', { position: farAway });
    const code = out.body.confirmationCode as string;
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    const tryWrong = () => call('POST', `/visits/${visitId}/confirmation`, 'ivr', { code: wrong, via: 'ivr' });
    expect(await tryWrong()).toMatchObject({ status: 422, body: { attemptsLeft: 2 } });
    expect((await call('GET', `/visits/${visitId}`, 'provider')).body.verification).toMatchObject({
      state: 'awaiting',
      attemptsLeft: 2,
    });
    expect(await tryWrong()).toMatchObject({ status: 422, body: { attemptsLeft: 1 } });
    expect(await tryWrong()).toMatchObject({ status: 409, body: { code: 'wrong_code_limit' } });
    expect(await call('POST', `/visits/${visitId}/confirmation`, 'ivr', { code, via: 'ivr' })).toMatchObject({
      status: 409,
      body: { code: 'confirmation_closed' },
    });
    expect(await settledOn(visitId)).toMatchObject({
      verification: 'unverified',
      verificationReason: 'wrong_code_limit',
      farFromHome: true,
    });
  });

  it("takes the recipient's dispute of a visit the provider recorded afterwards", async () => {
    const visitId = await aVisit();
    const recorded = await call('POST', `/visits/${visitId}/delivery`, 'provider', {
      deliveredAt: new Date().toISOString(),
      units: 1,
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.confirmationCode).toMatch(/^\d{6}$/);
    expect(await call('POST', `/visits/${visitId}/dispute`, 'ivr', { via: 'ivr', reason: '今天没有人来' })).toEqual({
      status: 200,
      body: { verification: 'disputed' },
    });
    expect(await call('POST', `/visits/${visitId}/dispute`, 'ivr', { via: 'ivr' })).toMatchObject({
      status: 409,
      body: { code: 'confirmation_closed' },
    });
    expect(await settledOn(visitId)).toMatchObject({
      verification: 'disputed',
      verificationReason: 'resident_disputed',
    });
    expect(eventsOf(visitId, 'visit.disputed.v1')).toEqual([
      expect.objectContaining({ disputedVia: 'ivr', reason: '今天没有人来' }),
    ]);
    expect(eventsOf(visitId, 'visit.checked-out.v1')).toHaveLength(1);
  });

  it('records a township clerk’s paper confirmation while open, in the clerk’s township only, audited', async () => {
    const visitId = await aVisit();
    await call('POST', `/visits/${visitId}/check-in`, 'provider', {});
    await call('POST', `/visits/${visitId}/check-out`, 'provider', {});
    const slip = { reason: '服务确认单，本人签字，编号 0017' };
    expect((await call('POST', `/visits/${visitId}/paper-confirmation`, 'otherTownship', slip)).status).toBe(403);
    expect((await call('POST', `/visits/${visitId}/paper-confirmation`, 'provider', slip)).status).toBe(403);
    const paper = await call('POST', `/visits/${visitId}/paper-confirmation`, 'township', slip);
    expect(paper).toMatchObject({
      status: 201,
      body: {
        verification: {
          state: 'verified',
          reason: 'paper_confirmed',
          via: 'township',
          paper: { recordedBy: 'tw-1', note: slip.reason },
        },
      },
    });
    expect(await settledOn(visitId)).toMatchObject({ verification: 'verified', verificationReason: 'paper_confirmed' });
    const trail = await call('GET', `/audit-trail?subjectId=${visitId}&action=update`, 'county');
    expect(trail.body.items).toEqual([
      expect.objectContaining({ actor: 'tw-1', resource: 'POST /visits/:visitId/paper-confirmation' }),
    ]);
  });

  it('settles a visit nobody confirmed unverified when its deadline job runs after confirmBy', async () => {
    const visitId = await aVisit();
    await call('POST', `/visits/${visitId}/check-in`, 'provider', {});
    const out = await call('POST', `/visits/${visitId}/check-out`, 'provider', {});
    expect(out.body.verification.state).toBe('awaiting');
    // 72 hours are not waited for: the window is moved into the past, and the deadline job of the visit run now
    // (the same handler BullMQ runs at confirmBy, under another job id).
    await moveDeadlineIntoPast(visitId);
    await running.ctx.jobs.schedule(CONFIRMATION_DEADLINE, `${confirmationDeadlineJob(visitId)}|now`, { visitId });
    expect(await settledOn(visitId)).toMatchObject({
      verification: 'unverified',
      verificationReason: 'no_confirmation_in_time',
    });
    expect((await call('GET', `/visits/${visitId}`, 'township')).body.verification).toMatchObject({
      state: 'unverified',
      reason: 'no_confirmation_in_time',
    });
    expect(
      await call('POST', `/visits/${visitId}/confirmation`, 'bot', {
        code: out.body.confirmationCode,
        via: 'telegram',
      }),
    ).toMatchObject({
      status: 409,
      body: { code: 'confirmation_closed' },
    });
  });

  it('settles, once, a visit whose deadline job Redis lost, when the confirmation sweep runs after confirmBy', async () => {
    const visitId = await aVisit();
    await call('POST', `/visits/${visitId}/check-in`, 'provider', {});
    const out = await call('POST', `/visits/${visitId}/check-out`, 'provider', {});
    expect(out.body.verification.state).toBe('awaiting');
    // Redis loses the deadline job (a flush, or the process stopped before it was added) …
    expect(await running.ctx.jobs.state(confirmationDeadlineJob(visitId))).toBe('delayed');
    await running.ctx.jobs.cancel(confirmationDeadlineJob(visitId));
    expect(await running.ctx.jobs.state(confirmationDeadlineJob(visitId))).toBeUndefined();
    // … and the 72 hours pass (the window is moved into the past).
    await moveDeadlineIntoPast(visitId);
    // The sweep (the repeatable job's handler, run now under its own id) settles it as the deadline job would …
    const sweeps = [`${CONFIRMATION_SWEEP}|${visitId}|1`, `${CONFIRMATION_SWEEP}|${visitId}|2`];
    await running.ctx.jobs.schedule(CONFIRMATION_SWEEP, sweeps[0]!, {});
    expect(await settledOn(visitId)).toMatchObject({
      verification: 'unverified',
      verificationReason: 'no_confirmation_in_time',
    });
    // … and a second sweep racing a late deadline job (4 jobs run at once) settles nothing again.
    const lateDeadline = `${confirmationDeadlineJob(visitId)}|late`;
    await Promise.all([
      running.ctx.jobs.schedule(CONFIRMATION_SWEEP, sweeps[1]!, {}),
      running.ctx.jobs.schedule(CONFIRMATION_DEADLINE, lateDeadline, { visitId }),
    ]);
    for (const id of [...sweeps, lateDeadline])
      await until(`job ${id} done`, async () =>
        (await running.ctx.jobs.state(id)) === 'completed' ? true : undefined,
      );
    const stored = await running.ctx.connection.collection('visits').findOne({ _id: visitId as never });
    expect(stored).toMatchObject({ confirmationOpen: false, verification: { state: 'unverified' } });
    // Whatever was left in the outbox has gone out by now: visit.delivered.v2 went out once.
    await until('the outbox relayed', async () =>
      (await running.ctx.connection.collection('visits').findOne({ _id: visitId as never, _outboxPending: true }))
        ? undefined
        : true,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(eventsOf(visitId, 'visit.delivered.v2')).toHaveLength(1);
  });
});

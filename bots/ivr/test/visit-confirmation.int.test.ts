/**
 * A recipient confirms their visits by phone, on the real servers: intake (who the caller is: the ID number and
 * the code texted to the phone on file) and provider-scheduling (the visits, their one-time codes) run in this
 * process on Kafka, FerretDB and Redis; the IVR answers signed webhooks as a telephony provider sends them. A worker
 * checked out of three visits of the caller's case: the caller keys the right code for the first (verified), says
 * the second did not happen (9, then why: disputed with that reason), and keys wrong codes for the third until the
 * limit (unverified); provider-scheduling publishes each outcome. Nothing here stands in for provider-scheduling or intake.
 */
import { generateTokenKeys, issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { on, type Inbox } from '@carelink/bus';
import { checkCharacter, topics } from '@carelink/contracts';
import { startService, type RunningService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName, visitsBase } from '@carelink/test-servers';
import twilio from 'twilio';
import {
  createConfig as schedulingConfig,
  type ProviderSchedulingConfig,
} from '../../../services/provider-scheduling/src/config';
import { providerSchedulingService } from '../../../services/provider-scheduling/src/service';
import { givenReferral } from '../../../services/provider-scheduling/test/fixtures';
import { createConfig as intakeConfig } from '../../../services/intake/src/config';
import type { ResidentText } from '../../../services/intake/src/domain/follow-progress/handle-lookup-code';
import { createIntakeService } from '../../../services/intake/src/service';
import { createConfig } from '../src/config';
import { startIvr, type RunningIvr } from '../src/ivr-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire data, checked field by field

const AUTH_TOKEN = 'test-voice-auth-token-0123456789';
const BASE = 'https://ivr.carelink.test';
const first17 = '34170219500707002';
const ID = first17 + checkCharacter(first17);
const KEYED_ID = `${first17}${checkCharacter(first17) === 'X' ? '*' : checkCharacter(first17)}#`;
const PHONE = '13700000707';

const VISITS_BASE = visitsBase(Date.now());

describe('confirming visits by phone (real servers, intake and provider-scheduling in-process)', () => {
  const runId = uniqueName('ivr-verify');
  let intake: RunningService;
  let scheduling: RunningService<ProviderSchedulingConfig>;
  let ivr: RunningIvr;
  let provider: string;
  const texted: ResidentText[] = [];
  const seen: { type: string; data: Json }[] = [];
  const visits: { visitId: string; code: string }[] = [];

  beforeAll(async () => {
    const [staffKeys, ivrKeys] = await Promise.all([
      generateTokenKeys(`staff-${runId}`),
      generateTokenKeys(`ivr-${runId}`),
    ]);
    const servers = await testServers();
    const common = {
      CARELINK_ENV: 'local',
      PORT: '0',
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      LOG_LEVEL: 'silent',
      STAFF_TOKEN_PUBLIC_KEYS: staffKeys.publicKeys,
      ADAPTER_TOKEN_PUBLIC_KEYS: ivrKeys.publicKeys,
    };
    intake = (await startService(
      createIntakeService({ texts: { send: async (text) => void texted.push(text) } }),
      intakeConfig({
        ...common,
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_intake`),
        JOBS_PREFIX: `${runId}-intake`,
      }),
    )) as unknown as RunningService;
    scheduling = await startService(
      providerSchedulingService,
      schedulingConfig({
        ...common,
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_scheduling`),
        JOBS_PREFIX: `${runId}-scheduling`,
      }),
    );
    ivr = await startIvr(
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        PUBLIC_BASE_URL: BASE,
        VOICE_AUTH_TOKEN: AUTH_TOKEN,
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_ivr`),
        REDIS_URL: servers.redisUrl,
        REDIS_PREFIX: runId,
        STAFF_TOKEN_PUBLIC_KEYS: staffKeys.publicKeys,
        ADAPTER_TOKEN_SIGNING_KEY: ivrKeys.signingKey,
        INTAKE_URL: `http://127.0.0.1:${intake.port}`,
        COMPLAINTS_URL: 'http://127.0.0.1:9',
        PROVIDER_SCHEDULING_URL: `http://127.0.0.1:${scheduling.port}`,
        LOG_LEVEL: 'silent',
      }),
    );

    const memory = new Set<string>();
    const inbox: Inbox = {
      seen: async (g, id) => memory.has(`${g}/${id}`),
      remember: async (g, id) => void memory.add(`${g}/${id}`),
    };
    const record = async (e: { type: string; data: unknown }) => void seen.push({ type: e.type, data: e.data as Json });
    await scheduling.ctx.bus.consume(
      'ivr-verify-observer',
      [
        on(topics.visits, {
          'visit.verified.v1': record,
          'visit.disputed.v1': record,
          'visit.delivered.v2': record,
        }),
      ],
      inbox,
    );

    // The caller applied at the township window (their phone on file); the case was referred to prov-a.
    const issue = (p: StaffPrincipal) => issueStaffToken(p, staffKeys.signingKey);
    const clerk = await issue({
      sub: 'clerk',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702001',
    });
    const window = await fetch(`http://127.0.0.1:${intake.port}/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        region: 'chizhou',
        channel: 'window',
        applicant: { name: '刘秀英', idNumber: ID, phone: PHONE },
        address: { township: '341702001' },
        declaredGroups: ['tekun'],
        items: ['CZ-QJ-01'],
      }),
    });
    expect(window.status).toBe(201);
    const caseId = String(((await window.json()) as Json).caseId);
    provider = await issue({
      sub: 'staff-a',
      role: 'provider_staff',
      region: 'chizhou',
      jurisdiction: '341702',
      providerId: 'prov-a',
    });
    const referralId = `${caseId}:CZ-QJ-01`;
    await scheduling.ctx.bus.publish(
      topics.referrals,
      givenReferral(
        { kind: 'provider', providerId: 'prov-a', contractId: 'contract-1' },
        { referralId, caseId, time: new Date() },
      ),
    );
    await until(async () => {
      const r = await staff('POST', `/assignments/${encodeURIComponent(referralId)}/acceptance`, {});
      return r.status === 201 ? true : undefined;
    });
    const worker = await staff('POST', '/workers', {
      name: '张建国',
      idNumber: '11010519491231002X',
      phone: '13800138000',
      qualifications: ['养老护理员'],
      itemCodes: ['CZ-QJ-01'],
      training: [{ course: '服务规范与安全', date: '2026-01-05', hours: 8 }],
    });
    expect(worker.status).toBe(201);
    // Three visits, checked in and out in turn (the oldest check-out is read first).
    for (const hours of [2, 4, 6]) {
      const scheduled = await staff('POST', `/assignments/${encodeURIComponent(referralId)}/visits`, {
        workerId: worker.body.workerId,
        scheduledFor: new Date(VISITS_BASE + hours * 3600_000).toISOString(),
      });
      expect(scheduled.status).toBe(201);
      const visitId = String(scheduled.body.visitId);
      expect((await staff('POST', `/visits/${visitId}/check-in`, {})).status).toBe(201);
      const out = await staff('POST', `/visits/${visitId}/check-out`, { tasksDone: [], units: 1 });
      expect(out.body.confirmationCode).toMatch(/^\d{6}$/);
      visits.push({ visitId, code: String(out.body.confirmationCode) });
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  afterAll(async () => {
    await ivr?.stop();
    for (const s of [intake, scheduling] as RunningService[]) {
      await s?.ctx.connection.dropDatabase();
      await s?.stop();
    }
  });

  const staff = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${scheduling.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${provider}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Json };
  };
  async function until<T>(probe: () => Promise<T | undefined> | T | undefined, tries = 300): Promise<T> {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('timed out');
  }

  /** A call as the provider makes it: each answer posted, signed, to the step the last TwiML pointed to. */
  function call(callSid: string, from: string) {
    let next = '/ivr/chizhou/voice';
    return async (params: Record<string, string> = {}) => {
      const all = { CallSid: callSid, From: from, To: '+8612345', ...params };
      const res = await fetch(`http://127.0.0.1:${ivr.port}${next}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${BASE}${next}`, all),
        },
        body: new URLSearchParams(all),
      });
      const text = await res.text();
      expect(res.status).toBe(200);
      const action = /action="https:\/\/ivr\.carelink\.test([^"]+)"/.exec(text)?.[1];
      if (action) next = action.replace(/&amp;/g, '&');
      return text;
    };
  }

  const outcome = (visitId: string) =>
    until(() => seen.find((e) => e.type === 'visit.delivered.v2' && e.data.visitId === visitId)?.data);

  it('an identified caller confirms one visit with its code, disputes one, and keys wrong codes for one until the limit', async () => {
    const [first, second, third] = visits as [(typeof visits)[0], (typeof visits)[0], (typeof visits)[0]];
    const say = call('CAverify0001', `+86${PHONE}`);
    expect(await say()).toContain('确认上门服务请按4');
    expect(await say({ Digits: '4' })).toContain('十八位身份证号码');
    await say({ Digits: KEYED_ID });
    expect(await say({ Digits: '2' })).toContain('六位验证码');
    const code = /(\d{6})/.exec(texted.filter((t) => t.to === PHONE).at(-1)?.body ?? '')?.[1];
    const heard = await say({ Digits: code! });
    expect(heard).toContain('刘秀英，您好。');
    expect(heard).toMatch(/\d+月\d+日\d+点(\d+分)?，张师傅为您提供的居家清洁服务/);
    expect(heard).toContain('请按9再按井号键');
    expect(heard).not.toMatch(/张建国|13800138000/);

    // The first: a wrong code (tries left), then the right one.
    const wrong = (c: string) => (c === '000000' ? '111111' : '000000');
    expect(await say({ Digits: wrong(first.code) })).toContain('确认码不正确，您还可以输入2次');
    const confirmed = await say({ Digits: first.code });
    expect(confirmed).toContain('确认成功，谢谢您');
    expect(confirmed).toContain('张师傅为您提供的居家清洁服务');
    expect(await outcome(first.visitId)).toMatchObject({
      verification: 'verified',
      verificationReason: 'code_confirmed',
    });
    expect(seen.find((e) => e.type === 'visit.verified.v1' && e.data.visitId === first.visitId)?.data).toMatchObject({
      confirmedVia: 'ivr',
    });

    // The second: 9, it did not happen, and why (3: not the service recorded).
    expect(await say({ Digits: '9' })).toContain('服务内容或时长与记录不符请按3');
    expect(await say({ Digits: '3' })).toContain('已记录您的异议');
    expect(await outcome(second.visitId)).toMatchObject({
      verification: 'disputed',
      verificationReason: 'resident_disputed',
    });
    expect(seen.find((e) => e.type === 'visit.disputed.v1' && e.data.visitId === second.visitId)?.data).toMatchObject({
      disputedVia: 'ivr',
      reason: '电话按键：服务内容或时长与记录不符',
    });

    // The third: wrong codes until the limit; then the menu.
    const others = ['000000', '111111', '222222', '333333'].filter((c) => c !== third.code);
    expect(await say({ Digits: others[0]! })).toContain('您还可以输入2次');
    expect(await say({ Digits: others[1]! })).toContain('您还可以输入1次');
    const limit = await say({ Digits: others[2]! });
    expect(limit).toContain('确认码多次输入错误，这次服务记为未确认');
    expect(limit).toContain('申请服务请按1');
    expect(await outcome(third.visitId)).toMatchObject({
      verification: 'unverified',
      verificationReason: 'wrong_code_limit',
    });

    // The call record keeps that codes were keyed, never a code.
    const rec = await ivr.records.get('CAverify0001');
    expect(rec!.path).toContain('visit-confirm:keyed');
    expect(rec!.path).toContain('visit-confirm:9');
    for (const v of visits) expect(JSON.stringify(rec)).not.toContain(v.code);
  });
});

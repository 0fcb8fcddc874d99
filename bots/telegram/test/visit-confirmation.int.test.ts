/**
 * Verified delivery on the resident's side, on the real servers: provider-scheduling runs in this process (its
 * HTTP routes, Kafka, FerretDB, Redis), and so does the bot as a service (its Kafka consumer, its conversations in
 * Redis), chatted with through the local Bot API emulator. A worker checks in and out of a visit of a case filed
 * through the bot: the resident's chat is told the worker arrived and asked to confirm with the one-time code the
 * worker has (the check-out's answer), or to dispute; the right code verifies the visit (provider-scheduling then
 * publishes visit.delivered.v2 verified), a wrong one says the tries left and leaves it unconfirmed, a dispute
 * makes it disputed. Nothing here stands in for provider-scheduling.
 */
import { generateTokenKeys, issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { on, type Inbox } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import { startService, staffTokenSigningKeyOf, type RunningService } from '@carelink/service-host';
import { FieldCipher } from '@carelink/store';
import { databaseUrl, kafkaEnv, testServers, uniqueName, visitsBase } from '@carelink/test-servers';
import IORedis, { type Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import TelegramServer from 'telegram-test-api';
import {
  createConfig as schedulingConfig,
  type ProviderSchedulingConfig,
} from '../../../services/provider-scheduling/src/config';
import { providerSchedulingService } from '../../../services/provider-scheduling/src/service';
import { givenReferral } from '../../../services/provider-scheduling/test/fixtures';
import { createConfig, type BotConfig } from '../src/config';
import { ChatDirectory } from '../src/data-access/chat-directory';
import { EmulatorChat } from '../src/local/emulator-chat';
import { telegramBotService } from '../src/service';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

const EMULATOR_PORT = 4393;
const BOT_TOKEN = 'visit-confirmation-bot-token';
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

const VISITS_BASE = visitsBase(Date.now());

describe('residents confirm or dispute visits in the chat (real servers, provider-scheduling in-process)', () => {
  const runId = uniqueName('tg-verify');
  let scheduling: RunningService<ProviderSchedulingConfig>;
  let bot: RunningService<BotConfig>;
  let emulator: TelegramServer;
  let redis: Redis;
  let provider: string;
  let workerId: string;
  const seen: { type: string; data: Json }[] = [];
  const caseId = randomUUID();
  const referralId = `${caseId}:CZ-QJ-01`;

  beforeAll(async () => {
    const servers = await testServers();
    const botKeys = await generateTokenKeys(`chatbot-${runId}`);
    const common = {
      CARELINK_ENV: 'local',
      PORT: '0',
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      LOG_LEVEL: 'silent',
    };
    scheduling = await startService(
      providerSchedulingService,
      schedulingConfig({
        ...common,
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_scheduling`),
        JOBS_PREFIX: `${runId}-scheduling`,
        ADAPTER_TOKEN_PUBLIC_KEYS: botKeys.publicKeys,
      }),
    );
    emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    const config = createConfig({
      ...common,
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_bot`),
      JOBS_PREFIX: `${runId}-bot`,
      REDIS_PREFIX: `${runId}:bot:`,
      REGION: 'chizhou',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: emulator.config.apiURL,
      ADAPTER_TOKEN_SIGNING_KEY: botKeys.signingKey,
      PROVIDER_SCHEDULING_URL: `http://127.0.0.1:${scheduling.port}`,
      // Not asked in these chats (provider names: the reminder then names none).
      INTAKE_URL: 'http://127.0.0.1:9',
      COMPLAINTS_URL: 'http://127.0.0.1:9',
      REFERRAL_URL: 'http://127.0.0.1:9',
      RATE_LIMIT_PER_WINDOW: '30',
    });
    bot = await startService(telegramBotService(), config);
    // The case was filed in chat 9301 (as the application feature keeps it).
    redis = new IORedis(servers.redisUrl);
    const directory = new ChatDirectory(
      redis,
      config.REDIS_PREFIX,
      new FieldCipher(config.BOT_DATA_KEY, config.BOT_DATA_KEY),
    );
    await directory.rememberCase(caseId, 9301);
    await directory.linkCase(9301, {
      caseId,
      caseNumber: 'CZ341702-2026-000001',
      name: '张三',
      township: '341702001',
      itemCodes: ['CZ-QJ-01'],
      linkedBy: 'filed',
      at: new Date().toISOString(),
    });

    const memory = new Set<string>();
    const inbox: Inbox = {
      seen: async (g, id) => memory.has(`${g}/${id}`),
      remember: async (g, id) => void memory.add(`${g}/${id}`),
    };
    const record = async (e: { type: string; data: unknown }) => void seen.push({ type: e.type, data: e.data as Json });
    await scheduling.ctx.bus.consume(
      'verify-test-observer',
      [
        on(topics.visits, {
          'visit.verified.v1': record,
          'visit.disputed.v1': record,
          'visit.delivered.v2': record,
        }),
      ],
      inbox,
    );

    const principal: StaffPrincipal = {
      sub: 'staff-a',
      role: 'provider_staff',
      region: 'chizhou',
      jurisdiction: '341702',
      providerId: 'prov-a',
    };
    provider = await issueStaffToken(principal, staffSigningKey);
    await scheduling.ctx.bus.publish(
      topics.referrals,
      givenReferral(
        { kind: 'provider', providerId: 'prov-a', contractId: 'contract-1' },
        { referralId, caseId, time: new Date() },
      ),
    );
    await until('the offer', async () => {
      const r = await call('POST', `/assignments/${encodeURIComponent(referralId)}/acceptance`, {});
      return r.status === 201 ? true : undefined;
    });
    const worker = await call('POST', '/workers', {
      name: '张建国',
      idNumber: '11010519491231002X',
      phone: '13800138000',
      qualifications: ['养老护理员'],
      itemCodes: ['CZ-QJ-01'],
      training: [{ course: '服务规范与安全', date: '2026-01-05', hours: 8 }],
    });
    expect(worker.status).toBe(201);
    workerId = worker.body.workerId;
  });

  afterAll(async () => {
    await bot?.stop();
    await emulator?.stop();
    await redis?.quit();
    await scheduling?.ctx.connection.dropDatabase();
    await scheduling?.stop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${scheduling.port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${provider}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Json };
  };
  async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, tries = 300): Promise<T> {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** A visit of the case `hoursAhead` from now (within a day: its reminder is due at once). */
  async function scheduledVisit(hoursAhead: number): Promise<string> {
    const scheduledFor = new Date(VISITS_BASE + hoursAhead * 3600_000).toISOString();
    const scheduled = await call('POST', `/assignments/${encodeURIComponent(referralId)}/visits`, {
      workerId,
      scheduledFor,
    });
    expect(scheduled.status).toBe(201);
    return String(scheduled.body.visitId);
  }

  /** A visit checked in and out by the worker: its id and the one-time code the check-out answered. */
  async function deliveredVisit(hoursAhead: number, scheduled?: string) {
    const visitId = scheduled ?? (await scheduledVisit(hoursAhead));
    expect((await call('POST', `/visits/${visitId}/check-in`, {})).status).toBe(201);
    const out = await call('POST', `/visits/${visitId}/check-out`, { tasksDone: [], units: 1 });
    expect(out.status).toBe(201);
    expect(out.body.confirmationCode).toMatch(/^\d{6}$/);
    return { visitId, code: String(out.body.confirmationCode) };
  }

  const delivery = (visitId: string) =>
    until(`visit.delivered.v2 of ${visitId}`, () =>
      seen.find((e) => e.type === 'visit.delivered.v2' && e.data.visitId === visitId),
    );

  it('the arrival and the end reach the chat; a wrong code says the tries left, the right one verifies the visit', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 9301);
    // The reminder of a visit within a day (the provider's name could not be read: none is said).
    const scheduled = await scheduledVisit(2);
    const reminder = await chat.expect(/^(今天|明天) \d+:\d{2}–\d+:\d{2} 有上门服务：居家清洁$/);
    expect(reminder.text).not.toMatch(/prov-a/);
    // The arrival, then the end with its two buttons.
    const { visitId, code } = await deliveredVisit(2, scheduled);
    await chat.expect(/张师傅 \d+:\d{2} 已到达，开始为您服务/);
    const ended = await chat.expect('请输入服务人员告诉您的6位确认码');
    expect(ended.buttons).toEqual(
      expect.arrayContaining([
        { text: '🔢 输入确认码', data: `vc:${visitId}` },
        { text: '没有上门/有异议', data: `vd:${visitId}` },
      ]),
    );
    expect(ended.text).not.toMatch(/张建国|13800138000|11010519491231002X/);

    await chat.tap(`vc:${visitId}`);
    const asked = await chat.expect('当面告诉您的6位确认码');
    expect(asked.text).toContain('张师傅');
    await chat.ask('12 34', '确认码是6位数字');
    const wrong = code === '000000' ? '111111' : '000000';
    await chat.ask(wrong, '确认码不对，请核对后再输入一次（还可以输入 2 次）');
    expect(seen.find((e) => e.data.visitId === visitId)).toBeUndefined();
    await chat.ask(code, '确认成功');

    expect((await delivery(visitId)).data).toMatchObject({
      verification: 'verified',
      verificationReason: 'code_confirmed',
    });
    expect(seen.find((e) => e.type === 'visit.verified.v1' && e.data.visitId === visitId)?.data.confirmedVia).toBe(
      'telegram',
    );
    // Told once, in the conversation: the verified event adds nothing; a tap on the old button is too late.
    await chat.tap(`vc:${visitId}`);
    const late = await chat.expect(/已经确认过|已确认|已过了确认时间/);
    expect(late.text).toContain('已经确认过');
  });

  it('a resident who missed the message finds the visit in the menu and disputes it, with a reason', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 9301);
    const { visitId } = await deliveredVisit(5);
    await chat.expect('请输入服务人员告诉您的6位确认码');
    await chat.ask('✅ 确认上门服务', '服务属实请点“🔢 输入确认码”');
    await chat.ask('没有上门/有异议', '请简单说说哪里不对');
    await chat.ask('根本没有人来', '已记下您的异议');
    expect((await delivery(visitId)).data).toMatchObject({
      verification: 'disputed',
      verificationReason: 'resident_disputed',
    });
    const disputed = seen.find((e) => e.type === 'visit.disputed.v1' && e.data.visitId === visitId)!;
    expect(disputed.data).toMatchObject({ disputedVia: 'telegram', reason: '根本没有人来' });
    await chat.ask('✅ 确认上门服务', '现在没有需要您确认的上门服务');
  });

  it('the last wrong code leaves the visit unverified and says how to complain', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 9301);
    const { visitId, code } = await deliveredVisit(8);
    await chat.expect('请输入服务人员告诉您的6位确认码');
    await chat.tap(`vc:${visitId}`);
    await chat.expect('当面告诉您的6位确认码');
    const wrong = ['000000', '111111', '222222'].filter((c) => c !== code);
    await chat.ask(wrong[0]!, '还可以输入 2 次');
    await chat.ask(wrong[1]!, '还可以输入 1 次');
    const limit = await chat.ask(code === '333333' ? '444444' : '333333', '记为“未确认”');
    expect(limit.text).toContain('投诉建议');
    expect((await delivery(visitId)).data).toMatchObject({
      verification: 'unverified',
      verificationReason: 'wrong_code_limit',
    });
    // The settled delivery is told as unconfirmed.
    await chat.expect('未能确认，记为“未确认”');
  });
});

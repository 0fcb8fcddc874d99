/**
 * Workers' own chats on the real servers: provider-scheduling runs in this process (HTTP, Kafka, FerretDB, Redis)
 * and so does the bot as a service (its Kafka consumer, its commands), chatted with through the local Bot API
 * emulator. Provider staff issue a worker a link code; the worker sends `/worker wk-…`; the reminder of a visit
 * (due at once: within a day) reaches that chat with the time, the place, the masked name and the tasks, `/today`
 * lists it, and its cancellation is told too. A worker who linked no chat, or was unlinked, gets nothing.
 * Nothing here stands in for provider-scheduling.
 */
import { generateTokenKeys, issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { on, type Inbox } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import { startService, staffTokenSigningKeyOf, type RunningService } from '@carelink/service-host';
import { FieldCipher } from '@carelink/store';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
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

const EMULATOR_PORT = 4677;
const BOT_TOKEN = 'worker-reminders-bot-token';
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });
const WORKER_CHAT = 9501;

describe('reminders reach the worker’s own chat (real servers, provider-scheduling in-process)', () => {
  const runId = uniqueName('tg-worker');
  let scheduling: RunningService<ProviderSchedulingConfig>;
  let bot: RunningService<BotConfig>;
  let emulator: TelegramServer;
  let redis: Redis;
  let directory: ChatDirectory;
  let provider: string;
  const workerIds: Record<'linked' | 'unlinked', string> = { linked: '', unlinked: '' };
  const reminders: { id: string; visitId: string }[] = [];
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
      INTAKE_URL: 'http://127.0.0.1:9',
      COMPLAINTS_URL: 'http://127.0.0.1:9',
      REFERRAL_URL: 'http://127.0.0.1:9',
      RATE_LIMIT_PER_WINDOW: '30',
    });
    bot = await startService(telegramBotService(), config);
    redis = new IORedis(servers.redisUrl);
    directory = new ChatDirectory(
      redis,
      config.REDIS_PREFIX,
      new FieldCipher(config.BOT_DATA_KEY, config.BOT_DATA_KEY),
    );

    const memory = new Set<string>();
    const inbox: Inbox = {
      seen: async (g, id) => memory.has(`${g}/${id}`),
      remember: async (g, id) => void memory.add(`${g}/${id}`),
    };
    await scheduling.ctx.bus.consume(
      'worker-reminders-observer',
      [
        on(topics.visits, {
          'visit.reminder-due.v1': async (e) => void reminders.push({ id: e.id, visitId: String(e.data.visitId) }),
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
    for (const [which, idNumber, name] of [
      ['linked', '11010519491231002X', '张建国'],
      ['unlinked', '110105198001010024', '李梅'],
    ] as const) {
      const worker = await call('POST', '/workers', {
        name,
        idNumber,
        phone: '13800138000',
        qualifications: ['养老护理员'],
        itemCodes: ['CZ-QJ-01'],
        training: [{ course: '服务规范与安全', date: '2026-01-05', hours: 8 }],
      });
      expect(worker.status).toBe(201);
      workerIds[which] = worker.body.workerId;
    }
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
  const linkedOf = async (workerId: string) =>
    (await call('GET', '/workers')).body.items.find((w: Json) => w.workerId === workerId)?.chatLinked;

  /** A visit of the worker `minutesAhead` from now (within a day: its reminder is due at once). */
  async function scheduledVisit(workerId: string, minutesAhead: number): Promise<string> {
    const scheduledFor = new Date(Date.now() + minutesAhead * 60_000).toISOString();
    const scheduled = await call('POST', `/assignments/${encodeURIComponent(referralId)}/visits`, {
      workerId,
      scheduledFor,
    });
    expect(scheduled.status).toBe(201);
    return String(scheduled.body.visitId);
  }

  /** The bot has handled the reminder of `visitId` for `workerId` (sent, or found nothing to send). */
  const handled = async (visitId: string, workerId: string) => {
    const due = await until(`the reminder of ${visitId}`, () => reminders.find((r) => r.visitId === visitId));
    await until(`the bot handling ${visitId}`, async () =>
      (await directory.toldOf(`worker-visit:${due.id}:${workerId}`)) ? true : undefined,
    );
  };

  it('a linked worker gets the reminder, sees it in /today and hears of its cancellation', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, WORKER_CHAT, '张建国');
    expect(await linkedOf(workerIds.linked)).toBe(false);
    await chat.ask('/today', '还没有绑定服务人员');
    await chat.ask('/worker wk-AAAAAAAA', '绑定码无效');

    const issued = await call('POST', `/workers/${workerIds.linked}/chat-link-code`);
    expect(issued.status).toBe(201);
    expect(issued.body.command).toMatch(/^\/worker wk-[A-Z2-9]{8}$/);
    await chat.ask(issued.body.command, '绑定成功！张建国');
    expect(await linkedOf(workerIds.linked)).toBe(true);
    // The code is spent.
    await chat.ask(issued.body.command, '绑定码无效');

    const visitId = await scheduledVisit(workerIds.linked, 30);
    const reminder = await chat.expect('上门提醒');
    expect(reminder.text).toMatch(/\d+月\d+日 \d+:\d{2}–\d+:\d{2}/);
    expect(reminder.text).toContain('服务对象：张*');
    expect(reminder.text).toContain('居家清洁');
    expect(reminder.text).toMatch(/地点：\S*(街道|镇|乡)/);
    expect(reminder.text).not.toMatch(/张三|13800138000|11010519491231002X/);

    const today = await chat.ask('/today', '今日上门 1 次');
    expect(today.text).toContain('张*');

    expect((await call('POST', `/visits/${visitId}/cancellation`, { reason: '老人住院' })).status).toBe(201);
    const cancelled = await chat.expect('上门取消');
    expect(cancelled.text).toContain('原因：老人住院');
    await chat.ask('/today', '今天没有安排上门服务');
  });

  it('a worker who linked no chat, or was unlinked, gets nothing', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, WORKER_CHAT, '张建国');
    await chat.poll();
    expect(await linkedOf(workerIds.unlinked)).toBe(false);
    const other = await scheduledVisit(workerIds.unlinked, 40);
    await handled(other, workerIds.unlinked);

    const unlinked = await call('DELETE', `/workers/${workerIds.linked}/chat-link`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.chatLinked).toBe(false);
    const after = await scheduledVisit(workerIds.linked, 50);
    await handled(after, workerIds.linked);
    await new Promise((r) => setTimeout(r, 500));
    expect((await chat.poll()).map((m) => m.text)).toEqual([]);
    await chat.ask('/today', '还没有绑定服务人员');
  });

  it('one chat linked to two worker records (one person working for two providers) lists both records’ visits in /today', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, WORKER_CHAT, '张建国');
    await chat.poll();
    // Each record already has a visit today (from the test above): 40 and 50 minutes after it ran.
    for (const [workerId, name] of [
      [workerIds.linked, '张建国'],
      [workerIds.unlinked, '李梅'],
    ] as const) {
      const issued = await call('POST', `/workers/${workerId}/chat-link-code`);
      expect(issued.status).toBe(201);
      await chat.ask(issued.body.command, `绑定成功！${name}`);
      expect(await linkedOf(workerId)).toBe(true);
    }
    await chat.ask('/today', '今日上门 2 次');
  });
});

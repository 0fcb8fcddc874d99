/**
 * The bot's features as mounted in production (conversations stored in real Redis, the update loop of the
 * service), chatted with through the local Bot API emulator; intake and complaints are not needed here.
 */
import { PolicyPacks } from '@carelink/policy';
import { FieldCipher } from '@carelink/store';
import { createLogger } from '@carelink/telemetry';
import { testServers, uniqueName } from '@carelink/test-servers';
import IORedis, { type Redis } from 'ioredis';
import TelegramServer from 'telegram-test-api';
import { createBot } from '../src/bot/create-bot';
import type { MyRequestsDeps } from '../src/bot/features/my-requests';
import { ChatDirectory } from '../src/data-access/chat-directory';
import { ComplaintsClient } from '../src/data-access/complaints-client';
import { OperatorQueue } from '../src/data-access/operator-queue';
import type { PendingComplaint } from '../src/domain/file-complaint/filing';
import { pollUpdates } from '../src/entry-points/telegram/poll-updates';
import { EmulatorChat } from '../src/local/emulator-chat';

const EMULATOR_PORT = 4383;
const TOKEN = 'features-bot-token';

describe('the bot’s features (emulator, real Redis)', () => {
  let redis: Redis;
  let emulator: TelegramServer;
  let stopPolling: () => Promise<void>;
  const filed: PendingComplaint[] = [];
  /** Intake's look-ups as the bot sees them: codes asked for, and the requests for the right code only. */
  const codesAsked: { phone: string; caller: string }[] = [];
  const CODE = '482913';
  const intake: MyRequestsDeps['intake'] = {
    requestCode: async (phone, caller) => {
      codesAsked.push({ phone, caller });
      return 'sent';
    },
    requestsOf: async (phone, code) =>
      code !== CODE
        ? { kind: 'wrong_code' }
        : phone === '13905660002'
          ? {
              // A phone on two persons' files: 张桂兰 (whose case chat 8202 filed) and 李秀英.
              kind: 'found',
              found: {
                person: { personId: 'p_2', name: '李秀英' },
                requests: [
                  {
                    caseId: 'c9',
                    caseNumber: 'CZ341702-2026-000099',
                    applicant: { personId: 'p_2', nameMasked: '李*英' },
                    registeredAt: '2026-11-22T02:00:00Z',
                    items: [{ itemCode: 'CZ-QJ-01' }],
                    status: { code: 'registered', zh: '已受理', en: 'Registered' },
                  },
                  {
                    caseId: ownCase.caseId,
                    caseNumber: ownCase.caseNumber,
                    applicant: { personId: 'p_1', nameMasked: '张*兰' },
                    registeredAt: '2026-11-20T02:00:00Z',
                    items: [{ itemCode: 'CZ-SH-01' }, { itemCode: 'CZ-QJ-01' }],
                    status: { code: 'investigating', zh: '正在入户调查', en: 'Home visit under way' },
                  },
                ],
              },
            }
          : {
              kind: 'found',
              found: {
                person: { personId: 'p_1', name: '张桂兰' },
                requests: [
                  {
                    caseId: 'c1',
                    caseNumber: 'CZ341702-2026-000042',
                    applicant: { personId: 'p_1', nameMasked: '张*兰' },
                    registeredAt: '2026-11-20T02:00:00Z',
                    items: [{ itemCode: 'CZ-SH-01' }],
                    status: { code: 'investigating', zh: '正在入户调查', en: 'Home visit under way' },
                  },
                ],
              },
            },
  };
  const logged: { feature?: string; msg?: string }[] = [];
  let directory: ChatDirectory;
  /** A case filed in chat 8104 (and 8202), with a visit provider-scheduling told of. */
  const ownCase = {
    caseId: '0190a3f2-0000-7000-8000-0000000000c1',
    caseNumber: 'CZ341702-2026-000042',
    name: '张桂兰',
    township: '341702001',
    itemCodes: ['CZ-SH-01'],
    linkedBy: 'filed' as const,
    at: '2026-11-20T02:00:00.000Z',
  };

  beforeAll(async () => {
    redis = new IORedis((await testServers()).redisUrl);
    emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    const prefix = `${uniqueName('tg-features')}:`;
    const cipher = new FieldCipher('ef'.repeat(32), 'ef'.repeat(32));
    directory = new ChatDirectory(redis, prefix, cipher);
    const logger = createLogger('telegram-bot-test', 'silent');
    const error = logger.error.bind(logger);
    logger.error = ((obj: { feature?: string }, msg?: string) => {
      logged.push({ feature: obj.feature, msg });
      return error(obj, msg);
    }) as typeof logger.error;
    const nowhere = async () => 'token';
    const { bot } = createBot(TOKEN, {
      pack: PolicyPacks.load().get('chizhou')!,
      redis,
      cipher,
      prefix,
      directory,
      intake,
      complaints: new ComplaintsClient('http://127.0.0.1:9', nowhere),
      providerName: async (id) => (id === 'demo-cz-sunshine' ? '阳光助老服务社' : undefined),
      operators: new OperatorQueue(redis, prefix, cipher),
      logger,
      apiRoot: emulator.config.apiURL,
      rateLimit: { limit: 50, windowMs: 2000 },
      updateNamespace: `${prefix}-`,
      submit: async () => [],
      // The complaints service blows up for this one complaint: the complaint feature fails on its own.
      fileComplaint: async (pending) => {
        if (pending.filing.summary === '让它出错') throw new Error('the complaints client blew up');
        filed.push(pending);
        return [{ chatId: pending.chatId, key: 'complain-received', params: { complaintNumber: 'TS-20261125-0042' } }];
      },
    });
    await bot.init();
    stopPolling = pollUpdates(bot, logger, { idleMs: 50 });
  });

  afterAll(async () => {
    await stopPolling?.();
    await emulator?.stop();
    await redis?.quit();
  });

  it('a menu button pressed mid-conversation leaves it and does what it says; a typed command is an answer', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 8101);
    await chat.ask('/start', '请点下面的按钮');
    await chat.ask('📝 申请服务', '为谁申请');
    // Another feature's command typed as an answer: the application keeps it (it asks to use the buttons).
    await chat.ask('/complain', '请点下面的按钮选择');
    await chat.ask('📣 投诉建议', '哪方面');
    await chat.ask('❌ 取消', '已取消');
  });

  it('a failing feature says sorry and is logged; the resident goes on with the other features', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 8102);
    await chat.ask('📣 投诉建议', '哪方面');
    await chat.ask('服务机构', '哪个受理编号');
    await chat.ask('CZ341702-2026-000001', '发生了什么');
    await chat.ask('让它出错', '请核对您的意见');
    await chat.ask('✅ 确认提交', '抱歉，刚才出了点问题');
    expect(logged).toContainEqual({ feature: 'complaint', msg: 'the complaint feature failed' });
    // The failed conversation is over; the menu and the complaint feature itself still work.
    await chat.ask('你好', '请点下面的按钮选择要办的事');
    await chat.ask('📣 投诉建议', '哪方面');
    await chat.ask('服务机构', '哪个受理编号');
    await chat.ask('CZ341702-2026-000001', '发生了什么');
    await chat.ask('送餐的师傅两次没有来', '请核对您的意见');
    await chat.ask('✅ 确认提交', 'TS-20261125-0042');
    expect(filed.map((f) => [f.chatId, f.filing.about])).toEqual([[8102, { caseNumber: 'CZ341702-2026-000001' }]]);
  });

  it('a chat handed over to an operator relays everything, menu buttons included, until the resident ends it', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 8103);
    await chat.ask('👩‍💼 人工服务', '转人工');
    await chat.ask('📝 申请服务', '已转给工作人员');
    await chat.ask('结束人工', '人工服务已结束');
    await chat.ask('📝 申请服务', '为谁申请');
  });

  it('progress: the requests only with the code texted to the phone on file; a wrong code is re-asked, then it stops', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 8201);
    await chat.ask('🔎 查询进度', '分享手机号');
    await chat.shareContact('+8613905660001');
    const asked = await chat.expect('验证码');
    expect(asked.text).not.toContain('CZ341702');
    expect(codesAsked.at(-1)).toEqual({ phone: '13905660001', caller: 'telegram:8201' });
    await chat.ask('12 34', '6位数字验证码');
    await chat.ask('111111', '验证码不对');
    // Full-width digits, as some keyboards type them.
    const shown = await chat.ask('４８２９１３', '您的申请');
    expect(shown.text).toContain('CZ341702-2026-000042');
    // The phone is remembered; a fresh code is asked for each look-up, and three wrong ones end it.
    await chat.ask('🔎 查询进度', '验证码');
    expect(codesAsked).toHaveLength(2);
    await chat.ask('000000', '验证码不对');
    await chat.ask('000001', '验证码不对');
    const stopped = await chat.ask('000002', '这次先不查了');
    expect(stopped.text).not.toContain('CZ341702');
    expect((await chat.ask('你好', '请点下面的按钮')).text).not.toContain('CZ341702');
  });
  it('progress by a shared phone: only this chat’s own person, with whose case it is; the other person’s is left out', async () => {
    await directory.rememberCase(ownCase.caseId, 8202);
    await directory.linkCase(8202, ownCase);
    const chat = new EmulatorChat(emulator, TOKEN, 8202);
    await chat.ask('🔎 查询进度', '分享手机号');
    await chat.shareContact('+8613905660002');
    await chat.expect('验证码');
    const shown = await chat.ask(CODE, '您的申请');
    expect(shown.text).toContain('CZ341702-2026-000042（张*兰');
    expect(shown.text).toContain('助餐送餐和居家清洁');
    expect(shown.text).toContain('只显示在本聊天里办理过的申请');
    expect(shown.text).not.toMatch(/CZ341702-2026-000099|李/);
    // The other person's case did not become this chat's.
    expect((await directory.casesOf(8202)).map((c) => c.caseNumber)).toEqual(['CZ341702-2026-000042']);
  });

  it('progress by a phone that is one person’s: their cases, named, become the chat’s own', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 8203);
    await chat.ask('🔎 查询进度', '分享手机号');
    await chat.shareContact('+8613905660003');
    await chat.expect('验证码');
    const shown = await chat.ask(CODE, '您的申请');
    expect(shown.text).toContain('CZ341702-2026-000042（张*兰，2026-11-20）');
    expect(await directory.casesOf(8203)).toEqual([
      expect.objectContaining({ caseNumber: 'CZ341702-2026-000042', name: '张桂兰', linkedBy: 'lookup' }),
    ]);
  });

  it('a complaint picks one of the chat’s own cases and its visit, and is filed only once confirmed', async () => {
    await directory.rememberCase(ownCase.caseId, 8104);
    await directory.linkCase(8104, ownCase);
    await directory.rememberVisit({
      visitId: 'v-1',
      caseId: ownCase.caseId,
      referralId: 'ref-1',
      providerId: 'demo-cz-sunshine',
      workerId: 'worker-7',
      itemCode: 'CZ-SH-01',
      at: '2026-11-26T01:30:00.000Z',
      delivered: true,
    });
    const chat = new EmulatorChat(emulator, TOKEN, 8104);
    const before = filed.length;
    await chat.ask('📣 投诉建议', '哪方面');
    const cases = await chat.ask('服务机构', '哪一件申请');
    const ownLabel = 'CZ341702-2026-000042 张*兰：助餐送餐';
    expect(cases.buttons.map((b) => b.text)).toEqual([ownLabel, '其他编号', '跳过', '❌ 取消']);
    const visits = await chat.ask(ownLabel, '哪一次上门服务');
    const visitLabel = '2026-11-26 09:30 助餐送餐 · 阳光助老服务社';
    expect(visits.buttons.map((b) => b.text)).toContain(visitLabel);
    await chat.ask(visitLabel, '发生了什么');
    const summary = await chat.ask('师傅只待了十分钟就走了', '请核对您的意见');
    expect(summary.text).toContain('CZ341702-2026-000042 张*兰');
    expect(summary.text).toContain('2026-11-26 09:30 助餐送餐');
    expect(summary.text).toContain('师傅只待了十分钟就走了');
    // Cancel at the confirmation: nothing is filed.
    await chat.ask('❌ 取消', '已取消');
    expect(filed).toHaveLength(before);
    // Again, confirmed this time.
    await chat.ask('📣 投诉建议', '哪方面');
    await chat.ask('服务机构', '哪一件申请');
    await chat.ask(ownLabel, '哪一次上门服务');
    await chat.ask(visitLabel, '发生了什么');
    await chat.ask('师傅只待了十分钟就走了', '请核对您的意见');
    expect(filed).toHaveLength(before);
    await chat.ask('你好', '请点下面的按钮');
    expect(filed).toHaveLength(before);
    await chat.ask('✅ 确认提交', 'TS-20261125-0042');
    expect(filed.slice(before).map((f) => [f.chatId, f.filing.type, f.filing.about])).toEqual([
      [
        8104,
        'service_quality',
        {
          caseId: ownCase.caseId,
          caseNumber: ownCase.caseNumber,
          providerId: 'demo-cz-sunshine',
          workerId: 'worker-7',
          visitId: 'v-1',
        },
      ],
    ]);
    expect(filed.at(-1)!.filing.summary).toBe(
      '师傅只待了十分钟就走了\n——关于 2026-11-26 09:30 的上门服务（助餐送餐，已记录）',
    );
  });
});

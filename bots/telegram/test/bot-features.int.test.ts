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
    requestsOf: async (_phone, code) =>
      code === CODE
        ? {
            kind: 'found',
            found: {
              person: { personId: 'p_1', name: '张桂兰' },
              requests: [
                {
                  caseId: 'c1',
                  caseNumber: 'CZ341702-2026-000042',
                  registeredAt: '2026-11-20T02:00:00Z',
                  items: [{ itemCode: 'CZ-SH-01' }],
                  status: { code: 'investigating', zh: '正在入户调查', en: 'Home visit under way' },
                },
              ],
            },
          }
        : { kind: 'wrong_code' },
  };
  const logged: { feature?: string; msg?: string }[] = [];

  beforeAll(async () => {
    redis = new IORedis((await testServers()).redisUrl);
    emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    const prefix = `${uniqueName('tg-features')}:`;
    const cipher = new FieldCipher('ef'.repeat(32), 'ef'.repeat(32));
    const directory = new ChatDirectory(redis, prefix, cipher);
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
    await chat.ask('让它出错', '抱歉，刚才出了点问题');
    expect(logged).toContainEqual({ feature: 'complaint', msg: 'the complaint feature failed' });
    // The failed conversation is over; the menu and the complaint feature itself still work.
    await chat.ask('你好', '请点下面的按钮选择要办的事');
    await chat.ask('📣 投诉建议', '哪方面');
    await chat.ask('服务机构', '哪个受理编号');
    await chat.ask('CZ341702-2026-000001', '发生了什么');
    await chat.ask('送餐的师傅两次没有来', 'TS-20261125-0042');
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
});

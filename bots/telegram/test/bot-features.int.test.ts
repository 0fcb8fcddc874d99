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
import { ChatDirectory } from '../src/data-access/chat-directory';
import { ComplaintsClient } from '../src/data-access/complaints-client';
import { IntakeClient } from '../src/data-access/intake-client';
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
      intake: new IntakeClient('http://127.0.0.1:9', nowhere),
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
});

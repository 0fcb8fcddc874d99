/**
 * The hotline operator's journey in a real Chromium, against intake and complaints as processes on the real
 * servers, and the resident chat bot (with its Telegram Bot API emulator) and the IVR in this process, as
 * infra/e2e/telegram-bot.e2e.test.ts runs them: the operator logs a phone complaint about a case found by its
 * number; then, with the hand-over page open, a resident who looked up her request in the bot asks it for a
 * person: the alert comes without a reload, naming her and her case; the operator takes the chat (the resident is
 * told who joined), sees who she is, her case and township beside what she wrote, and replies, and the resident
 * reads the reply in Telegram. Each main page of the role is saved as a screenshot and passes the accessibility check.
 */
import { startService, type RunningService } from '@carelink/service-host';
import TelegramServer from 'telegram-test-api';
import { createConfig as ivrConfig } from '../../../bots/ivr/src/config';
import { startIvr, type RunningIvr } from '../../../bots/ivr/src/ivr-app';
import { createConfig as botConfig, type BotConfig } from '../../../bots/telegram/src/config';
import { EmulatorChat } from '../../../bots/telegram/src/local/emulator-chat';
import { telegramBotService } from '../../../bots/telegram/src/service';
import { call, eventually, residentId, textedCode } from '../platform';
import { at, choose, confirmPopup, expectAccessible, gone, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// intake 4441, complaints 4446; the IVR 4447, the Bot API emulator 4448, the console 4449, the chat bot 4450.
const BASE_PORT = 4441;
const IVR_PORT = BASE_PORT + 6;
const EMULATOR_PORT = BASE_PORT + 7;
const BOT_PORT = BASE_PORT + 9;
const BOT_TOKEN = 'e2e-console-bot-token';

describe("the hotline operator's console", () => {
  let run: ConsoleRun;
  let emulator: TelegramServer | undefined;
  let bot: RunningService<BotConfig> | undefined;
  let ivr: RunningIvr | undefined;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-hotline', BASE_PORT, ['intake', 'complaints'], async (platform) => {
      const env = platform.env('intake');
      const database = (name: string) => String(env.MONGO_URL).replace(/_intake$/, `_${name}`);
      emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
      await emulator.start();
      bot = await startService(
        telegramBotService(),
        botConfig({
          CARELINK_ENV: 'local',
          PORT: String(BOT_PORT),
          MONGO_URL: database('telegram_bot'),
          KAFKA_BROKERS: env.KAFKA_BROKERS,
          ...platform.kafkaUserEnv('telegram-bot'),
          KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX,
          REDIS_URL: env.REDIS_URL,
          JOBS_PREFIX: `${platform.options.runId}-bot`,
          REDIS_PREFIX: `${platform.options.runId}:bot:`,
          LOG_LEVEL: 'warn',
          REGION: 'chizhou',
          TELEGRAM_BOT_TOKEN: BOT_TOKEN,
          TELEGRAM_API_ROOT: emulator.config.apiURL,
          INTAKE_URL: platform.url('intake', ''),
          COMPLAINTS_URL: platform.url('complaints', ''),
        }),
      );
      ivr = await startIvr(
        ivrConfig({
          CARELINK_ENV: 'local',
          PORT: String(IVR_PORT),
          MONGO_URL: database('ivr'),
          REDIS_URL: env.REDIS_URL,
          REDIS_PREFIX: `${platform.options.runId}.ivr.`,
          LOG_LEVEL: 'warn',
          INTAKE_URL: platform.url('intake', ''),
          COMPLAINTS_URL: platform.url('complaints', ''),
        }),
      );
      return { telegram: `http://127.0.0.1:${BOT_PORT}`, ivr: `http://127.0.0.1:${IVR_PORT}` };
    });
  }, SETUP_MS);

  afterAll(async () => {
    // The bot first: stopping the run takes back the Kafka grants it consumes under.
    await bot?.stop();
    await ivr?.stop();
    await emulator?.stop();
    await run?.stop();
  });

  it('logs a phone complaint about a case found by its number', async () => {
    const { caseNumber } = await run.fileRequest(
      'township',
      {
        region: 'chizhou',
        channel: 'window',
        applicant: { name: '赵春华', idNumber: residentId('341702', '1947-09-09', 41), phone: '13905663456' },
        address: { township: '341702001', village: '341702001201' },
        declaredGroups: ['tekun'],
        consentToShare: true,
        items: ['CZ-SH-01'],
        description: '独居，需要送餐',
      },
      // This run has no assessment: the hotline finds the request in intake.
      { opened: false },
    );
    const page = await run.page();
    await journey(page, 'hotline-complaint', async () => {
      await signIn(page, DEMO.hotline, DEMO_PASSWORD);
      // The operator's home: the complaint queue.
      await at(page, '/hotline/complaints');
      await shows(page.getByTestId('hotline-complaints-table'));
      await screenshot(page, 'hotline-complaints');
      await expectAccessible(page, 'the complaint queue');

      await page.getByTestId('hotline-new-complaint').click();
      await at(page, '/hotline/complaints/new');
      const form = await shows(page.getByTestId('new-complaint-form'));
      await page.getByTestId('complaint-phone').fill('13905663456');
      await page.getByTestId('complaint-name').fill('赵春华');
      await choose(page, page.getByTestId('complaint-type'), '服务质量');
      // The subject: the case, found by typing its number.
      await choose(page, page.getByTestId('complaint-case-search'), caseNumber, caseNumber);
      await shows(form.getByTestId('complaint-case-search'), caseNumber);
      await page.getByTestId('complaint-summary').fill('送餐的师傅这周两次没有来，电话也打不通');
      await screenshot(page, 'hotline-complaint-new');
      await expectAccessible(page, 'the complaint form');
      await page.getByTestId('complaint-submit').click();
      const received = await shows(page.getByTestId('complaint-received'), /TS-\d{8}-\d{4}/);
      const complaintNumber = /TS-\d{8}-\d{4}/.exec(await received.innerText())![0];
      await shows(page.getByTestId('complaint-acknowledgement'));

      // In the queue; and in the complaints service as the operator logged it.
      await page.getByTestId('complaint-open-received').click();
      await at(page, '/hotline/complaints');
      const detail = await shows(page.getByTestId('complaint-detail'), complaintNumber);
      await shows(detail, caseNumber);
      await shows(detail, '13905663456');
      await screenshot(page, 'hotline-complaint-detail');
      await expectAccessible(page, 'the complaint details');
      await page.keyboard.press('Escape');
      await gone(page.getByTestId('complaint-detail'));
      await shows(page.getByTestId('hotline-complaints-table').getByRole('row'), complaintNumber);
      const operator = await run.tokenOf('hotline');
      const listed = await call<{
        items: { complaintNumber: string; channel: string; about: { caseNumber?: string }; summary: string }[];
      }>('GET', run.platform.url('complaints', '/complaints'), operator);
      const filed = listed.body.items.find((c) => c.complaintNumber === complaintNumber);
      expect(filed).toMatchObject({
        channel: 'hotline',
        about: { caseNumber },
        summary: '送餐的师傅这周两次没有来，电话也打不通',
      });

      await page.getByTestId('menu-hotline/calls').click();
      await at(page, '/hotline/calls');
      await shows(page.getByTestId('hotline-calls-table'));
      await screenshot(page, 'hotline-calls');
      await expectAccessible(page, 'the call records');

      await page.getByTestId('menu-hotline/call-backs').click();
      await at(page, '/hotline/call-backs');
      await shows(page.getByTestId('hotline-callbacks-tabs'));
      await screenshot(page, 'hotline-call-backs');
      await expectAccessible(page, 'the call-back list');
    });
  });

  it('answers a chat handed over by the bot, alerted live, beside the person’s name and case', async () => {
    // 孙桂芝 applied at the window with her phone (confirmed there), then looked her request up in the bot with the
    // code texted to that phone: the chat is hers.
    const { caseNumber } = await run.fileRequest(
      'township',
      {
        region: 'chizhou',
        channel: 'window',
        applicant: { name: '孙桂芝', idNumber: residentId('341702', '1944-03-12', 57), phone: '13905667101' },
        address: { township: '341702001', village: '341702001201' },
        declaredGroups: ['tekun'],
        consentToShare: true,
        items: ['CZ-SH-01'],
      },
      { opened: false },
    );
    const page = await run.page();
    const resident = new EmulatorChat(emulator!, BOT_TOKEN, 7101, '孙大妈');
    await resident.ask('🔎 查询进度', '分享手机号');
    await resident.shareContact('+8613905667101');
    await resident.expect('验证码');
    const code = await eventually('the code texted', () => textedCode(run.platform, '13905667101'));
    const progress = await resident.ask(code, '您的申请');
    expect(progress.text).toContain(`${caseNumber}（孙*芝`);
    await journey(page, 'hotline-chat', async () => {
      await signIn(page, DEMO.hotline, DEMO_PASSWORD);
      await page.getByTestId('menu-hotline/chats').click();
      await at(page, '/hotline/chats');
      await shows(page.getByTestId('chat-events-state'), '实时提醒已连接');
      await shows(page.getByTestId('chat-waiting-list'), '暂无等待的居民');
      await screenshot(page, 'hotline-chats');
      await expectAccessible(page, 'the chat hand-over page');

      // The resident asks the bot for a person while the page is open: it comes without a reload.
      await resident.ask('👩‍💼 人工服务', '转人工');
      await resident.ask('我想问问送饭的事', '已转给工作人员');
      await shows(page.locator('.ant-notification'), '有居民等待人工服务');
      // Named, with her case and its township, as the bot knows them from her look-up.
      const waiting = await shows(page.getByTestId('chat-waiting-item'), '孙桂芝');
      await shows(waiting.getByTestId('chat-waiting-case'), caseNumber);
      // … and screen readers hear it.
      expect(await page.getByTestId('chat-announcement').textContent()).toContain('正在等待人工服务');

      await waiting.getByTestId('chat-take').click();
      // The resident is told who joined: the operator's display name.
      await resident.expect(/演示-池州热线坐席已接入/);
      const panel = await shows(page.getByTestId('chat-panel'), '孙桂芝');
      const person = await shows(page.getByTestId('chat-person'), '孙桂芝');
      await shows(person, caseNumber);
      await shows(person.getByTestId('chat-person-township'), '池阳街道');
      await shows(panel.getByTestId('chat-line-resident'), '我想问问送饭的事');
      await shows(page.getByTestId('chat-mine-list'), '孙桂芝');
      await page.getByTestId('chat-reply-input').fill('明天社工会给您打电话');
      await page.getByTestId('chat-reply-send').click();
      await shows(panel.getByTestId('chat-line-operator'), '明天社工会给您打电话');
      await resident.expect('工作人员：明天社工会给您打电话');
      await screenshot(page, 'hotline-chat-live');
      await expectAccessible(page, 'a live chat');

      await page.getByTestId('chat-close').click();
      await confirmPopup(page);
      await resident.expect('人工服务已结束');
    });
  });
});

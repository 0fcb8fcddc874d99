/**
 * Visit reminders reach the worker, in a real Chromium: provider-scheduling runs as a process on the real servers,
 * the chat bot (with its Telegram Bot API emulator) in this process. Provider staff see their registered worker as
 * 未绑定 (no reminders reach them), issue a one-time link code on the workers page, the worker sends it to the bot
 * (`/worker wk-…`), and after a reload the page shows 已绑定; the worker's `/today` answers in the chat. (What the
 * linked chat is told of due, moved and cancelled visits: bots/telegram/test/worker-reminders.int.test.ts.) The
 * page is saved as a screenshot and passes the accessibility check.
 */
import { startService, type RunningService } from '@carelink/service-host';
import TelegramServer from 'telegram-test-api';
import { createConfig as botConfig, type BotConfig } from '../../../bots/telegram/src/config';
import { EmulatorChat } from '../../../bots/telegram/src/local/emulator-chat';
import { telegramBotService } from '../../../bots/telegram/src/service';
import { call, residentId } from '../platform';
import { at, expectAccessible, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// provider-scheduling 4674 (its slot of the platform); the Bot API emulator 4671, the chat bot 4672 (the unused
// intake and assessment slots); the console 4679.
const BASE_PORT = 4671;
const EMULATOR_PORT = BASE_PORT;
const BOT_PORT = BASE_PORT + 1;
const BOT_TOKEN = 'e2e-console-worker-reminders-bot-token';

describe('workers’ reminder chats on the provider’s workers page', () => {
  let run: ConsoleRun;
  let emulator: TelegramServer | undefined;
  let bot: RunningService<BotConfig> | undefined;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-worker-chat', BASE_PORT, ['provider-scheduling'], async (platform) => {
      const env = platform.env('provider-scheduling');
      emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
      await emulator.start();
      bot = await startService(
        telegramBotService(),
        botConfig({
          CARELINK_ENV: 'local',
          PORT: String(BOT_PORT),
          MONGO_URL: String(env.MONGO_URL).replace(/_provider_scheduling$/, '_telegram_bot'),
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
          PROVIDER_SCHEDULING_URL: platform.url('provider-scheduling', ''),
          RATE_LIMIT_PER_WINDOW: '30',
        }),
      );
      return { telegram: `http://127.0.0.1:${BOT_PORT}` };
    });
  }, SETUP_MS);

  afterAll(async () => {
    // The bot first: stopping the run takes back the Kafka grants it consumes under.
    await bot?.stop();
    await emulator?.stop();
    await run?.stop();
  });

  it('shows 未绑定, issues a link code that the worker sends the bot, then shows 已绑定', async () => {
    const provider = await run.tokenOf('provider');
    const registered = await call('POST', run.platform.url('provider-scheduling', '/workers'), provider, {
      name: '周护理',
      idNumber: residentId('341702', '1979-04-03', 73),
      phone: '13905660073',
      qualifications: ['养老护理员（初级）'],
      itemCodes: ['CZ-QJ-01'],
      training: [{ course: '服务规范与安全', date: '2026-01-05', hours: 8 }],
    });
    expect(registered.status).toBe(201);
    const chat = new EmulatorChat(emulator!, BOT_TOKEN, 7671, '周护理');

    const page = await run.page();
    await journey(page, 'provider-worker-chat', async () => {
      await signIn(page, DEMO.provider, DEMO_PASSWORD);
      await page.getByTestId('menu-workers').click();
      await at(page, '/workers');
      const row = () => page.getByTestId('registered-workers-table').getByRole('row').filter({ hasText: '周护理' });
      await shows(row().getByTestId('worker-chat-status'), '未绑定');

      await row().getByTestId('worker-link-code').click();
      const code = (
        await (await shows(page.getByTestId('worker-link-code-value'), /wk-[A-Z0-9]{8}/)).innerText()
      ).trim();
      await shows(page.getByRole('dialog'), `/worker ${code}`);
      await screenshot(page, 'provider-worker-link-code');
      await expectAccessible(page, 'the worker link code');
      await page.keyboard.press('Escape');

      await chat.ask(`/worker ${code}`, '绑定成功！周护理');
      await chat.ask('/today', '今天没有安排上门服务');

      await page.reload();
      await shows(row().getByTestId('worker-chat-status'), '已绑定');
      await shows(row().getByTestId('worker-unlink'));
      await screenshot(page, 'provider-workers-chat-linked');
      await expectAccessible(page, 'the workers with their reminder chats');
    });
  });
});

/**
 * Changji's hotline hand-over in a real Chromium, against intake and complaints as processes on the real servers and
 * the resident chat bot (serving Chizhou and Changji, with its Telegram Bot API emulator) in this process: a Changji
 * resident who chose Uyghur looks her request up in the bot with the code texted to her phone, then asks for a
 * person. Changji's operator, with the hand-over page open, is alerted without a reload and sees her name, case and
 * township; takes the chat, and the resident is told in Uyghur who joined. Chizhou's operator, with the same page
 * open all along, is never offered the Changji chat. Each page is saved as a screenshot and passes the
 * accessibility check.
 */
import { startService, type RunningService } from '@carelink/service-host';
import TelegramServer from 'telegram-test-api';
import { createConfig as botConfig, type BotConfig } from '../../../bots/telegram/src/config';
import { EmulatorChat } from '../../../bots/telegram/src/local/emulator-chat';
import { telegramBotService } from '../../../bots/telegram/src/service';
import { eventually, residentId, textedCode } from '../platform';
import { at, confirmPopup, expectAccessible, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// intake 4641, complaints 4646; the Bot API emulator 4648, the console 4649, the chat bot 4650.
const BASE_PORT = 4641;
const EMULATOR_PORT = BASE_PORT + 7;
const BOT_PORT = BASE_PORT + 9;
const BOT_TOKEN = 'e2e-console-changji-bot-token';

/** The bot's words in Uyghur (bots/telegram/locales/ug.ftl). */
const UG = {
  languageSet: 'ئۇيغۇرچە سۆزلىشىمىز',
  lookUp: '🔎 ئىلتىماسىمنى سۈرۈشتۈرۈش',
  sharePhone: 'تېلېفون نومۇرۇمنى ھەمبەھىرلەش',
  codeSent: 'دەلىللەش نومۇرى',
  yourRequests: 'ئىلتىماسلىرىڭىز',
  askForPerson: '👩‍💼 خادىم بىلەن سۆزلىشىش',
  queued: 'سىزنى خادىمغا ئۇلىدۇق',
  relayed: 'خادىمغا يەتكۈزۈلدى',
  joined: 'ئۇلاندى',
  reply: 'خادىم:',
  ended: 'خادىم بىلەن سۆزلىشىش ئاخىرلاشتى',
};

describe("Changji's hotline operator", () => {
  let run: ConsoleRun;
  let emulator: TelegramServer | undefined;
  let bot: RunningService<BotConfig> | undefined;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-hotline-cj', BASE_PORT, ['intake', 'complaints'], async (platform) => {
      const env = platform.env('intake');
      emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
      await emulator.start();
      bot = await startService(
        telegramBotService(),
        botConfig({
          CARELINK_ENV: 'local',
          PORT: String(BOT_PORT),
          MONGO_URL: String(env.MONGO_URL).replace(/_intake$/, '_telegram_bot'),
          KAFKA_BROKERS: env.KAFKA_BROKERS,
          ...platform.kafkaUserEnv('telegram-bot'),
          KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX,
          REDIS_URL: env.REDIS_URL,
          JOBS_PREFIX: `${platform.options.runId}-bot`,
          REDIS_PREFIX: `${platform.options.runId}:bot:`,
          LOG_LEVEL: 'warn',
          REGION: 'chizhou,changji',
          TELEGRAM_BOT_TOKEN: BOT_TOKEN,
          TELEGRAM_API_ROOT: emulator.config.apiURL,
          INTAKE_URL: platform.url('intake', ''),
          COMPLAINTS_URL: platform.url('complaints', ''),
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

  it('takes a Uyghur chat handed over by the bot, alerted live, beside her name, case and township', async () => {
    // 阿依古丽 applied at the township window with her phone (confirmed there).
    const { caseNumber } = await run.fileRequest(
      'changjiTownship',
      {
        region: 'changji',
        channel: 'window',
        applicant: { name: '阿依古丽', idNumber: residentId('652301', '1948-04-20', 62), phone: '13909947101' },
        address: { township: '652301101', village: '652301101201' },
        declaredGroups: ['dibao'],
        declaredConditions: ['elderly'],
        consentToShare: true,
        items: ['CJ-SH-04'],
        description: '年老独居，需要家政助洁',
      },
      // This run has no assessment: the bot finds the request in intake.
      { opened: false },
    );

    // Chizhou's operator keeps the hand-over page open throughout.
    const chizhou = await run.page();
    await signIn(chizhou, DEMO.hotline, DEMO_PASSWORD);
    await chizhou.getByTestId('menu-hotline/chats').click();
    await at(chizhou, '/hotline/chats');
    await shows(chizhou.getByTestId('chat-events-state'), '实时提醒已连接');
    await shows(chizhou.getByTestId('chat-waiting-list'), '暂无等待的居民');

    // The resident: Changji by its deep link, Uyghur, her request looked up with the code texted to her phone.
    const resident = new EmulatorChat(emulator!, BOT_TOKEN, 7201, 'Aygul');
    await resident.ask('/start changji', '请选择语言');
    await resident.tap('lang:ug');
    await resident.expect(UG.languageSet);
    await resident.ask(UG.lookUp, UG.sharePhone);
    await resident.shareContact('+8613909947101');
    await resident.expect(UG.codeSent);
    const code = await eventually('the code texted', () => textedCode(run.platform, '13909947101'));
    const progress = await resident.ask(code, UG.yourRequests);
    expect(progress.text).toContain(caseNumber);

    const page = await run.page();
    await journey(page, 'hotline-changji-chat', async () => {
      await signIn(page, DEMO.changjiHotline, DEMO_PASSWORD);
      await page.getByTestId('menu-hotline/chats').click();
      await at(page, '/hotline/chats');
      await shows(page.getByTestId('chat-events-state'), '实时提醒已连接');
      await shows(page.getByTestId('chat-waiting-list'), '暂无等待的居民');

      // She asks for a person while the page is open: it comes without a reload.
      await resident.ask(UG.askForPerson, UG.queued);
      await resident.ask('ئۆيۈمنى تازىلايدىغان ئادەم قاچان كېلىدۇ؟', UG.relayed);
      await shows(page.locator('.ant-notification'), '有居民等待人工服务');
      // Named, with her case and its township, as the bot knows them from her look-up.
      const waiting = await shows(page.getByTestId('chat-waiting-item'), '阿依古丽');
      await shows(waiting.getByTestId('chat-waiting-case'), caseNumber);
      expect(await page.getByTestId('chat-announcement').textContent()).toContain('正在等待人工服务');
      await screenshot(page, 'hotline-changji-chat-waiting');
      await expectAccessible(page, "Changji's waiting chat");

      // Chizhou's operator is not offered it: no alert, and nobody waits in Chizhou.
      await shows(chizhou.getByTestId('chat-events-state'), '实时提醒已连接');
      await shows(chizhou.getByTestId('chat-waiting-list'), '暂无等待的居民');
      expect(await chizhou.getByTestId('chat-waiting-item').count()).toBe(0);
      expect(await chizhou.locator('.ant-notification').getByText('有居民等待人工服务').count()).toBe(0);

      await waiting.getByTestId('chat-take').click();
      // She is told in Uyghur who joined: the operator's display name.
      const joined = await resident.expect(UG.joined);
      expect(joined.text).toContain('演示-昌吉热线坐席');
      const panel = await shows(page.getByTestId('chat-panel'), '阿依古丽');
      const person = await shows(page.getByTestId('chat-person'), '阿依古丽');
      await shows(person, caseNumber);
      await shows(person.getByTestId('chat-person-township'), '榆树沟镇');
      await shows(panel.getByTestId('chat-line-resident'), 'ئۆيۈمنى تازىلايدىغان ئادەم قاچان كېلىدۇ؟');
      await page.getByTestId('chat-reply-input').fill('ئەتە ئىجتىمائىي خىزمەتچى سىزگە تېلېفون قىلىدۇ');
      await page.getByTestId('chat-reply-send').click();
      await shows(panel.getByTestId('chat-line-operator'), 'ئەتە ئىجتىمائىي خىزمەتچى');
      await resident.expect(`${UG.reply} ئەتە ئىجتىمائىي خىزمەتچى سىزگە تېلېفون قىلىدۇ`);
      await screenshot(page, 'hotline-changji-chat-live');
      await expectAccessible(page, "Changji's live chat");

      await page.getByTestId('chat-close').click();
      await confirmPopup(page);
      await resident.expect(UG.ended);
    });
    // Still nothing for Chizhou.
    expect(await chizhou.getByTestId('chat-waiting-item').count()).toBe(0);
  });
});

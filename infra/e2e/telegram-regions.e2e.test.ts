/**
 * One chat bot for both regions, end to end: residents chat through the local Telegram Bot API emulator; the
 * bot (REGION=chizhou,changji) runs in this process against the real Kafka, FerretDB and Redis; intake and
 * assessment run as processes. A Changji resident arrives by the deep link, applies in Uyghur with a typed
 * (unverified) phone and "not sure" of their status, and changes a part from the summary; a Chizhou resident
 * declares no status. Each request is registered by intake in its own region (request.registered.v3), the
 * phone's origin is kept with the request, and assessment opens both cases.
 */
import { startService, type RunningService } from '@carelink/service-host';
import { testServers, uniqueName } from '@carelink/test-servers';
import TelegramServer from 'telegram-test-api';
import { createConfig, type BotConfig } from '../../bots/telegram/src/config';
import { EmulatorChat } from '../../bots/telegram/src/local/emulator-chat';
import { telegramBotService } from '../../bots/telegram/src/service';
import { call, eventually, Platform, readAllEvents, residentId, token, type WireEvent } from './platform';

const BASE_PORT = 4501; // intake 4501, assessment 4502, complaints 4506; the bot 4511, the emulator 4512
const BOT_PORT = 4511;
const EMULATOR_PORT = 4512;
const BOT_TOKEN = 'e2e-regions-bot-token';

describe('the chat bot serving Chizhou and Changji', () => {
  let platform: Platform;
  let emulator: TelegramServer;
  let bot: RunningService<BotConfig>;

  beforeAll(async () => {
    const servers = await testServers();
    platform = new Platform({
      runId: uniqueName('e2e-tg-regions'),
      kafkaBrokers: servers.kafkaBrokers,
      mongoUrl: servers.mongoUrl,
      redisUrl: servers.redisUrl,
      basePort: BASE_PORT,
      kafkaSasl: servers.kafkaSasl,
    });
    await platform.grantKafkaAccess();
    platform.start('intake');
    platform.start('assessment');
    platform.start('complaints');
    await Promise.all([
      platform.waitReady('intake'),
      platform.waitReady('assessment'),
      platform.waitReady('complaints'),
    ]);
    emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    const env = platform.env('intake');
    const config = createConfig({
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
      RATE_LIMIT_PER_WINDOW: '30',
    });
    bot = await startService(telegramBotService(), config);
  });

  afterAll(async () => {
    await bot?.stop();
    await emulator?.stop();
    await platform?.stopAll();
  });

  const registeredEvent = (caseNumber: string) =>
    eventually('the request.registered event', async () => {
      const events = await readAllEvents(platform.options.kafkaBrokers, platform.topicPrefix);
      return events.find((e) => e.type === 'request.registered.v3' && e.data.caseNumber === caseNumber);
    });
  const caseOpened = (caseId: string, staff: string) =>
    eventually('assessment to open the case', async () => {
      const r = await call('GET', platform.url('assessment', `/cases/${caseId}`), staff);
      return r.status === 200 ? r.body : undefined;
    });

  it('a Changji resident applies in Uyghur by the deep link: typed phone, not sure of the status, registered in Changji', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7501);
    await chat.say('/start changji');
    await chat.expect('昌吉回族自治州');
    await chat.expect('请选择语言');
    await chat.tap('lang:ug');
    await chat.expect('ئۇيغۇرچە');
    await chat.ask('📝 مۇلازىمەت ئىلتىماسى', 'بۇ ئىلتىماس كىم ئۈچۈن');
    await chat.ask('ئۆزۈم ئۈچۈن', 'ئىلتىماس قىلغۇچىنىڭ ئىسمىنى');
    await chat.ask('ئايگۈل', '18 خانىلىق كىملىك');
    const idNumber = residentId('652301', '1952-04-05', 21);
    await chat.ask(idNumber, 'تېلېفون نومۇرۇمنى ھەمبەھىرلەش');
    await chat.ask('139 0994 7501', 'تېخى دەلىللەنمىدى');
    await chat.expect('قايسى ناھىيە');
    await chat.ask('昌吉市', 'قايسى يېزا-بازار');
    await chat.ask('宁边路街道', 'قايسى كەنت');
    await chat.ask('示范社区甲', 'قايسى تۈردىكى قۇتقۇزۇش ئوبيېكتى');
    await chat.ask('ئېنىق بىلمەيمەن', 'ئۆيگە بېرىپ تەكشۈرگەندە');
    const categories = await chat.expect('قايسى تۈردىكى مۇلازىمەت');
    await chat.ask(categories.buttons[0]!.text, 'مۇلازىمەتنى تاللاڭ');
    await chat.ask('访视服务', 'تاللانغىنى');
    await chat.ask('✅ بولدى', 'قىسقىچە ئېيتىپ');
    await chat.ask('ياردەم كېرەك', 'قوشۇلامسىز');
    const summary = await chat.ask('قوشۇلىمەن', 'ئىلتىماسىڭىزنى تەكشۈرۈڭ');
    expect(summary.text).toContain('(يېزىلغان نومۇر، دەلىللەنمىگەن)');
    // The description changed from the summary, then confirmed.
    await chat.ask('✏️ ئۆزگەرتىش', 'قايسى تۈرنى ئۆزگەرتىسىز');
    await chat.ask('چۈشەندۈرۈش', 'قىسقىچە ئېيتىپ');
    expect((await chat.ask('ئۆيۈمنى تازىلاشقا ياردەم كېرەك', 'ئىلتىماسىڭىزنى تەكشۈرۈڭ')).text).toContain(
      'ئۆيۈمنى تازىلاشقا',
    );
    const done = await chat.ask('✅ يوللاش', /CJ652301-\d{4}-\d{6}/, 30_000);
    expect(done.text).toContain('قوبۇل قىلىندى');
    const caseNumber = done.text.match(/CJ652301-\d{4}-\d{6}/)![0];

    const registered: WireEvent = await registeredEvent(caseNumber);
    expect(registered.data).toMatchObject({
      region: 'changji',
      channel: 'chatbot',
      address: { county: '652301', township: '652301001', village: '652301001201' },
      declaredGroups: [],
      declaredStatus: 'not_sure',
      items: [{ itemCode: 'CJ-ZH-01' }],
      description: 'ئۆيۈمنى تازىلاشقا ياردەم كېرەك',
    });
    const caseId = String(registered.data.caseId);
    const changjiClerk = await token({
      sub: 'cj-clerk',
      role: 'township_caseworker',
      region: 'changji',
      jurisdiction: '652301001',
    });
    const request = await call<Record<string, unknown>>(
      'GET',
      platform.url('intake', `/requests/${caseId}`),
      changjiClerk,
    );
    expect(request.status).toBe(200);
    expect(request.body).toMatchObject({ region: 'changji', declaredStatus: 'not_sure', phoneSource: 'typed' });
    // Assessment reads v3 and opens the case.
    expect(await caseOpened(caseId, changjiClerk)).toMatchObject({ caseNumber });
  });

  it('a Chizhou resident chooses the region at /start and declares no assistance status: registered in Chizhou', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7502);
    const asked = await chat.ask('/start', '请选择您所在的地区');
    expect(asked.buttons.map((b) => b.data)).toEqual(['region:chizhou', 'region:changji']);
    await chat.tap('region:chizhou');
    await chat.expect('池州市社会救助服务');
    await chat.ask('📝 申请服务', '为谁申请');
    await chat.ask('为我自己申请', '申请人的姓名');
    await chat.ask('周凤英', '18位身份证号码');
    const idNumber = residentId('341702', '1949-07-08', 22);
    await chat.ask(idNumber, '分享手机号');
    await chat.shareContact('+8613905667502');
    await chat.expect('哪个县');
    await chat.ask('贵池区', '哪个乡镇');
    await chat.ask('池阳街道', '哪个村');
    await chat.ask('示范社区甲', '哪一类救助对象');
    await chat.ask('没有（不是救助对象）', '不影响申请');
    await chat.expect('哪一类服务');
    await chat.ask('生活照料', '请选择具体服务');
    await chat.ask('助餐送餐', '已选');
    await chat.ask('✅ 选好了', '需要什么帮助');
    await chat.ask('跳过', '您同意吗');
    await chat.ask('同意', '请核对您的申请');
    const done = await chat.ask('✅ 确认提交', /CZ341702-\d{4}-\d{6}/, 30_000);
    const caseNumber = done.text.match(/CZ341702-\d{4}-\d{6}/)![0];
    const registered = await registeredEvent(caseNumber);
    expect(registered.data).toMatchObject({ region: 'chizhou', declaredGroups: [], declaredStatus: 'none' });
    const chizhouClerk = await token({
      sub: 'cz-clerk',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702001',
    });
    const request = await call('GET', platform.url('intake', `/requests/${registered.data.caseId}`), chizhouClerk);
    expect(request.body).toMatchObject({ region: 'chizhou', declaredStatus: 'none', phoneSource: 'shared_contact' });
    expect(await caseOpened(String(registered.data.caseId), chizhouClerk)).toMatchObject({ caseNumber });
  });
});

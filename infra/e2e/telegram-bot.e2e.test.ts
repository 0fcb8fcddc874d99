/**
 * The resident chat bot end to end: residents chat through the local Telegram Bot API emulator
 * (telegram-test-api); the bot runs in this process against the real Kafka, FerretDB and Redis; intake and
 * assessment run as processes. Applying ends in one registered request and a case number, a status
 * change comes back as a message, a wrong ID number is re-asked, Cancel ends without a request, a restart
 * of the bot mid-conversation resumes it from Redis, two residents apply at the same time. A complaint is about
 * a case picked from the chat's own and filed only once confirmed; a voice note sent at the menu can be the
 * complaint, filed with its recording.
 */
import { startService, type RunningService } from '@carelink/service-host';
import IORedis from 'ioredis';
import TelegramServer from 'telegram-test-api';
import { createConfig, type BotConfig } from '../../bots/telegram/src/config';
import { EmulatorChat } from '../../bots/telegram/src/local/emulator-chat';
import { telegramBotService } from '../../bots/telegram/src/service';
import { topics } from '@carelink/contracts';
import {
  call,
  eventually,
  handledSoFar,
  investigate,
  Platform,
  readAllEvents,
  residentId,
  textedCode,
  token,
} from './platform';
import { testServers, uniqueName } from '@carelink/test-servers';

const BASE_PORT = 4321; // intake 4321, assessment 4322, complaints 4326; the bot 4331, the emulator 4332
const BOT_PORT = 4331;
const EMULATOR_PORT = 4332;
const BOT_TOKEN = 'e2e-bot-token';
const CASE_NUMBER = /CZ341702-\d{4}-\d{6}/;

describe('the resident chat bot', () => {
  let platform: Platform;
  let emulator: TelegramServer;
  let config: BotConfig;
  let bot: RunningService<BotConfig>;
  let clerk: string;
  /** The case the first resident (7001) applied for; later tests complain about it. */
  let firstCaseNumber = '';

  // The emulator has no getFile: voice notes come from here, as an Ogg file would from Telegram.
  const voiceNote = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(2000, 1)]);
  const startBot = async () =>
    startService(
      telegramBotService({ downloadVoice: async () => ({ bytes: voiceNote, contentType: 'audio/ogg' }) }),
      config,
    );

  beforeAll(async () => {
    const servers = await testServers();
    platform = new Platform({
      runId: uniqueName('e2e-telegram'),
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
    config = createConfig({
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
      REGION: 'chizhou',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: emulator.config.apiURL,
      INTAKE_URL: platform.url('intake', ''),
      COMPLAINTS_URL: platform.url('complaints', ''),
      RATE_LIMIT_PER_WINDOW: '20',
    });
    bot = await startBot();
    clerk = await token({ sub: 'clerk-1', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' });
  });

  afterAll(async () => {
    await bot?.stop();
    await emulator?.stop();
    await platform?.stopAll();
  });

  async function storedValues(): Promise<[string, string][]> {
    const redis = new IORedis(config.REDIS_URL);
    const keys = await redis.keys(`${config.REDIS_PREFIX}*`);
    const values = await Promise.all(
      keys.map(async (k): Promise<[string, string]> => [
        k,
        (await redis.type(k)) === 'string' ? ((await redis.get(k)) ?? '') : '',
      ]),
    );
    await redis.quit();
    return values;
  }

  /** Answers every step of the application; returns the bot's last message. */
  async function apply(
    chat: EmulatorChat,
    person: { name: string; idNumber: string; phone: string },
    options: { beforeId?: () => Promise<void>; voice?: boolean } = {},
  ) {
    await chat.ask('📝 申请服务', '为谁申请');
    await chat.ask('为我自己申请', '申请人的姓名');
    await chat.ask(person.name, '18位身份证号码');
    await options.beforeId?.();
    await chat.ask(person.idNumber, '分享手机号');
    await chat.shareContact(`+86${person.phone}`);
    await chat.expect('哪个县');
    await chat.ask('贵池区', '哪个乡镇');
    await chat.ask('池阳街道', '哪个村');
    await chat.ask('示范社区甲', '哪一类救助对象');
    await chat.ask('特困人员', '哪一类服务');
    const items = await chat.ask('生活照料', '请选择具体服务');
    expect(items.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['助餐送餐', '代购代办']));
    await chat.ask('助餐送餐', '已选：助餐送餐');
    await chat.expect('哪一类服务');
    await chat.ask('✅ 选好了', '需要什么帮助');
    if (options.voice) {
      await chat.sendVoice(`voice-${chat.userId}`);
      await chat.expect('您同意吗');
    } else await chat.ask('一个人住，腿脚不方便，想要有人送饭', '您同意吗');
    const summary = await chat.ask('同意', '请核对您的申请');
    expect(summary.text).toContain(person.name);
    expect(summary.text).not.toContain(person.idNumber);
    return chat.ask('✅ 确认提交', /受理|保存|没有提交/, 30_000);
  }

  it('takes a whole application, re-asking a wrong ID number kindly, registers it once and pushes its progress', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7001);
    await chat.ask('/start', '请点下面的按钮');
    const idNumber = residentId('341702', '1950-02-03', 11);
    const wrong = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
    const done = await apply(
      chat,
      { name: '张桂兰', idNumber, phone: '13905660001' },
      {
        beforeId: async () => {
          const reask = await chat.ask(wrong, '请对照身份证再输入一次');
          expect(reask.text).toContain('校验');
          await chat.ask('12345', '身份证号码是18位');
        },
      },
    );
    expect(done.text).toMatch(CASE_NUMBER);
    const caseNumber = done.text.match(CASE_NUMBER)![0];
    firstCaseNumber = caseNumber;

    // What the bot keeps in Redis (application, phone) is sealed: no ID number or phone in clear.
    const stored = await storedValues();
    expect(stored.some(([k]) => k.includes(':application:'))).toBe(true);
    for (const [, v] of stored) {
      expect(v).not.toContain(idNumber);
      expect(v).not.toContain('13905660001');
    }

    const registered = await eventually('the request.registered event', async () => {
      const events = await readAllEvents(platform.options.kafkaBrokers, platform.topicPrefix);
      const mine = events.filter((e) => e.type === 'request.registered.v3' && e.data.caseNumber === caseNumber);
      return mine.length > 0 ? mine : undefined;
    });
    expect(registered).toHaveLength(1);
    expect(registered[0]!.data).toMatchObject({
      channel: 'chatbot',
      items: [{ itemCode: expect.any(String) }],
      address: { township: '341702001', village: '341702001201' },
      declaredGroups: ['tekun'],
    });
    // The acknowledgement event does not tell the resident a second time: once the bot has handled every
    // intake event there is, nothing more about this case can come from them.
    await handledSoFar(platform, 'telegram-bot', [topics.intakeRequests.name]);
    expect((await chat.poll()).filter((m) => m.text.includes(caseNumber))).toHaveLength(0);

    // A status change is pushed back: the home investigation is recorded.
    const caseId = String(registered[0]!.data.caseId);
    await eventually('assessment to open the case', async () => {
      const r = await call('GET', platform.url('assessment', `/cases/${caseId}/eligibility`), clerk);
      return r.status === 200 ? true : undefined;
    });
    await investigate(platform, caseId, { token: clerk, staffId: 'clerk-1', office: '341702001' });
    const pushed = await chat.expect('入户调查', 30_000);
    expect(pushed.text).toContain(caseNumber);

    // The decision comes back with its reason: the township refuses the item although the rules allow it.
    const decided = await call('POST', platform.url('assessment', `/cases/${caseId}/decisions`), clerk, {
      items: [{ itemCode: 'CZ-SH-01', approve: false, note: '已由子女每日送餐，暂不需要' }],
    });
    expect(decided.status).toBe(201);
    const refusal = await chat.expect('没有批准', 30_000);
    expect(refusal.text).toContain(caseNumber);
    expect(refusal.text).toContain('助餐送餐');
    expect(refusal.text).toContain('已由子女每日送餐');

    // My requests, in plain words, with the code texted to the phone on file: the resident has the phone she
    // applied with confirmed at the township window (a phone from the bot alone finds nobody).
    const atWindow = await call('POST', platform.url('intake', '/requests'), clerk, {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '张桂兰', idNumber, phone: '13905660001' },
      address: { township: '341702001', village: '341702001201' },
      declaredGroups: ['tekun'],
      items: ['CZ-SH-02'],
    });
    expect([200, 201]).toContain(atWindow.status);
    const asked = await chat.ask('🔎 查询进度', '验证码', 15_000);
    expect(asked.text).not.toContain(caseNumber);
    const code = await eventually('the code texted', () => textedCode(platform, '13905660001'));
    const list = await chat.ask(code, '您的申请', 15_000);
    expect(list.text).toContain(caseNumber);
    expect(list.text).toContain('助餐送餐');

    // Someone else forwarding this resident's contact card learns nothing about their requests.
    const other = new EmulatorChat(emulator, BOT_TOKEN, 7012);
    await other.shareContact('+8613905660001', 7001);
    const refused = await other.expect('不是您本人的');
    expect(refused.buttons.map((b) => b.text)).toContain('📱 分享手机号');
    await other.shareContact('+8613905660001', null);
    await other.expect('不是您本人的');
    expect((await saidUpToMarker(other)).join()).not.toContain(caseNumber);
  });

  it('ends without a request when the resident cancels midway', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7002);
    await chat.ask('📝 申请服务', '为谁申请');
    await chat.ask('为家人申请（我是家属或监护人）', '代办人');
    await chat.ask('李建国', '什么人');
    await chat.ask('子女', '申请人的姓名');
    const bye = await chat.ask('❌ 取消', '已取消');
    expect(bye.buttons.map((b) => b.text)).toContain('📝 申请服务');
    // Back at the menu: a plain text gets the menu hint, not the next question.
    await chat.ask('你好', '请点下面的按钮选择要办的事');
  });

  it('resumes a conversation from Redis after the bot restarts', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7003);
    const idNumber = residentId('341702', '1946-07-21', 32);
    const done = await apply(
      chat,
      { name: '周玉梅', idNumber, phone: '13905660003' },
      {
        beforeId: async () => {
          await bot.stop();
          // The conversation so far waits in Redis, sealed (it will hold the ID number once typed).
          const conversation = (await storedValues()).find(([k]) => k.endsWith(':conversation:7003'));
          expect(conversation?.[1]).toMatch(/^"?v1\./);
          expect(conversation?.[1]).not.toContain('周玉梅');
          bot = await startBot();
        },
      },
    );
    expect(done.text).toMatch(CASE_NUMBER);
  });

  it('serves two residents at the same time', async () => {
    const a = new EmulatorChat(emulator, BOT_TOKEN, 7004);
    const b = new EmulatorChat(emulator, BOT_TOKEN, 7005);
    const [da, db] = await Promise.all([
      apply(
        a,
        { name: '陈大爷', idNumber: residentId('341702', '1940-01-05', 51), phone: '13905660004' },
        { voice: true },
      ),
      apply(b, { name: '刘奶奶', idNumber: residentId('341702', '1942-11-30', 62), phone: '13905660005' }),
    ]);
    const na = da.text.match(CASE_NUMBER)?.[0];
    const nb = db.text.match(CASE_NUMBER)?.[0];
    expect(na).toBeDefined();
    expect(nb).toBeDefined();
    expect(na).not.toBe(nb);

    // The voice note the first resident sent as the description is attached to the case.
    const events = await readAllEvents(platform.options.kafkaBrokers, platform.topicPrefix);
    const caseA = events.find((e) => e.type === 'request.registered.v3' && e.data.caseNumber === na)!;
    expect(caseA.data.description).toBe('（语音留言，见附件）');
    const attachments = await call<{ items: { kind: string }[] }>(
      'GET',
      platform.url('intake', `/requests/${String(caseA.data.caseId)}/attachments`),
      clerk,
    );
    expect(attachments.body.items.map((i) => i.kind)).toEqual(['voice_note']);
  });

  it('keeps a confirmed application while intake is down and sends the case number once registered', async () => {
    await platform.kill('intake');
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7008);
    const queued = await apply(chat, {
      name: '孙秀珍',
      idNumber: residentId('341702', '1944-04-04', 71),
      phone: '13905660008',
    });
    expect(queued.text).toContain('已经保存');
    platform.start('intake');
    await platform.waitReady('intake');
    const registered = await chat.expect(CASE_NUMBER, 90_000);
    const caseNumber = registered.text.match(CASE_NUMBER)![0];
    // Registered once: the acknowledgement (published with the registration) does not repeat it once the
    // bot has handled both, and intake has one request for it.
    const isRegistration = (e: { type: string; data: Record<string, unknown> }) =>
      e.type === 'request.registered.v3' && e.data.caseNumber === caseNumber;
    await eventually('the request.registered event', async () =>
      (await readAllEvents(platform.options.kafkaBrokers, platform.topicPrefix)).some(isRegistration)
        ? true
        : undefined,
    );
    await handledSoFar(platform, 'telegram-bot', [topics.intakeRequests.name]);
    expect((await chat.poll()).filter((m) => m.text.includes(caseNumber))).toHaveLength(0);
    const events = await readAllEvents(platform.options.kafkaBrokers, platform.topicPrefix);
    expect(events.filter(isRegistration)).toHaveLength(1);
  });

  it('answers stickers, photos and unknown commands kindly, and switches language', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7006);
    await chat.sendSticker();
    await chat.expect('表情');
    await chat.sendPhoto();
    await chat.expect('不需要图片');
    await chat.ask('/frobnicate', '我不认识这个命令');
    // A photo in the middle of the application: the question stays open.
    await chat.ask('📝 申请服务', '为谁申请');
    await chat.sendPhoto();
    await chat.expect('请点下面的按钮选择');
    // A menu button midway leaves the application and does what it says. Chizhou serves Chinese and English.
    const languages = await chat.ask('🌐 语言', '请选择语言');
    expect(languages.buttons).toEqual([
      { text: '中文', data: 'lang:zh' },
      { text: 'English', data: 'lang:en' },
    ]);
    await chat.tap('lang:en');
    const english = await chat.expect('English from now on');
    expect(english.buttons.map((b) => b.text)).toContain('📝 Apply for a service');
    await chat.ask('📝 Apply for a service', 'Who is this application for?');
    await chat.ask('❌ Cancel', 'Cancelled');
  });

  it('takes a complaint about a case picked from the chat’s own, confirmed, tells its number, then the outcome, and takes the rating', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7001);
    await chat.ask('📣 投诉建议', '哪方面');
    // The cases this chat filed (or found by its verified look-up) are offered, the person's name masked.
    const cases = await chat.ask('我的申请', '是关于哪一件申请');
    const own = cases.buttons.find((b) => b.text.includes(firstCaseNumber));
    expect(own?.text).toContain('张*兰');
    expect(cases.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['其他编号', '跳过']));
    await chat.ask(own!.text, '发生了什么');
    // Nothing is filed before the resident confirms what will be filed.
    const confirm = await chat.ask('送餐的事一直没有人联系我', '请核对您的意见');
    expect(confirm.text).toContain(firstCaseNumber);
    expect(confirm.text).toContain('送餐的事一直没有人联系我');
    const received = await chat.ask('✅ 确认提交', '已收到您的意见', 30_000);
    const complaintNumber = received.text.match(/TS-\d{8}-\d{4}/)![0];

    const operator = await token({ sub: 'op-2', role: 'hotline_operator', region: 'chizhou', jurisdiction: '3417' });
    const listed = await call<{ items: { complaintId: string; complaintNumber: string; channel: string }[] }>(
      'GET',
      platform.url('complaints', '/complaints'),
      operator,
    );
    const complaint = listed.body.items.find((c) => c.complaintNumber === complaintNumber)!;
    expect(complaint).toMatchObject({ channel: 'chatbot', type: 'eligibility_decision', caseNumber: firstCaseNumber });
    const move = (body: Record<string, unknown>) =>
      call('POST', platform.url('complaints', `/complaints/${complaint.complaintId}/transitions`), operator, body);
    expect((await move({ to: 'acknowledged', reason: '已受理' })).status).toBe(201);
    expect(
      (await move({ to: 'assigned', reason: '交街道办理', assignee: { level: 'township', unit: '341702001' } })).status,
    ).toBe(201);
    expect((await move({ to: 'investigating', reason: '电话核实' })).status).toBe(201);
    expect(
      (
        await move({
          to: 'resolved',
          reason: '已核实',
          outcome: { upheld: true, summary: '街道已联系服务机构，明天起每天中午送餐' },
        })
      ).status,
    ).toBe(201);

    const outcome = await chat.expect('已处理', 30_000);
    expect(outcome.text).toContain(complaintNumber);
    expect(outcome.text).toContain('明天起每天中午送餐');
    const rate = await chat.expect('请打分');
    expect(rate.buttons.map((b) => b.data)).toEqual([1, 2, 3, 4, 5].map((n) => `rate:${complaint.complaintId}:${n}`));
    // Another chat sending the same callback data does not rate it.
    const stranger = new EmulatorChat(emulator, BOT_TOKEN, 7013);
    await stranger.tap(`rate:${complaint.complaintId}:1`);
    await stranger.expect('只有提出这条意见的人');
    await chat.tap(`rate:${complaint.complaintId}:5`);
    await chat.expect('谢谢您的评价');
    const rated = await call<{ rating?: { score: number } }>(
      'GET',
      platform.url('complaints', `/complaints/${complaint.complaintId}`),
      operator,
    );
    expect(rated.body.rating?.score).toBe(5);
  });

  it('files a voice note sent at the menu as a complaint, with the recording attached for the operator', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7014);
    await chat.sendVoice('voice-complaint-7014');
    await chat.expect('收到您的语音');
    await chat.tap('voice:complain');
    await chat.expect('按投诉建议来办');
    await chat.expect('哪方面');
    // A chat with no case of its own: a number typed in, or skipped and the township named.
    await chat.ask('工作人员', '哪个受理编号');
    await chat.ask('跳过', '哪个县');
    await chat.ask('贵池区', '哪个乡镇');
    // What happened is the voice note: straight to the confirmation.
    const confirm = await chat.ask('秋浦街道', '请核对您的意见');
    expect(confirm.text).toContain('内容：（语音）');
    const received = await chat.ask('✅ 确认提交', '已收到您的意见', 30_000);
    const complaintNumber = received.text.match(/TS-\d{8}-\d{4}/)![0];

    const operator = await token({ sub: 'op-4', role: 'hotline_operator', region: 'chizhou', jurisdiction: '3417' });
    const listed = await call<{
      items: { complaintId: string; complaintNumber: string; summary: string; type: string; attachmentIds: string[] }[];
    }>('GET', platform.url('complaints', `/complaints?q=${complaintNumber}`), operator);
    const complaint = listed.body.items.find((c) => c.complaintNumber === complaintNumber)!;
    expect(complaint).toMatchObject({ type: 'staff_conduct', summary: '（语音留言，见附件）' });
    expect(complaint.attachmentIds).toHaveLength(1);
    const recording = await fetch(
      platform.url('complaints', `/complaints/${complaint.complaintId}/attachments/${complaint.attachmentIds[0]}`),
      { headers: { authorization: `Bearer ${operator}` } },
    );
    expect(recording.status).toBe(200);
    expect(Buffer.from(await recording.arrayBuffer()).equals(voiceNote)).toBe(true);
  });

  it('keeps a confirmed complaint while the complaints service is down and sends its number once filed', async () => {
    await platform.kill('complaints');
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7011);
    await chat.ask('📣 投诉建议', '哪方面');
    await chat.ask('服务机构', '哪个受理编号');
    await chat.ask('跳过', '哪个县');
    await chat.ask('贵池区', '哪个乡镇');
    await chat.ask('秋浦街道', '发生了什么');
    const confirm = await chat.ask('送餐的师傅两次没有来', '请核对您的意见');
    expect(confirm.text).toContain('贵池区 秋浦街道');
    await chat.ask('✅ 确认提交', '已记下您的意见');
    platform.start('complaints');
    await platform.waitReady('complaints');
    const filed = await chat.expect('已收到您的意见', 90_000);
    expect(filed.text).toMatch(/TS-\d{8}-\d{4}/);
  });

  it('asks a resident who floods the chat to slow down', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7010);
    // All at once, so that the 30 fall in one 2-second window however busy the machine is.
    await Promise.all(Array.from({ length: 30 }, (_, i) => chat.say(`消息${i}`)));
    // The bot answers a chat's updates in order, so once a later sticker is answered all 30 were handled
    // (stickers sent while the limit holds get no answer; one is sent again until one is).
    const answers = await saidUpToMarker(chat, 500);
    expect(answers.some((text) => text.includes('请慢一点'))).toBe(true);
    // The limit (20 per 2 s here) holds: the messages past it got no answer of their own.
    // (The marker's answer, 收到您的表情…, is not one of them.)
    const toFlood = answers.filter((text) => text.includes('请点下面的按钮') && !text.includes('表情'));
    expect(toFlood.length).toBeLessThanOrEqual(20);
  });

  it('hands a chat over to a hotline operator and relays the replies', async () => {
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7007);
    await chat.ask('👩‍💼 人工服务', '转人工');
    await chat.ask('我想问问送饭的事', '已转给工作人员');
    const operator = await token({ sub: 'op-1', role: 'hotline_operator', region: 'chizhou', jurisdiction: '3417' });
    const url = (p: string) => `http://127.0.0.1:${BOT_PORT}${p}`;
    const waiting = await call<{ items: { chatId: number }[] }>('GET', url('/operator/chats'), operator);
    expect(waiting.body.items.map((h) => h.chatId)).toContain(7007);
    // An operator of another region neither sees nor takes the bot's chats; nobody reads an untaken transcript.
    const elsewhere = await token({ sub: 'op-cj', role: 'hotline_operator', region: 'changji', jurisdiction: '6523' });
    expect((await call('GET', url('/operator/chats'), elsewhere)).status).toBe(403);
    expect((await call('POST', url('/operator/chats/7007/take'), elsewhere)).status).toBe(403);
    expect((await call('GET', url('/operator/chats/7007/transcript'), operator)).status).toBe(409);
    const taken = await call<{ transcript: { text: string }[] }>('POST', url('/operator/chats/7007/take'), operator);
    expect(taken.status).toBe(201);
    expect(taken.body.transcript.map((m) => m.text)).toContain('我想问问送饭的事');
    expect((await call('POST', url('/operator/chats/7007/take'), operator)).status).toBe(409);
    const colleague = await token({ sub: 'op-3', role: 'hotline_operator', region: 'chizhou', jurisdiction: '3417' });
    expect((await call('GET', url('/operator/chats/7007/transcript'), colleague)).status).toBe(409);
    const read = await call<{ items: { text: string }[] }>('GET', url('/operator/chats/7007/transcript'), operator);
    expect(read.body.items.map((m) => m.text)).toContain('我想问问送饭的事');
    // Each read is audited with who read it; the transcript is sealed in Redis.
    const audited = await bot.ctx.connection
      .collection('audit_trail')
      .find({ subjectType: 'chat', subjectId: '7007' })
      .toArray();
    expect(audited.map((a) => [a.actor, a.action])).toEqual([
      ['op-1', 'read'],
      ['op-1', 'read'],
    ]);
    const redis = new IORedis(config.REDIS_URL);
    const sealed = await redis.lrange(`${config.REDIS_PREFIX}operator:transcript:7007`, 0, -1);
    await redis.quit();
    expect(sealed.length).toBeGreaterThan(0);
    for (const entry of sealed) expect(entry).toMatch(/^v1\./);
    await call('POST', url('/operator/chats/7007/replies'), operator, { text: '明天社工会给您打电话' });
    await chat.expect('工作人员：明天社工会给您打电话');
    await call('POST', url('/operator/chats/7007/close'), operator);
    await chat.expect('人工服务已结束');
    expect((await call('GET', url('/operator/chats'), operator)).status).toBe(200);
  });

  it('takes updates by webhook with the secret token checked, and handles an update only once', async () => {
    await bot.stop();
    const secret = 'e2e-webhook-secret-0123456789';
    bot = await startService(telegramBotService(), { ...config, BOT_MODE: 'webhook', WEBHOOK_SECRET: secret });
    const chat = new EmulatorChat(emulator, BOT_TOKEN, 7009);
    const update = {
      update_id: 990_001,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 7009, type: 'private', first_name: '居民' },
        from: { id: 7009, is_bot: false, first_name: '居民' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
    const post = (token?: string, body: object = update) =>
      fetch(`http://127.0.0.1:${BOT_PORT}/telegram/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { 'x-telegram-bot-api-secret-token': token } : {}),
        },
        body: JSON.stringify(body),
      });
    expect((await post()).status).toBe(401);
    expect((await post('wrong-secret-0123456789')).status).toBe(401);
    expect((await post(secret)).status).toBe(200);
    await chat.expect('请点下面的按钮');
    // Telegram retrying the same update: answered 200, not handled again.
    expect((await post(secret)).status).toBe(200);
    // The marker: a new update after the retry (a sticker); the bot answers a webhook call before it
    // returns, so anything the retry caused would come before the sticker's answer.
    const sticker = {
      update_id: 990_002,
      message: {
        ...update.message,
        message_id: 2,
        text: undefined,
        entities: undefined,
        sticker: { file_id: 'sticker-1', file_unique_id: 'sticker-1', type: 'regular', width: 512, height: 512 },
      },
    };
    expect((await post(secret, sticker)).status).toBe(200);
    const said: string[] = [];
    await eventually('the answer to the sticker', async () => {
      said.push(...(await chat.poll()).map((m) => m.text));
      return said.length > 0 ? true : undefined;
    });
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('表情');
  });
});

/**
 * Everything the bot says to `chat` up to and including its answer to a sticker sent now. The bot handles
 * a chat's updates one after another, so what it would still say about earlier updates comes before that
 * answer: the marker after which "nothing else was said" holds. With `resendMs`, the sticker is sent again
 * until one is answered (while a rate limit drops them).
 */
async function saidUpToMarker(chat: EmulatorChat, resendMs?: number): Promise<string[]> {
  const said: string[] = [];
  let sentAt = 0;
  return eventually('the answer to a marker sticker', async () => {
    if (sentAt === 0 || (resendMs !== undefined && Date.now() - sentAt >= resendMs)) {
      await chat.sendSticker();
      sentAt = Date.now();
    }
    said.push(...(await chat.poll()).map((m) => m.text));
    return said.some((text) => text.includes('表情')) ? said : undefined;
  });
}

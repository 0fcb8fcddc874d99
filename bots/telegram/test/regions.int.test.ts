/**
 * One bot for both regions, chatted with through the local Bot API emulator (real Redis): the region chosen at
 * /start or by a deep link and kept per chat, each region's places, statuses, catalogue and languages (Uyghur
 * for Changji), a typed phone taken as unverified, the summary edited before it is confirmed, /help, a voice
 * note at the menu (as a request or a complaint), a complaint about a provider named in its region, and chats
 * handed over to the hotline operators of their own region (the bot's operator API on a real HTTP server).
 * What the resident confirmed is captured as the bot hands it to submission or to filing.
 */
import { generateTokenKeys, issueStaffToken } from '@carelink/auth';
import { checkCharacter } from '@carelink/contracts';
import { listen, ServiceApp } from '@carelink/http';
import { PolicyPacks } from '@carelink/policy';
import { FieldCipher } from '@carelink/store';
import { createLogger, ServiceMetrics } from '@carelink/telemetry';
import { testServers, uniqueName } from '@carelink/test-servers';
import IORedis, { type Redis } from 'ioredis';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import TelegramServer from 'telegram-test-api';
import { createBot, type RegionDesk } from '../src/bot/create-bot';
import { ChatDirectory } from '../src/data-access/chat-directory';
import { ComplaintsClient } from '../src/data-access/complaints-client';
import { OperatorQueue } from '../src/data-access/operator-queue';
import { registerRequestBody, type ConfirmedApplication } from '../src/domain/application';
import type { PendingComplaint } from '../src/domain/file-complaint/filing';
import { botRoutes } from '../src/entry-points/http/routes';
import { pollUpdates } from '../src/entry-points/telegram/poll-updates';
import { EmulatorChat, type BotMessage } from '../src/local/emulator-chat';

const EMULATOR_PORT = 4519;
const TOKEN = 'regions-bot-token';
const packs = PolicyPacks.load();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;
const idNumber = (first17: string) => first17 + checkCharacter(first17);
const HAN = /[\u4e00-\u9fff]/;
const labels = (m: BotMessage) => m.buttons.map((b) => b.text);

describe('one bot for both regions (emulator, real Redis)', () => {
  let redis: Redis;
  let emulator: TelegramServer;
  let stopPolling: () => Promise<void>;
  let directory: ChatDirectory;
  const confirmed: ConfirmedApplication[] = [];
  const filed: PendingComplaint[] = [];
  /** The providers' names asked for, with the region asked in. */
  const providersAsked: string[] = [];
  /** The bot's operator API, and a staff token of a hotline operator of each region. */
  let operatorApi: Server;
  let staffKey = '';
  const operatorOf = (region: 'chizhou' | 'changji', sub = `op-${region}`) =>
    issueStaffToken(
      { sub, role: 'hotline_operator', region, jurisdiction: region === 'chizhou' ? '3417' : '6523' },
      staffKey,
      '10m',
    );
  const operatorCall = async <T>(method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${(operatorApi.address() as AddressInfo).port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    redis = new IORedis((await testServers()).redisUrl);
    emulator = new TelegramServer({ port: EMULATOR_PORT, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    const prefix = `${uniqueName('tg-regions')}:`;
    const cipher = new FieldCipher('ab'.repeat(32), 'ab'.repeat(32));
    directory = new ChatDirectory(redis, prefix, cipher);
    const nowhere = async () => 'token';
    const desk = (pack: typeof chizhou): RegionDesk => ({
      pack,
      intake: { requestCode: async () => 'unavailable', requestsOf: async () => ({ kind: 'unavailable' }) },
      complaints: new ComplaintsClient('http://127.0.0.1:9', nowhere),
    });
    const operators = new OperatorQueue(redis, prefix, cipher);
    const { bot, i18n } = createBot(TOKEN, {
      ...desk(chizhou),
      otherRegions: [desk(changji)],
      redis,
      cipher,
      prefix,
      directory,
      // Each region's contracts name their providers: asked in the chat's region.
      providerName: async (providerId, region) => {
        providersAsked.push(`${region}:${providerId}`);
        return region === 'changji' && providerId === 'demo-cj-tianshan' ? '天山社会工作服务中心' : undefined;
      },
      operators,
      logger: createLogger('telegram-bot-test', 'silent'),
      apiRoot: emulator.config.apiURL,
      rateLimit: { limit: 100, windowMs: 2000 },
      updateNamespace: `${prefix}-`,
      submit: async (application) => {
        confirmed.push(application);
        return [
          { chatId: application.chatId, key: 'apply-registered', params: { caseNumber: 'CJ652301-2026-000001' } },
        ];
      },
      fileComplaint: async (pending) => {
        filed.push(pending);
        return [{ chatId: pending.chatId, key: 'complain-received', params: { complaintNumber: 'TS-20261125-0042' } }];
      },
    });
    await bot.init();
    stopPolling = pollUpdates(bot, createLogger('telegram-bot-test', 'silent'), { idleMs: 50 });

    const staff = await generateTokenKeys('staff-regions-test');
    staffKey = staff.signingKey;
    const app = new ServiceApp({
      service: 'telegram-bot-test',
      logger: createLogger('telegram-bot-test', 'silent'),
      metrics: new ServiceMetrics('telegram-bot-test'),
      staffKeys: staff.publicKeys,
      readiness: {},
    });
    botRoutes(app, {
      bot,
      i18n,
      operators,
      cases: directory,
      regions: ['chizhou', 'changji'],
      audit: { record: async () => undefined },
    });
    operatorApi = await listen(app.seal(), 0);
  });

  afterAll(async () => {
    await new Promise<void>((done) => (operatorApi ? operatorApi.close(() => done()) : done()));
    await stopPolling?.();
    await emulator?.stop();
    await redis?.quit();
  });

  it('asks a new chat for its region first; the choice is kept, and Chizhou offers Chinese and English only', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 9101);
    const asked = await chat.ask('/start', '请选择您所在的地区');
    expect(asked.buttons).toEqual([
      { text: chizhou.name.zh, data: 'region:chizhou' },
      { text: changji.name.zh, data: 'region:changji' },
    ]);
    // Anything else first: the region is asked again.
    await chat.ask('你好', '请选择您所在的地区');
    await chat.tap('region:chizhou');
    const welcome = await chat.expect('池州市社会救助服务');
    expect(labels(welcome)).toEqual(expect.arrayContaining(['📝 申请服务', '🏙 地区']));
    const languages = await chat.expect('请选择语言');
    expect(languages.buttons.map((b) => b.data)).toEqual(['lang:zh', 'lang:en']);
    expect(await directory.region(9101)).toBe('chizhou');
    // The region's catalogue and places: Chizhou's counties, not Changji's.
    await chat.ask('📝 申请服务', '为谁申请');
    await chat.ask('为我自己申请', '申请人的姓名');
    await chat.ask('王秀英', '18位身份证号码');
    await chat.ask(idNumber('34170219480315022'), '分享手机号');
    await chat.shareContact('+8613905660001');
    const counties = await chat.expect('住在哪个县');
    expect(labels(counties)).toEqual(expect.arrayContaining(chizhou.jurisdictions.map((c) => c.name)));
    expect(labels(counties)).not.toContain(changji.jurisdictions[0]!.name);
  });

  it('a deep link to Changji in Uyghur: every step in Uyghur, a typed phone unverified, “not sure”, the summary edited', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 9102);
    await chat.say('/start changji');
    await chat.expect('昌吉回族自治州社会救助服务');
    const languages = await chat.expect('请选择语言');
    expect(languages.buttons.map((b) => b.data)).toEqual(['lang:zh', 'lang:ug']);
    await chat.tap('lang:ug');
    await chat.expect('ئۇيغۇرچە');
    const ug: BotMessage[] = [];
    const step = async (say: string, expected: string) => {
      const m = await chat.ask(say, expected);
      ug.push(m);
      return m;
    };
    await step('📝 مۇلازىمەت ئىلتىماسى', 'بۇ ئىلتىماس كىم ئۈچۈن');
    await step('ئۆزۈم ئۈچۈن', 'ئىلتىماس قىلغۇچىنىڭ ئىسمىنى');
    await step('ئايگۈل', '18 خانىلىق كىملىك');
    const phoneAsked = await step(idNumber('65230119500101002'), 'تېلېفون نومۇرۇمنى ھەمبەھىرلەش');
    expect(phoneAsked.text).toContain('بىۋاسىتە يازسىڭىزمۇ');
    await step('12345', 'بۇ نومۇر توغرا ئەمەستەك');
    await step('139 0994 1234', 'تېخى دەلىللەنمىدى');
    const counties = await chat.expect('قايسى ناھىيە');
    ug.push(counties);
    expect(labels(counties)).toEqual(expect.arrayContaining(changji.jurisdictions.map((c) => c.name)));
    await step('昌吉市', 'قايسى يېزا-بازار');
    await step('宁边路街道', 'قايسى كەنت');
    const statuses = await step('ئاتلاش', 'قايسى تۈردىكى قۇتقۇزۇش ئوبيېكتى');
    // Changji's statuses in Uyghur, then none and not sure.
    expect(labels(statuses)).toEqual(
      expect.arrayContaining(['قىيىنچىلىقتىكى بالا', 'يوق (قۇتقۇزۇش ئوبيېكتى ئەمەس)', 'ئېنىق بىلمەيمەن']),
    );
    expect(labels(statuses).filter((l) => HAN.test(l))).toEqual([]);
    await step('ئېنىق بىلمەيمەن', 'ئۆيگە بېرىپ تەكشۈرگەندە');
    const categories = await chat.expect('قايسى تۈردىكى مۇلازىمەت');
    ug.push(categories);
    await step(categories.buttons[0]!.text, 'مۇلازىمەتنى تاللاڭ');
    await step('访视服务', 'تاللانغىنى');
    // Two services, joined as Uyghur joins a list (not with the Chinese 、).
    await chat.expect('قايسى تۈردىكى مۇلازىمەت');
    await step(categories.buttons[0]!.text, 'مۇلازىمەتنى تاللاڭ');
    const both = await step('健康管理与教育', 'تاللانغىنى');
    expect(both.text).toContain('访视服务 ۋە 健康管理与教育');
    await step('✅ بولدى', 'قىسقىچە ئېيتىپ');
    await step('ئۆيۈمنى تازىلاشقا ياردەم كېرەك', 'قوشۇلامسىز');
    const summary = await step('قوشۇلىمەن', 'ئىلتىماسىڭىزنى تەكشۈرۈڭ');
    expect(summary.text).toContain('13909941234 (يېزىلغان نومۇر، دەلىللەنمىگەن)');
    expect(summary.text).toContain('ئېنىق بىلمەيمەن');
    expect(summary.text).toContain('مۇلازىمەت: 访视服务 ۋە 健康管理与教育');
    expect(summary.text).not.toContain('、');
    expect(labels(summary)).toEqual(expect.arrayContaining(['✅ يوللاش', '✏️ ئۆزگەرتىش']));
    // Change the phone: share the contact instead; then the summary again.
    await step('✏️ ئۆزگەرتىش', 'قايسى تۈرنى ئۆزگەرتىسىز');
    await step('تېلېفون', 'تېلېفون نومۇرۇمنى ھەمبەھىرلەش');
    await chat.shareContact('+8613909945678');
    const again = await chat.expect('ئىلتىماسىڭىزنى تەكشۈرۈڭ');
    expect(again.text).toContain('13909945678');
    expect(again.text).not.toContain('دەلىللەنمىگەن');
    // Change the status too: a named status now.
    await step('✏️ ئۆزگەرتىش', 'قايسى تۈرنى ئۆزگەرتىسىز');
    await step('قۇتقۇزۇش تۈرى', 'قايسى تۈردىكى قۇتقۇزۇش ئوبيېكتى');
    const edited = await step('ئالاھىدە قىيىنچىلىقتىكى كىشى', 'ئىلتىماسىڭىزنى تەكشۈرۈڭ');
    expect(edited.text).toContain('ئالاھىدە قىيىنچىلىقتىكى كىشى');
    await step('✅ يوللاش', 'CJ652301-2026-000001');

    // Every message of the flow was Uyghur: no Chinese outside the pack's place and service names.
    const placeAndItemNames = [
      ...changji.jurisdictions.flatMap((c) => [
        c.name,
        ...c.townships.flatMap((t) => [t.name, ...t.villages.map((v) => v.name)]),
      ]),
      ...changji.catalogue.map((i) => i.name.zh),
    ];
    for (const m of ug) {
      let text = m.text;
      for (const name of placeAndItemNames) text = text.split(name).join('');
      expect(text).not.toMatch(HAN);
      expect(text).toMatch(/[\u0600-\u06FF]/);
    }
    const application = confirmed.find((a) => a.chatId === 9102)!;
    expect(application.region).toBe('changji');
    expect(registerRequestBody(application.region!, application.answers)).toMatchObject({
      region: 'changji',
      applicant: { name: 'ئايگۈل', phone: '13909945678', phoneSource: 'shared_contact' },
      address: { township: '652301001' },
      declaredGroups: ['tekun'],
      declaredStatus: 'declared',
      items: ['CJ-ZH-01', 'CJ-ZH-02'],
      description: 'ئۆيۈمنى تازىلاشقا ياردەم كېرەك',
      consentToShare: true,
    });
  });

  it('Chizhou in Chinese for a family member: “none” as the status, a typed landline, address, consent and description edited', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 9103);
    await chat.say('/start chizhou');
    await chat.expect('池州市社会救助服务');
    await chat.ask('📝 申请服务', '为谁申请');
    await chat.ask('为家人申请（我是家属或监护人）', '代办人）的姓名');
    await chat.ask('李明', '您是申请人的什么人');
    await chat.ask('子女', '申请人的姓名');
    await chat.ask('李桂芳', '18位身份证号码');
    await chat.ask(idNumber('34170219400101002'), '分享手机号');
    await chat.ask('0566-2212349', '还没有核实');
    await chat.expect('住在哪个县');
    const county = chizhou.jurisdictions[0]!;
    await chat.ask(county.name, '哪个乡镇');
    await chat.ask(county.townships[0]!.name, county.townships[0]!.villages.length ? '哪个村' : '救助对象');
    if (county.townships[0]!.villages.length) await chat.ask('跳过', '哪一类救助对象');
    await chat.ask('没有（不是救助对象）', '不影响申请');
    const categories = await chat.expect('需要哪一类服务');
    await chat.ask(categories.buttons[0]!.text, '请选择具体服务');
    const item = servicesFirstItem(county.code);
    await chat.ask(item, '已选');
    await chat.ask('✅ 选好了', '简单说说');
    await chat.ask('跳过', '您同意吗');
    const summary = await chat.ask('不同意', '请核对您的申请');
    expect(summary.text).toContain('05662212349（输入的号码，未核实）');
    expect(summary.text).toContain('代办人：李明（子女）');
    expect(summary.text).toContain('救助类别：没有（不是救助对象）');
    expect(summary.text).toContain('同意共享信息：不同意');
    // Change the address (to another county), the consent, then the description.
    await chat.ask('✏️ 修改', '要修改哪一项');
    await chat.ask('地址', '住在哪个县');
    await chat.ask('东至县', '哪个乡镇');
    await chat.ask('尧渡镇', '哪个村');
    const moved = await chat.ask('示范村戊', '请核对您的申请');
    expect(moved.text).toContain('地址：东至县 尧渡镇 示范村戊');
    // The services chosen are offered in the new county too: they stay.
    expect(moved.text).toContain(`服务：${item}`);
    await chat.ask('✏️ 修改', '要修改哪一项');
    await chat.ask('是否同意共享信息', '您同意吗');
    expect((await chat.ask('同意', '请核对您的申请')).text).toContain('同意共享信息：同意');
    await chat.ask('✏️ 修改', '要修改哪一项');
    await chat.ask('说明', '简单说说');
    expect((await chat.ask('腿脚不便，需要有人帮忙买菜', '请核对您的申请')).text).toContain('说明：腿脚不便');
    await chat.ask('✅ 确认提交', '您的申请已受理');
    const application = confirmed.find((a) => a.chatId === 9103)!;
    expect(registerRequestBody(application.region!, application.answers)).toMatchObject({
      region: 'chizhou',
      applicant: { phone: '05662212349', phoneSource: 'typed' },
      proxy: { name: '李明', relation: '子女' },
      declaredGroups: [],
      declaredStatus: 'none',
      consentToShare: true,
      description: '腿脚不便，需要有人帮忙买菜',
      address: { township: '341721100', village: '341721100201' },
    });
  });

  it('changes region from the menu: a language the new region lacks gives way to its default', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 9104);
    await chat.say('/start chizhou');
    await chat.expect('请选择语言');
    await chat.tap('lang:en');
    await chat.expect('English');
    const choice = await chat.ask('🏙 Region', 'Please choose your region');
    expect(choice.buttons.map((b) => b.data)).toEqual(['region:chizhou', 'region:changji']);
    await chat.tap('region:changji');
    await chat.expect('昌吉回族自治州社会救助服务');
    expect(await directory.region(9104)).toBe('changji');
    expect(await directory.locale(9104)).toBe('zh');
    // A stale Uyghur button of another region's keyboard does nothing in Chizhou.
    await chat.say('/start chizhou');
    await chat.expect('池州市社会救助服务');
    await chat.tap('lang:ug');
    await chat.ask('你好', '请点下面的按钮选择要办的事');
    expect(await directory.locale(9104)).toBe('zh');
  });

  it('/help says what the bot can do; mid-conversation it answers and keeps the question open', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 9105);
    await chat.say('/start chizhou');
    await chat.expect('池州市社会救助服务');
    const help = await chat.ask('/help', '我可以帮您');
    expect(help.text).toContain('📝 申请服务');
    expect(help.text).toContain('🔎 查询进度');
    await chat.ask('📝 申请服务', '为谁申请');
    await chat.ask('为我自己申请', '申请人的姓名');
    await chat.ask('/help', '您正在办理中');
    // Still the same question: the next answer is the name.
    await chat.ask('赵六', '18位身份证号码');
  });

  it('a voice note at the menu is offered as a request or a complaint: the description, or what happened', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 9106);
    await chat.say('/start chizhou');
    await chat.expect('池州市社会救助服务');
    await chat.sendVoice('voice-at-menu-1');
    const offer = await chat.expect('收到您的语音');
    expect(offer.text).not.toContain('不需要图片');
    expect(offer.buttons.map((b) => b.data)).toEqual(['voice:apply', 'voice:complain']);
    await chat.tap('voice:apply');
    await chat.expect('这段语音就是申请的说明');
    await chat.expect('为谁申请');
    await chat.ask('为我自己申请', '申请人的姓名');
    await chat.ask('钱七', '18位身份证号码');
    await chat.ask(idNumber('34170219450101002'), '分享手机号');
    await chat.shareContact('+8613905660002');
    const county = chizhou.jurisdictions[0]!;
    await chat.ask(county.name, '哪个乡镇');
    await chat.ask(county.townships[0]!.name, county.townships[0]!.villages.length ? '哪个村' : '救助对象');
    if (county.townships[0]!.villages.length) await chat.ask('跳过', '哪一类救助对象');
    await chat.ask('不清楚', '不影响申请');
    const categories = await chat.expect('需要哪一类服务');
    await chat.ask(categories.buttons[0]!.text, '请选择具体服务');
    await chat.ask(servicesFirstItem(county.code), '已选');
    // No description asked: the voice note is it.
    const summary = await chat.ask('✅ 选好了', '您同意吗');
    expect(summary.text).not.toContain('简单说说');
    expect((await chat.ask('同意', '请核对您的申请')).text).toContain('说明：（语音）');
    await chat.ask('✅ 确认提交', '您的申请已受理');
    expect(confirmed.find((a) => a.chatId === 9106)!.answers).toMatchObject({
      voiceFileId: 'voice-at-menu-1',
      declaredStatus: 'not_sure',
    });
    // The held voice note was used once: a stale button finds nothing.
    await chat.tap('voice:complain');
    await chat.expect('这段语音已经找不到了');
    // Another voice note, as a complaint: the complaint conversation starts.
    await chat.sendVoice('voice-at-menu-2');
    await chat.expect('收到您的语音');
    await chat.tap('voice:complain');
    await chat.expect('按投诉建议来办');
    await chat.ask('其他', '哪个受理编号');
    await chat.ask('跳过', '哪个县');
    await chat.ask(county.name, '哪个乡镇');
    // The voice note is what happened: not asked again; the confirmation shows it, and it goes with the filing.
    const confirm = await chat.ask(county.townships[0]!.name, '请核对您的意见');
    expect(confirm.text).toContain('内容：（语音）');
    expect(labels(confirm)).toContain('✅ 确认提交');
    await chat.ask('✅ 确认提交', 'TS-20261125-0042');
    expect(filed.find((f) => f.chatId === 9106)).toMatchObject({
      voiceFileId: 'voice-at-menu-2',
      filing: {
        region: 'chizhou',
        type: 'other',
        about: { township: county.townships[0]!.code },
        summary: '（语音留言，见附件）',
      },
    });
  });

  it('a Changji resident complains about a provider’s visit: the provider is named as Changji’s contracts name it', async () => {
    const chat = new EmulatorChat(emulator, TOKEN, 9107);
    await chat.say('/start changji');
    await chat.expect('请选择语言');
    const ownCase = {
      caseId: '0190a3f2-0000-7000-8000-0000000009c7',
      caseNumber: 'CJ652301-2026-000007',
      name: '阿依古丽',
      township: '652301001',
      itemCodes: ['CJ-SH-04'],
      linkedBy: 'filed' as const,
      at: '2026-11-20T02:00:00.000Z',
    };
    await directory.linkCase(9107, ownCase);
    await directory.rememberVisit({
      visitId: 'v-cj-1',
      caseId: ownCase.caseId,
      referralId: 'ref-cj-1',
      providerId: 'demo-cj-tianshan',
      workerId: 'w-cj-1',
      itemCode: 'CJ-SH-04',
      at: '2026-11-26T01:30:00.000Z',
      delivered: true,
    });
    await chat.ask('📣 投诉建议', '您想对哪方面提意见');
    const cases = await chat.ask('服务机构', '是关于哪一件申请');
    expect(labels(cases)[0]).toContain('CJ652301-2026-000007');
    const visits = await chat.ask(labels(cases)[0]!, '是哪一次上门服务');
    const visit = '2026-11-26 09:30 家政助洁 · 天山社会工作服务中心';
    expect(labels(visits)).toContain(visit);
    expect(providersAsked).toEqual(['changji:demo-cj-tianshan']);
    await chat.ask(visit, '请说说发生了什么');
    const confirm = await chat.ask('保洁只做了一半就走了', '请核对您的意见');
    expect(confirm.text).toContain('上门服务：2026-11-26 09:30 家政助洁');
    await chat.ask('✅ 确认提交', 'TS-20261125-0042');
    expect(filed.find((f) => f.chatId === 9107)!.filing).toMatchObject({
      region: 'changji',
      type: 'service_quality',
      about: {
        caseId: '0190a3f2-0000-7000-8000-0000000009c7',
        caseNumber: 'CJ652301-2026-000007',
        providerId: 'demo-cj-tianshan',
        workerId: 'w-cj-1',
      },
    });
  });

  it('a chat is handed over in its region: only that region’s hotline operators see it, take it and answer it', async () => {
    const changjiChat = new EmulatorChat(emulator, TOKEN, 9108);
    await changjiChat.say('/start changji');
    await changjiChat.expect('请选择语言');
    await changjiChat.ask('👩‍💼 人工服务', '已经帮您转人工');
    const chizhouChat = new EmulatorChat(emulator, TOKEN, 9109);
    await chizhouChat.say('/start chizhou');
    await chizhouChat.expect('请选择语言');
    await chizhouChat.ask('👩‍💼 人工服务', '已经帮您转人工');

    const cj = await operatorOf('changji');
    const cz = await operatorOf('chizhou');
    type Waiting = { items: { chatId: number; region: string }[] };
    const cjList = await operatorCall<Waiting>('GET', '/operator/chats', cj);
    expect(cjList.status).toBe(200);
    expect(cjList.body.items.map((h) => [h.chatId, h.region])).toEqual([[9108, 'changji']]);
    const czList = await operatorCall<Waiting>('GET', '/operator/chats', cz);
    expect(czList.body.items.map((h) => [h.chatId, h.region])).toEqual([[9109, 'chizhou']]);

    // Another region's operator cannot take the chat, read or answer it; the chat still waits.
    const refused = await operatorCall<{ code: string }>('POST', '/operator/chats/9108/take', cz);
    expect([refused.status, refused.body.code]).toEqual([403, 'outside_region']);
    expect((await operatorCall('GET', '/operator/chats/9108/transcript', cz)).status).toBe(403);
    expect((await operatorCall('POST', '/operator/chats/9108/replies', cz, { text: '您好' })).status).toBe(403);
    // Changji's operator takes it, is named to the resident by seat, answers and closes.
    const taken = await operatorCall<{ chatId: number }>('POST', '/operator/chats/9108/take', cj);
    expect([taken.status, taken.body.chatId]).toEqual([201, 9108]);
    await changjiChat.expect('已接入');
    expect(
      (await operatorCall('POST', '/operator/chats/9108/replies', cj, { text: '您好，我是昌吉热线' })).status,
    ).toBe(201);
    await changjiChat.expect('工作人员：您好，我是昌吉热线');
    expect((await operatorCall('POST', '/operator/chats/9108/close', cj)).status).toBe(201);
    await changjiChat.expect('人工服务已结束');
    // Chizhou's chat is Chizhou's operator's, and not Changji's.
    expect((await operatorCall('POST', '/operator/chats/9109/take', cj)).status).toBe(403);
    expect((await operatorCall('POST', '/operator/chats/9109/take', cz)).status).toBe(201);
    await chizhouChat.expect('已接入');
  });
});

/** The name of the first item of the first category Chizhou offers in a county (what the buttons show first). */
function servicesFirstItem(countyCode: string): string {
  const item = chizhou.catalogue.find((i) => !i.serviceAreas || i.serviceAreas.includes(countyCode))!;
  return item.name.zh;
}

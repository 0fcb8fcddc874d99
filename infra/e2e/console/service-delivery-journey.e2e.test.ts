/**
 * Service delivery from the resident's request to the exported file, in a real Chromium, against intake,
 * assessment, referral and provider-scheduling as processes on the real servers, with the resident chat bot (and its
 * Telegram Bot API emulator) in this process, as the hotline journey runs them:
 * - the county registers the provider's contract in its page; a resident applies for home cleaning in the bot; the
 *   township investigates (through assessment's API, as the other journeys set up) and approves in the case page,
 *   and the item is referred to the provider;
 * - the provider's staff accept the assignment in their page and propose a service plan of 8 visits (an RFC 5545
 *   rule, through provider-scheduling's API; the provider journey covers the plan form), which the township approves
 *   in its plan reviews;
 * - the worker checks in and out of each of the 8 visits on the phone-sized page, beside the home; the recipient
 *   keys the one-time code the page shows in the bot (keying it by phone is bots/ivr's visit-confirmation test: the
 *   IVR texts its sign-in code only to a confirmed phone, and a phone shared in the bot is unconfirmed);
 * - every visit is verified (已核验) on the township's case page; the person's file (一人一档) counts 8 verified
 *   visits; its export unzips to 档案.pdf, whose page 1 renders (Debian's poppler-utils) and whose text has the
 *   service number and the 8 verified visits.
 *
 * The visits' times: a worker may not check in more than a day before a visit, a plan starts no earlier than its
 * referral, and the services run on the real clock (there is no test clock): the plan runs for a month from today
 * and its rule (BYHOUR…;UNTIL=) puts its 8 visits at the next 8 full hours, so all of them can be checked in now.
 * Each page is saved as a screenshot and passes the accessibility check.
 */
import { startService, type RunningService } from '@carelink/service-host';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import TelegramServer from 'telegram-test-api';
import { createConfig as botConfig, type BotConfig } from '../../../bots/telegram/src/config';
import { EmulatorChat } from '../../../bots/telegram/src/local/emulator-chat';
import { telegramBotService } from '../../../bots/telegram/src/service';
import { call, eventually, investigate, residentId } from '../platform';
import { registerTrainedWorker } from '../workers';
import {
  at,
  choose,
  confirmPopup,
  expectAccessible,
  gone,
  journey,
  pick,
  screenshot,
  shows,
  showsAfterReloads,
  signIn,
} from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, demoAccount, SETUP_MS } from './console-platform';

// intake 4661 … provider-scheduling 4664; the bot 4665, the Bot API emulator 4668, the console 4669.
const BASE_PORT = 4661;
const BOT_PORT = BASE_PORT + 4; // settlement's port: this run has no settlement
const EMULATOR_PORT = BASE_PORT + 7;
const BOT_TOKEN = 'e2e-service-delivery-bot-token';
const CASE_NUMBER = /CZ341702-\d{4}-\d{6}/;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers

/** The resident: 吴秀珍, living alone in 示范社区甲 of 池阳街道, applying in the bot with her own phone. */
const RESIDENT = {
  name: '吴秀珍',
  idNumber: residentId('341702', '1941-10-12', 66),
  phone: '13905668866',
  chat: 8866,
};
/** Her home, as the provider enters it with the plan, and where the worker's phone is at each visit. */
const HOME = { lat: 30.656, lng: 117.489 };
const NEAR = { latitude: 30.6561, longitude: 117.4891, accuracy: 15 };
const VISITS = 8;
const TASKS = ['打扫卫生', '清洗衣物'];

const HOUR_MS = 3600_000;
const CHINA_MS = 8 * HOUR_MS;
/** The China date of an instant: `2026-12-01`. */
const chinaDay = (t: Date) => new Date(t.getTime() + CHINA_MS).toISOString().slice(0, 10);
/** The instant as a floating RFC 5545 date-time in China wall-clock time: `20261201T230000Z`. */
const floating = (t: Date) =>
  new Date(t.getTime() + CHINA_MS)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * The plan's terms: from today for a month, a visit at each of the next 8 full hours (the first at least 15 minutes
 * from now), 45 minutes each: `FREQ=DAILY;BYHOUR=…;BYMINUTE=0;UNTIL=<the 8th>`.
 */
function planOfEightVisits(now: Date) {
  const first = Math.ceil((now.getTime() + 15 * 60_000) / HOUR_MS) * HOUR_MS;
  const starts = Array.from({ length: VISITS }, (_, i) => new Date(first + i * HOUR_MS));
  // In the order of the visits (after 23:00 comes 00:00 of the next day).
  const hours = starts.map((s) => new Date(s.getTime() + CHINA_MS).getUTCHours());
  const last = new Date(starts[VISITS - 1]!.getTime() + CHINA_MS).toISOString();
  return {
    starts,
    /** How the console says the rule's end: `2026-12-02 00:00`. */
    until: `${last.slice(0, 10)} ${last.slice(11, 16)}`,
    terms: {
      rrule: `FREQ=DAILY;BYHOUR=${hours.join(',')};BYMINUTE=0;UNTIL=${floating(starts[VISITS - 1]!)}`,
      startDate: chinaDay(now),
      endDate: chinaDay(new Date(now.getTime() + 29 * 24 * HOUR_MS)),
      durationMinutes: 45,
      tasks: TASKS,
      home: HOME,
    },
  };
}

describe('service delivery, from the request to the exported file', () => {
  let run: ConsoleRun;
  let emulator: TelegramServer | undefined;
  let bot: RunningService<BotConfig> | undefined;

  beforeAll(async () => {
    run = await ConsoleRun.start(
      'e2e-console-delivery',
      BASE_PORT,
      ['intake', 'assessment', 'referral', 'provider-scheduling'],
      async (platform) => {
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
            REFERRAL_URL: platform.url('referral', ''),
            PROVIDER_SCHEDULING_URL: platform.url('provider-scheduling', ''),
            // No complaints service in this run: nothing here complains.
            COMPLAINTS_URL: 'http://127.0.0.1:9',
            // The test answers at once, faster than a person: the flood guard would slow it down.
            RATE_LIMIT_PER_WINDOW: '30',
          }),
        );
        return { telegram: `http://127.0.0.1:${BOT_PORT}` };
      },
    );
  }, SETUP_MS);

  afterAll(async () => {
    // The bot first: stopping the run takes back the Kafka grants it consumes under.
    await bot?.stop();
    await emulator?.stop();
    await run?.stop();
  });

  it('takes a request through referral, a plan of 8 visits checked in, out and confirmed, to the exported file', async () => {
    const provider = demoAccount('provider');
    const scheduling = (path: string) => run.platform.url('provider-scheduling', path);

    // The county: the provider's contract for home cleaning in 池阳街道, registered in the contracts page.
    const county = await run.page();
    await journey(county, 'delivery-county', async () => {
      await signIn(county, DEMO.county, DEMO_PASSWORD);
      await county.getByTestId('menu-contracts').click();
      await at(county, '/contracts');
      await county.getByTestId('contract-register').click();
      const form = await shows(county.getByTestId('contract-form'));
      await form.getByTestId('contract-provider-id').fill(provider.providerId!);
      await form.getByTestId('contract-provider-name').fill('池州市阳光社会工作服务中心（演示）');
      await choose(county, form.getByTestId('contract-items'), '居家清洁');
      await county.keyboard.press('Escape');
      await choose(county, form.getByTestId('contract-townships'), '池阳街道');
      await county.keyboard.press('Escape');
      await form.getByTestId('contract-capacity').fill('50');
      await form.locator('.ant-picker-range input').first().click();
      await county.keyboard.type('2026-01-01');
      await county.keyboard.press('Enter');
      await county.keyboard.type('2027-12-31');
      await county.keyboard.press('Enter');
      await screenshot(county, 'delivery-county-contract');
      await expectAccessible(county, 'the contract form');
      await county.getByTestId('contract-submit').click();
      await gone(county.getByTestId('contract-form'));
      await shows(county.getByTestId('contracts-table').getByRole('row'), '池州市阳光社会工作服务中心（演示）');
    });

    // The resident applies for home cleaning in the bot.
    const chat = new EmulatorChat(emulator!, BOT_TOKEN, RESIDENT.chat, '吴大妈', 30_000);
    await chat.ask('📝 申请服务', '为谁申请');
    await chat.ask('为我自己申请', '申请人的姓名');
    await chat.ask(RESIDENT.name, '18位身份证号码');
    await chat.ask(RESIDENT.idNumber, '分享手机号');
    await chat.shareContact(`+86${RESIDENT.phone}`);
    await chat.expect('哪个县');
    await chat.ask('贵池区', '哪个乡镇');
    await chat.ask('池阳街道', '哪个村');
    await chat.ask('示范社区甲', '哪一类救助对象');
    await chat.ask('特困人员', '哪一类服务');
    await chat.ask('清洁服务', '请选择具体服务');
    await chat.ask('居家清洁', '已选：居家清洁');
    await chat.expect('哪一类服务');
    await chat.ask('✅ 选好了', '需要什么帮助');
    await chat.ask('一个人住，腿脚不方便，打扫不动', '您同意吗');
    await chat.ask('同意', '请核对您的申请');
    const registered = await chat.ask('✅ 确认提交', CASE_NUMBER, 60_000);
    const caseNumber = CASE_NUMBER.exec(registered.text)![0];

    // The township: the home investigation recorded (assessment's API), the decision taken in the case page.
    const township = await run.tokenOf('township');
    const caseId = await eventually('the request in intake', async () => {
      const found = await call<{ items: Json[] }>(
        'GET',
        run.platform.url('intake', `/requests?q=${encodeURIComponent(caseNumber)}`),
        township,
      );
      return found.body.items?.[0]?.caseId as string | undefined;
    });
    await eventually('assessment to open the case', async () =>
      (await call('GET', run.platform.url('assessment', `/cases/${caseId}`), township)).status === 200
        ? true
        : undefined,
    );
    const clerk = demoAccount('township');
    await investigate(run.platform, caseId, { token: township, staffId: clerk.username, office: clerk.jurisdiction });

    const townshipPage = await run.page();
    await journey(townshipPage, 'delivery-township-decision', async () => {
      await signIn(townshipPage, DEMO.township, DEMO_PASSWORD);
      await townshipPage.goto(`/cases/${caseId}`);
      await shows(townshipPage.getByTestId('case-number'), caseNumber);
      const form = await shows(townshipPage.getByTestId('decision-form'));
      await pick(form.getByTestId('decision-CZ-QJ-01'), '同意');
      await townshipPage.getByTestId('decision-missing-reason').fill('身份证、户口本原件已入户查验，复印件下周补交');
      await screenshot(townshipPage, 'delivery-township-decision');
      await expectAccessible(townshipPage, 'the decision form');
      await townshipPage.getByTestId('decision-submit').click();
      await confirmPopup(townshipPage);
      await shows(townshipPage.getByTestId('case-status'), '已审核');
      await townshipPage.getByRole('tab', { name: '转介情况' }).click();
      const referrals = townshipPage.getByTestId('case-referrals-table').getByRole('row');
      await showsAfterReloads(townshipPage, referrals, '居家清洁');
      await screenshot(townshipPage, 'delivery-township-referral');
      await expectAccessible(townshipPage, 'the referral of the case');
    });

    // The provider accepts the assignment in its page.
    const staff = await run.tokenOf('provider');
    const offered = await eventually('the assignment offered to the provider', async () =>
      (await call<{ items: Json[] }>('GET', scheduling('/assignments'), staff)).body.items?.find(
        (a) => a.caseId === caseId,
      ),
    );
    const referralId = offered.referralId as string;
    const providerPage = await run.page();
    await journey(providerPage, 'delivery-provider-accept', async () => {
      await signIn(providerPage, DEMO.provider, DEMO_PASSWORD);
      await at(providerPage, '/assignments');
      const row = await shows(providerPage.getByTestId('assignments-offered-table').getByRole('row'), caseNumber);
      await shows(row, '吴秀珍');
      await screenshot(providerPage, 'delivery-provider-offer');
      await expectAccessible(providerPage, 'the offered assignment');
      await row.getByTestId('accept-assignment').click();
      await providerPage.getByTestId('accept-confirm').click();
      await gone(
        providerPage.getByTestId('assignments-offered-table').getByRole('row').filter({ hasText: caseNumber }),
      );
    });

    // The worker, registered and trained; the plan of 8 visits proposed (the provider journey covers the form).
    const workerId = await registerTrainedWorker(scheduling('/workers'), staff, {
      region: 'chizhou',
      itemCodes: ['CZ-QJ-01'],
      name: '刘护理',
      seq: 86,
    });
    const { starts, until, terms } = planOfEightVisits(new Date());
    const proposed = await call<Json>(
      'POST',
      scheduling(`/assignments/${encodeURIComponent(referralId)}/plan`),
      staff,
      {
        ...terms,
        workerId,
      },
    );
    expect(proposed.status).toBe(201);

    // The township approves it in its plan reviews.
    await journey(townshipPage, 'delivery-township-plan', async () => {
      await townshipPage.getByTestId('menu-plan-reviews').click();
      await at(townshipPage, '/plan-reviews');
      const row = await shows(townshipPage.getByTestId('plan-review-table').getByRole('row'), caseNumber);
      // The rule in words: every day at the 8 hours, until the last one.
      await shows(row, `至 ${until}，每次 45 分钟`);
      await screenshot(townshipPage, 'delivery-township-plan-review');
      await expectAccessible(townshipPage, 'the plan awaiting review');
      await row.getByTestId('approve-plan').click();
      await gone(townshipPage.getByTestId('plan-review-table').getByRole('row').filter({ hasText: caseNumber }));
    });
    const visits = await eventually('the plan’s 8 visits', async () => {
      const listed = await call<{ items: Json[] }>(
        'GET',
        scheduling(`/assignments/${encodeURIComponent(referralId)}/visits`),
        staff,
      );
      const planned = (listed.body.items ?? []).filter((v) => v.plan);
      return planned.length >= VISITS ? planned : undefined;
    });
    expect(visits.map((v) => v.scheduledFor).sort()).toEqual(starts.map((s) => s.toISOString()));
    visits.sort((a, b) => String(a.scheduledFor).localeCompare(String(b.scheduledFor)));

    // Each visit: checked in and out on the phone-sized page beside the home; the recipient keys the code the page
    // shows, in the bot (the first 7) or by phone (the last).
    await providerPage.setViewportSize({ width: 390, height: 844 });
    await providerPage.context().grantPermissions(['geolocation']);
    await providerPage.context().setGeolocation(NEAR);
    const codes = new Map<string, string>();
    for (const [i, visit] of visits.entries()) {
      const visitId = visit.visitId as string;
      const first = i === 0;
      await journey(providerPage, `delivery-worker-visit-${i + 1}`, async () => {
        await providerPage.goto(`/visits/${visitId}/check`);
        await at(providerPage, `/visits/${visitId}/check`);
        const check = await shows(providerPage.getByTestId('check-visit-page'), '吴秀珍');
        if (first) {
          await screenshot(providerPage, 'delivery-worker-check-in');
          await expectAccessible(providerPage, 'the check-in page on a phone');
        }
        await providerPage.getByTestId('check-in').click();
        await shows(providerPage.getByTestId('check-out-form'));
        await shows(check, /距住址 \d+ 米/);
        for (const task of TASKS) await providerPage.getByTestId('check-out-tasks').getByText(task).click();
        if (first) {
          await screenshot(providerPage, 'delivery-worker-checked-in');
          await expectAccessible(providerPage, 'the checked-in visit on a phone');
        }
        await providerPage.getByTestId('check-out').click();
        const code = ((await (await shows(providerPage.getByTestId('confirmation-code'))).textContent()) ?? '').trim();
        expect(code).toMatch(/^\d{6}$/);
        codes.set(visitId, code);
        if (first) {
          await screenshot(providerPage, 'delivery-worker-code');
          await expectAccessible(providerPage, 'the one-time code on a phone');
        }
      });
      const code = codes.get(visitId)!;
      // In the bot: the end of the visit comes with its buttons; the resident keys the code.
      const asked = await chat.expect('请输入服务人员告诉您的6位确认码', 60_000);
      expect(asked.buttons.map((b) => b.data)).toContain(`vc:${visitId}`);
      await chat.tap(`vc:${visitId}`);
      await chat.expect('当面告诉您的6位确认码');
      await chat.ask(code, '确认成功');
      await eventually(`visit ${i + 1} verified`, async () => {
        const v = await call<Json>('GET', scheduling(`/visits/${visitId}`), staff);
        return v.body.verification?.state === 'verified' ? true : undefined;
      });
    }

    // The township: every visit verified on the case page; the file counts them; its export.
    const serviceNumber = await eventually('the service number', async () => {
      const files = await call<{ items: { serviceNumber: string }[] }>(
        'GET',
        run.platform.url('assessment', `/files?name=${encodeURIComponent(RESIDENT.name)}`),
        township,
      );
      return files.body.items?.[0]?.serviceNumber;
    });
    expect(serviceNumber).toMatch(/^CZ341702\d{4}\d{6}$/);
    await journey(townshipPage, 'delivery-township-file', async () => {
      await townshipPage.goto(`/cases/${caseId}?tab=visits`);
      await shows(townshipPage.getByTestId('case-number'), caseNumber);
      const rows = townshipPage
        .getByTestId('visit-verification-table')
        .getByRole('row')
        .filter({ hasText: '打扫卫生' });
      await showsAfterReloads(townshipPage, rows.nth(VISITS - 1), '已核验');
      for (let i = 0; i < VISITS; i++) await shows(rows.nth(i), '已核验');
      expect(await rows.count()).toBe(VISITS);
      await screenshot(townshipPage, 'delivery-township-visits-verified');
      await expectAccessible(townshipPage, 'the verified visits of the case');

      await townshipPage.getByTestId('menu-files').click();
      await at(townshipPage, '/files');
      await shows(townshipPage.getByTestId('files-table').getByRole('row'), serviceNumber);
      await townshipPage.getByTestId(`file-${serviceNumber}`).click();
      await at(townshipPage, `/files/${serviceNumber}`);
      await shows(townshipPage.getByTestId('file-service-number'), serviceNumber);
      await showsAfterReloads(
        townshipPage,
        townshipPage.getByTestId('file-cover'),
        `服务记录 ${VISITS} 条，已核实 ${VISITS}，有异议 0，未核实 0`,
      );
      await shows(townshipPage.getByTestId('file-plans'), '打扫卫生');
      const fileVisits = townshipPage.getByTestId('file-visits').getByRole('row').filter({ hasText: '已核实' });
      await shows(fileVisits.nth(VISITS - 1));
      await screenshot(townshipPage, 'delivery-township-person-file');
      await expectAccessible(townshipPage, 'the person file');

      const [download] = await Promise.all([
        townshipPage.waitForEvent('download', { timeout: 120_000 }),
        townshipPage.getByTestId('file-export').click(),
      ]);
      expect(download.suggestedFilename()).toBe(`一人一档-${serviceNumber}.zip`);
      const dir = mkdtempSync(join(tmpdir(), 'service-delivery-'));
      try {
        await download.saveAs(join(dir, 'file.zip'));
        const entries = execFileSync('unzip', ['-Z1', 'file.zip'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
        expect(entries).toContain('档案.pdf');
        execFileSync('unzip', ['-q', 'file.zip', '-d', 'out'], { cwd: dir });
        const pdf = join(dir, 'out', '档案.pdf');
        // Page 1 renders: an A4 page (595.28 × 841.89 pt) at 72 dpi is 596 × 842 pixels.
        execFileSync('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
        const png = readFileSync(join(dir, 'page-1.png'));
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([596, 842]);
        expect(statSync(join(dir, 'page-1.png')).size).toBeGreaterThan(5000);
        const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
        expect(text).toContain(serviceNumber);
        expect(text).toContain(`服务记录 ${VISITS} 条（完成 ${VISITS}，已核实 ${VISITS}，有异议 0，未核实 0）`);
        expect(text).not.toContain(RESIDENT.idNumber);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    // What the pages did is what provider-scheduling holds: 8 visits delivered at home and verified, by the bot.
    const held = (
      await call<{ items: Json[] }>('GET', scheduling(`/assignments/${encodeURIComponent(referralId)}/visits`), staff)
    ).body.items;
    expect(held).toHaveLength(VISITS);
    for (const v of held)
      expect(v).toMatchObject({
        status: 'delivered',
        checkIn: { place: { farFromHome: false } },
        checkOut: { tasksDone: TASKS, tasksNotDone: [] },
        verification: { state: 'verified' },
      });
    const via = held.map((v) => v.verification.via as string).sort();
    expect(via).toEqual(Array(VISITS).fill('telegram'));
    // A long journey on a slow, shared machine: 8 visits in a browser, a bot and a phone.
  }, 900_000);
});

/**
 * Verified delivery in a real Chromium, against intake, assessment, referral and provider-scheduling as processes on
 * the real servers: a referral to the demo provider, a worker and a plan recording the recipient's home (through the
 * services' APIs, as the provider's pages do, which the provider journey covers); then the worker checks in and out
 * of two visits on the phone page, near home (tasks ticked, a photo) and far from home (flagged), and reads the
 * one-time code each time; the provider's calendar list shows where each stands; the township (without a bot) reads
 * the visits' verification on the case page, views the photo and records a signed paper confirmation for one.
 * Each page is saved as a screenshot and passes the accessibility check.
 */
import { call, eventually, residentId } from '../platform';
import { registerTrainedWorker } from '../workers';
import { at, expectAccessible, gone, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, demoAccount, SETUP_MS } from './console-platform';

// intake 4721 … provider-scheduling 4724; the console 4729.
const BASE_PORT = 4721;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers

/** The recipient's home (DEMO, in 池阳街道), a place beside it and one about 1.1 km away. */
const HOME = { lat: 30.656, lng: 117.489 };
const NEAR = { latitude: 30.6562, longitude: 117.4891, accuracy: 15 };
const FAR = { latitude: 30.666, longitude: 117.489, accuracy: 20 };
/** A 1×1 PNG, the photo the worker takes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** China wall-clock parts of a time: the day and the hour and minute. */
function china(at: Date): { day: string; hour: number; minute: number } {
  const s = at.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });
  return { day: s.slice(0, 10), hour: Number(s.slice(11, 13)), minute: Number(s.slice(14, 16)) };
}

describe('verified delivery in the console', () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-verified', BASE_PORT, [
      'intake',
      'assessment',
      'referral',
      'provider-scheduling',
    ]);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  it('checks visits in and out near and far from home, shows the code, and the township records a paper confirmation', async () => {
    const provider = demoAccount('provider');
    const county = await run.tokenOf('county');
    const contract = await call('POST', run.platform.url('referral', '/contracts'), county, {
      providerId: provider.providerId,
      providerName: '池州市阳光社会工作服务中心（演示）',
      region: 'chizhou',
      itemCodes: ['CZ-QJ-01'],
      townships: ['341702001'],
      monthlyCapacity: 50,
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
    });
    expect(contract.status).toBe(201);
    const { caseId, caseNumber } = await run.fileRequest('township', {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '周桂芳', idNumber: residentId('341702', '1942-03-08', 64), phone: '13905664321' },
      address: { township: '341702001', village: '341702001201' },
      declaredGroups: ['tekun'],
      consentToShare: true,
      items: ['CZ-QJ-01'],
      description: '独居，行动不便，需要上门清洁',
    });
    await run.investigateAndDecide('township', caseId, [{ itemCode: 'CZ-QJ-01', approve: true }]);
    const staff = await run.tokenOf('provider');
    const townshipToken = await run.tokenOf('township');
    const scheduling = (path: string) => run.platform.url('provider-scheduling', path);
    const offered = await eventually('the assignment offered to the provider', async () =>
      (await call<{ items: Json[] }>('GET', scheduling('/assignments'), staff)).body.items?.find(
        (a) => a.caseId === caseId,
      ),
    );
    const referralId = encodeURIComponent(offered.referralId as string);
    expect((await call('POST', scheduling(`/assignments/${referralId}/acceptance`), staff, {})).status).toBe(201);
    const workerId = await registerTrainedWorker(scheduling('/workers'), staff, {
      region: 'chizhou',
      itemCodes: ['CZ-QJ-01'],
      name: '张护理',
      seq: 81,
    });
    // The plan: every day at the first five-minute mark ten minutes from now, for 30 minutes, with its tasks and the
    // recipient's home; the township approves it and today's visit is generated.
    const first = new Date(Math.ceil((Date.now() + 10 * 60_000) / 300_000) * 300_000);
    const { day, hour, minute } = china(first);
    const plan = await call<Json>('POST', scheduling(`/assignments/${referralId}/plan`), staff, {
      rrule: `FREQ=DAILY;BYHOUR=${hour};BYMINUTE=${minute}`,
      startDate: day,
      endDate: china(new Date(first.getTime() + 20 * 86_400_000)).day,
      durationMinutes: 30,
      tasks: ['打扫卫生', '清洗衣物'],
      workerId,
      home: HOME,
    });
    expect(plan.status).toBe(201);
    const approved = await call<Json>(
      'POST',
      scheduling(`/assignments/${referralId}/plan/approval`),
      townshipToken,
      {},
    );
    expect(approved.status).toBe(201);
    const planned = (await call<{ items: Json[] }>('GET', scheduling(`/assignments/${referralId}/visits`), staff)).body
      .items;
    const nearVisit = planned.find((v) => v.scheduledFor === first.toISOString());
    expect(nearVisit).toBeDefined();
    // A second visit by hand, after the first, to be checked in far from home.
    const other = await call<Json>('POST', scheduling(`/assignments/${referralId}/visits`), staff, {
      workerId,
      scheduledFor: new Date(first.getTime() + 45 * 60_000).toISOString(),
      durationMinutes: 15,
    });
    expect(other.status).toBe(201);
    const farVisit = other.body;

    const page = await run.page();
    await page.context().grantPermissions(['geolocation']);
    const codes: string[] = [];
    await journey(page, 'provider', async () => {
      await signIn(page, DEMO.provider, DEMO_PASSWORD);

      // Near home: check in, a photo, tick a task, check out; the code shows big.
      await page.context().setGeolocation(NEAR);
      await page.goto(`/visits/${nearVisit!.visitId}/check`);
      await at(page, `/visits/${nearVisit!.visitId}/check`);
      const check = await shows(page.getByTestId('check-visit-page'), '周桂芳');
      await screenshot(page, 'provider-visit-check-in');
      await expectAccessible(page, 'the check-in page');
      await page.getByTestId('check-in').click();
      await shows(page.getByTestId('check-out-form'));
      await shows(check, /距住址 \d+ 米/);
      await page.locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
      await shows(page.locator('.ant-message'), '照片已上传');
      await page.getByTestId('check-out-tasks').getByText('打扫卫生').click();
      await page.getByTestId('check-out-note').fill('打扫了卧室和厨房');
      await screenshot(page, 'provider-visit-checked-in');
      await expectAccessible(page, 'the checked-in visit');
      await page.getByTestId('check-out').click();
      const code = await shows(page.getByTestId('confirmation-code'));
      codes.push((await code.textContent())!.trim());
      await shows(page.getByTestId('confirmation-code-card'), '请当面把确认码告诉服务对象');
      await screenshot(page, 'provider-visit-code');
      await expectAccessible(page, 'the one-time code');

      // Far from home: flagged at check-in and check-out.
      await page.context().setGeolocation(FAR);
      await page.goto(`/visits/${farVisit.visitId}/check`);
      await shows(page.getByTestId('check-visit-page'), '周桂芳');
      await page.getByTestId('check-in').click();
      await shows(page.getByTestId('check-visit-page'), '距住址较远');
      await page.getByTestId('check-out').click();
      codes.push((await (await shows(page.getByTestId('confirmation-code'))).textContent())!.trim());
      await shows(page.getByTestId('visit-verification'), '距住址较远');

      // The calendar's list: both delivered and awaiting their recipient's confirmation, the far one flagged.
      await page.getByRole('link', { name: '返回服务日历' }).click();
      await at(page, '/visits');
      await page.getByTestId('visits-view').getByText('列表').click();
      const rows = page.getByTestId('visits-table').getByRole('row');
      await shows(rows, '待确认');
      await shows(rows.filter({ hasText: '距住址较远' }), '待确认');
      await screenshot(page, 'provider-visits-verification');
      await expectAccessible(page, 'the visits with their verification');
    });
    expect(codes).toHaveLength(2);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);

    // The township, without a bot: the case's visits and their verification; a paper slip for the far one.
    const township = await run.page();
    await journey(township, 'township', async () => {
      await signIn(township, DEMO.township, DEMO_PASSWORD);
      await township.goto(`/cases/${caseId}?tab=visits`);
      await shows(township.getByTestId('case-number'), caseNumber);
      const table = township.getByTestId('visit-verification-table');
      const rows = table.getByRole('row');
      const near = await shows(rows.filter({ hasText: '打扫卫生' }), '待确认');
      await shows(near, '未完成：清洗衣物');
      await near.getByTestId('visit-photo').click();
      await shows(township.getByTestId('visit-photo-viewer').locator('img'));
      await township
        .getByTestId('visit-photo-viewer')
        .getByRole('button', { name: /close|关闭/i })
        .click();
      await gone(township.getByTestId('visit-photo-viewer'));
      const far = await shows(rows.filter({ hasText: '距住址较远' }), '待确认');
      await screenshot(township, 'township-visit-verification');
      await expectAccessible(township, 'the visit verification');
      await far.getByTestId('paper-confirmation').click();
      await shows(township.getByTestId('paper-confirmation-form'));
      await township.getByTestId('paper-confirmation-reason').fill('服务确认单，本人签字按手印，编号 2026-0017');
      await township.getByTestId('paper-confirmation-submit').click();
      await gone(township.getByTestId('paper-confirmation-form'));
      const verified = await shows(rows.filter({ hasText: '距住址较远' }), '已核验');
      await shows(verified, '凭签字的纸质确认单');
      await screenshot(township, 'township-visit-paper-confirmed');
      await expectAccessible(township, 'the paper confirmation recorded');
    });

    // What the pages did is what provider-scheduling holds.
    const visits = (
      await call<{ items: Json[] }>('GET', scheduling(`/assignments/${referralId}/visits`), townshipToken)
    ).body.items;
    const byId = new Map(visits.map((v) => [v.visitId, v]));
    expect(byId.get(nearVisit!.visitId)).toMatchObject({
      status: 'delivered',
      checkIn: { place: { farFromHome: false } },
      checkOut: { tasksDone: ['打扫卫生'], tasksNotDone: ['清洗衣物'] },
      delivery: { note: '打扫了卧室和厨房' },
      photos: [{ contentType: 'image/png' }],
      verification: { state: 'awaiting' },
    });
    expect(byId.get(farVisit.visitId)).toMatchObject({
      checkIn: { place: { farFromHome: true } },
      verification: { state: 'verified', reason: 'paper_confirmed', via: 'township' },
    });
    for (const v of visits) expect(v).not.toHaveProperty('codeDigest');
  });
});

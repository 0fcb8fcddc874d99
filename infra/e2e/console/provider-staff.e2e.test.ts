/**
 * The provider staff's journey in a real Chromium, against intake, assessment, referral, provider-scheduling and
 * settlement as processes on the real servers: the county's contract with the demo provider and a township decision
 * (both through the services' APIs) refer home cleaning to the provider; its staff accepts the assignment, schedules
 * a worker's visit and records it as delivered. Each main page of the role is saved as a screenshot and passes the
 * accessibility check.
 */
import { call, eventually, residentId } from '../platform';
import { at, expectAccessible, gone, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, demoAccount, SETUP_MS } from './console-platform';

// intake 4431 … settlement 4435; the console 4439.
const BASE_PORT = 4431;

/** A time as the page shows and takes it (China time, minutes): `2026-03-04 09:05`, rounded down to 5 minutes. */
function chinaTime(at: Date): string {
  const rounded = new Date(Math.floor(at.getTime() / 300_000) * 300_000);
  return rounded.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
}

describe("the provider staff's console", () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-provider', BASE_PORT, [
      'intake',
      'assessment',
      'referral',
      'provider-scheduling',
      'settlement',
    ]);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  it('accepts an assignment, schedules a visit and records it', async () => {
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
      applicant: { name: '陈玉兰', idNumber: residentId('341702', '1944-12-01', 52), phone: '13905664567' },
      address: { township: '341702001', village: '341702001201' },
      declaredGroups: ['tekun'],
      consentToShare: true,
      items: ['CZ-QJ-01'],
      description: '独居，打扫不动，需要上门清洁',
    });
    await run.investigateAndDecide('township', caseId, [{ itemCode: 'CZ-QJ-01', approve: true }]);
    const staff = await run.tokenOf('provider');
    const assignments = async () =>
      (
        await call<{ items: { referralId: string; caseId: string; status: string; offeredAt: string }[] }>(
          'GET',
          run.platform.url('provider-scheduling', '/assignments'),
          staff,
        )
      ).body.items?.find((a) => a.caseId === caseId);
    const offered = await eventually('the assignment offered to the provider', assignments);
    expect(offered.status).toBe('offered');

    const page = await run.page();
    // A worker's visit in the first whole minute after the referral reached the provider (none can be planned
    // before it), already past when it is recorded.
    const visitMinute = Math.ceil((Date.parse(offered.offeredAt) + 1) / 60_000) * 60_000;
    const visitAt = chinaTime(new Date(visitMinute));
    await journey(page, 'provider', async () => {
      await signIn(page, DEMO.provider, DEMO_PASSWORD);
      // The provider's home: the assignments, on the offers to answer.
      await at(page, '/assignments');
      const row = await shows(page.getByTestId('assignments-offered-table').getByRole('row'), caseNumber);
      await shows(row, '陈玉兰');
      await screenshot(page, 'provider-assignments');
      await expectAccessible(page, 'the assignments');

      await row.getByTestId('accept-assignment').click();
      await page.getByTestId('accept-confirm').click();
      await gone(page.getByTestId('assignments-offered-table').getByRole('row').filter({ hasText: caseNumber }));
      await page
        .getByTestId('assignments-tabs')
        .getByRole('tab', { name: /服务中/ })
        .click();
      const accepted = await shows(page.getByTestId('assignments-accepted-table').getByRole('row'), caseNumber);

      // The worker's visit (done, to be recorded), once its minute has passed.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, visitMinute + 1_000 - Date.now())));
      await accepted.getByTestId('schedule-visit').click();
      const schedule = await shows(page.getByTestId('schedule-visit-form'));
      await page.getByTestId('schedule-visit-worker').fill('worker-07');
      await schedule.getByTestId('schedule-visit-time').click();
      await page.keyboard.type(visitAt);
      await page.keyboard.press('Enter');
      await page.getByTestId('schedule-visit-submit').click();
      await gone(page.getByTestId('schedule-visit-form'));

      // The visit, recorded from the assignment's details.
      await accepted.getByTestId('assignment-detail').click();
      const visits = page.getByTestId('assignment-visits-table').getByRole('row');
      const visit = await shows(visits, 'worker-07');
      await shows(visit, visitAt);
      // Its time has passed without a record: late until recorded.
      await shows(visit, '逾期未登记');
      await visit.getByTestId('record-delivery').click();
      await shows(page.getByTestId('record-delivery-form'));
      await page.getByTestId('record-delivery-note').fill('完成厨房与卧室清洁');
      await page.getByTestId('record-delivery-submit').click();
      await gone(page.getByTestId('record-delivery-form'));
      const delivered = await shows(visits.filter({ hasText: 'worker-07' }), '已服务');
      await shows(delivered, '完成厨房与卧室清洁');
      await screenshot(page, 'provider-assignment-visits');
      await expectAccessible(page, 'the assignment and its visits');
      await page.keyboard.press('Escape');
      await gone(page.getByTestId('assignment-drawer'));

      await page.getByTestId('menu-visits').click();
      await at(page, '/visits');
      await shows(page.getByTestId('visits-calendar'));
      await screenshot(page, 'provider-visits');
      await expectAccessible(page, 'the visit calendar');

      await page.getByTestId('menu-workers').click();
      await at(page, '/workers');
      await shows(page.getByTestId('workers-table'), 'worker-07');
      await screenshot(page, 'provider-workers');
      await expectAccessible(page, 'the workers');

      await page.getByTestId('menu-statements').click();
      await at(page, '/statements');
      await shows(page.getByTestId('statement-filters'));
      await screenshot(page, 'provider-statements');
      await expectAccessible(page, 'the statements');
    });

    // What the page did is what provider-scheduling holds: accepted, one delivered visit.
    expect((await assignments())?.status).toBe('accepted');
    const recorded = await call<{ items: { status: string; workerId: string; delivery?: { note?: string } }[] }>(
      'GET',
      run.platform.url('provider-scheduling', `/assignments/${encodeURIComponent(offered.referralId)}/visits`),
      staff,
    );
    expect(recorded.body.items).toEqual([
      expect.objectContaining({
        status: 'delivered',
        workerId: 'worker-07',
        delivery: expect.objectContaining({ note: '完成厨房与卧室清洁' }),
      }),
    ]);
  });
});

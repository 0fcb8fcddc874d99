/**
 * The provider staff's journey in a real Chromium, against intake, assessment, referral, provider-scheduling and
 * settlement as processes on the real servers: the county's contract with the demo provider and a township decision
 * (both through the services' APIs) refer home cleaning to the provider; its staff accepts the assignment, registers
 * a trained worker, schedules the worker's visit and records it as delivered, proposes a service plan (every day at
 * 10:00) that the township approves in its own page, sees the plan's visits appear, and is refused a double booking
 * of the worker. Each main page of the role is saved as a screenshot and passes the accessibility check.
 */
import { call, eventually, residentId } from '../platform';
import { at, choose, expectAccessible, gone, journey, pick, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, demoAccount, SETUP_MS } from './console-platform';

// intake 4431 … settlement 4435; the console 4439.
const BASE_PORT = 4431;

/** A time as the page shows and takes it (China time, minutes): `2026-03-04 09:05`, rounded down to 5 minutes. */
function chinaTime(at: Date): string {
  const rounded = new Date(Math.floor(at.getTime() / 300_000) * 300_000);
  return rounded.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
}

/** The China date `days` after today: `2026-03-05`. */
function chinaDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 10);
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
    // The home investigation finds her unable to look after herself (Barthel 35, the investigation's default) with
    // nobody to care for her: home cleaning goes to a contracted provider (policy/chizhou.yaml deliveryModes: purchased).
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
    // A worker's visit at the first five-minute mark after the referral reached the provider (none can be planned
    // before it; the time picker steps by five minutes), recorded as delivered now.
    const visitMinute = Math.ceil((Date.parse(offered.offeredAt) + 1) / 300_000) * 300_000;
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
      await shows(page.getByTestId('assignments-accepted-table').getByRole('row'), caseNumber);

      // A worker serves only once registered on the platform and trained: register one, with the training.
      await page.getByTestId('menu-workers').click();
      await at(page, '/workers');
      await page.getByTestId('register-worker').click();
      const register = await shows(page.getByTestId('register-worker-form'));
      await register.getByTestId('worker-name').fill('李护理');
      await register.getByTestId('worker-id-number').fill(residentId('341702', '1980-05-06', 71));
      await register.getByTestId('worker-phone').fill('13905660071');
      await register.getByTestId('worker-qualifications').fill('养老护理员（初级）');
      await choose(page, register.getByTestId('worker-items'), '居家清洁');
      await page.keyboard.press('Escape');
      await register.getByTestId('training-course-0').fill('服务规范与安全');
      await register.getByTestId('training-date-0').click();
      await page.keyboard.type('2026-01-05');
      await page.keyboard.press('Enter');
      await register.getByTestId('training-hours-0').fill('8');
      await page.getByTestId('register-worker-submit').click();
      await gone(page.getByTestId('register-worker-form'));
      const registered = await shows(page.getByTestId('registered-workers-table').getByRole('row'), '李护理');
      // The ID number is masked on the page (first 3 and last 2 characters).
      await shows(registered, /341\*{13}\d[\dX]/);
      await shows(registered, '服务规范与安全');
      await screenshot(page, 'provider-workers-register');
      await expectAccessible(page, 'the registered workers');

      await page.getByTestId('menu-assignments').click();
      await at(page, '/assignments');
      await page
        .getByTestId('assignments-tabs')
        .getByRole('tab', { name: /服务中/ })
        .click();
      const accepted = await shows(page.getByTestId('assignments-accepted-table').getByRole('row'), caseNumber);

      // The worker's visit, to be recorded.
      await accepted.getByTestId('schedule-visit').click();
      const schedule = await shows(page.getByTestId('schedule-visit-form'));
      await choose(page, schedule.getByTestId('schedule-visit-worker'), '李护理');
      await schedule.getByTestId('schedule-visit-duration').fill('15');
      await schedule.getByTestId('schedule-visit-time').click();
      await page.keyboard.type(visitAt);
      await page.keyboard.press('Enter');
      await page.getByTestId('schedule-visit-submit').click();
      await gone(page.getByTestId('schedule-visit-form'));

      // The visit, recorded from the assignment's details.
      await accepted.getByTestId('assignment-detail').click();
      const visits = page.getByTestId('assignment-visits-table').getByRole('row');
      const visit = await shows(visits, '李护理');
      await shows(visit, visitAt);
      // The form records whole minutes: recorded in the referral's own minute it would read as before the referral.
      const nextMinute = Math.ceil((Date.parse(offered.offeredAt) + 1) / 60_000) * 60_000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextMinute + 1_000 - Date.now())));
      await visit.getByTestId('record-delivery').click();
      await shows(page.getByTestId('record-delivery-form'));
      await page.getByTestId('record-delivery-note').fill('完成厨房与卧室清洁');
      await page.getByTestId('record-delivery-submit').click();
      await gone(page.getByTestId('record-delivery-form'));
      // Its recipient confirms a visit recorded afterwards too: the one-time code is shown once, to pass on.
      await shows(page.getByTestId('confirmation-code'));
      await page.getByTestId('recorded-code-ok').click();
      await gone(page.getByTestId('confirmation-code'));
      const delivered = await shows(visits.filter({ hasText: '李护理' }), '已服务');
      await shows(delivered, '完成厨房与卧室清洁');
      await screenshot(page, 'provider-assignment-visits');
      await expectAccessible(page, 'the assignment and its visits');

      // The service plan (服务方案): every day at 10:00 for an hour, from tomorrow for three weeks.
      await page.getByTestId('plan-edit').click();
      const plan = await shows(page.getByTestId('plan-form'));
      await pick(plan.getByTestId('plan-freq'), '每天');
      await plan.getByTestId('plan-time').click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('10:00');
      await page.keyboard.press('Enter');
      await plan.getByTestId('plan-start').click();
      await page.keyboard.type(chinaDay(1));
      await page.keyboard.press('Enter');
      await plan.getByTestId('plan-end').click();
      await page.keyboard.type(chinaDay(21));
      await page.keyboard.press('Enter');
      await plan.getByTestId('plan-tasks').fill('打扫卫生\n测量血压');
      await choose(page, plan.getByTestId('plan-worker'), '李护理');
      // The picker writes the RRULE and says it in Chinese.
      await shows(plan.getByTestId('plan-preview'), '每天 10:00，每次 60 分钟');
      await shows(plan.getByTestId('plan-preview'), 'FREQ=DAILY;BYHOUR=10;BYMINUTE=0');
      await screenshot(page, 'provider-plan-form');
      await expectAccessible(page, 'the service plan form');
      await page.getByTestId('plan-submit').click();
      await gone(page.getByTestId('plan-form'));
      await shows(page.getByTestId('plan-status'), '待审核');
      await page.keyboard.press('Escape');
      await gone(page.getByTestId('assignment-drawer'));

      // The township approves the plan in its own page.
      const townshipPage = await run.page();
      await journey(townshipPage, 'township-plan-review', async () => {
        await signIn(townshipPage, DEMO.township, DEMO_PASSWORD);
        await townshipPage.getByTestId('menu-plan-reviews').click();
        await at(townshipPage, '/plan-reviews');
        const proposed = await shows(townshipPage.getByTestId('plan-review-table').getByRole('row'), caseNumber);
        await shows(proposed, '每天 10:00，每次 60 分钟');
        // The provider by its name (from the region's directory), not its id.
        await shows(proposed, '池州市阳光社会工作服务中心（演示）');
        await screenshot(townshipPage, 'township-plan-review');
        await expectAccessible(townshipPage, 'the plans awaiting review');
        await proposed.getByTestId('approve-plan').click();
        await gone(townshipPage.getByTestId('plan-review-table').getByRole('row').filter({ hasText: caseNumber }));
      });

      // The plan's visits appear, each with the worker.
      await page.reload();
      await page
        .getByTestId('assignments-tabs')
        .getByRole('tab', { name: /服务中/ })
        .click();
      await (
        await shows(page.getByTestId('assignments-accepted-table').getByRole('row'), caseNumber)
      )
        .getByTestId('assignment-detail')
        .click();
      await shows(page.getByTestId('plan-status'), '已批准');
      await shows(page.getByTestId('assignment-visits-table').getByRole('row'), `${chinaDay(1)} 10:00`);
      await screenshot(page, 'provider-plan-visits');
      await expectAccessible(page, 'the approved plan and its visits');

      // The same worker at 10:30 tomorrow, in the middle of a planned visit: refused, naming the clash.
      await page.getByTestId('drawer-schedule-visit').click();
      const clash = await shows(page.getByTestId('schedule-visit-form'));
      await choose(page, clash.getByTestId('schedule-visit-worker'), '李护理');
      await clash.getByTestId('schedule-visit-time').click();
      await page.keyboard.type(`${chinaDay(1)} 10:30`);
      await page.keyboard.press('Enter');
      await page.getByTestId('schedule-visit-submit').click();
      await shows(clash.getByRole('alert'), `${chinaDay(1)} 10:00–11:00 已有上门服务`);
      await shows(clash.getByRole('alert'), '时间冲突');
      await screenshot(page, 'provider-double-booking');
      await expectAccessible(page, 'the refused double booking');
      await page.keyboard.press('Escape');
      await gone(page.getByTestId('schedule-visit-form'));
      await page.keyboard.press('Escape');
      await gone(page.getByTestId('assignment-drawer'));

      await page.getByTestId('menu-visits').click();
      await at(page, '/visits');
      await shows(page.getByTestId('visits-calendar'));
      await screenshot(page, 'provider-visits');
      await expectAccessible(page, 'the visit calendar');

      await page.getByTestId('menu-workers').click();
      await at(page, '/workers');
      await shows(page.getByTestId('workers-table'), '李护理');
      await screenshot(page, 'provider-workers');
      await expectAccessible(page, 'the workers');

      await page.getByTestId('menu-statements').click();
      await at(page, '/statements');
      await shows(page.getByTestId('statement-filters'));
      await screenshot(page, 'provider-statements');
      await expectAccessible(page, 'the statements');
    });

    // What the pages did is what provider-scheduling holds: accepted, one delivered visit by the registered
    // worker, and the approved plan's visits (every day at 10:00 in the coming 14 days), none double-booked.
    expect((await assignments())?.status).toBe('accepted');
    const recorded = await call<{
      items: { status: string; workerId: string; scheduledFor: string; plan?: object; delivery?: { note?: string } }[];
    }>(
      'GET',
      run.platform.url('provider-scheduling', `/assignments/${encodeURIComponent(offered.referralId)}/visits`),
      staff,
    );
    const workerId = recorded.body.items[0]?.workerId;
    expect(workerId).toMatch(/^wk_/);
    expect(recorded.body.items.filter((v) => !v.plan)).toEqual([
      expect.objectContaining({
        status: 'delivered',
        workerId,
        delivery: expect.objectContaining({ note: '完成厨房与卧室清洁' }),
      }),
    ]);
    const planned = recorded.body.items.filter((v) => v.plan);
    expect(planned.length).toBeGreaterThanOrEqual(13);
    for (const v of planned) expect(v).toMatchObject({ status: 'scheduled', workerId });
    expect(planned[0]!.scheduledFor).toBe(new Date(`${chinaDay(1)}T10:00:00+08:00`).toISOString());
  });
});

/**
 * The department staff's journey in a real Chromium, against intake, assessment and referral as processes on the
 * real servers: a township decision (made through the services' APIs) refers a home health check to the health
 * department; its staff finds it in the referral inbox, receives it and accepts it, and it moves to the referrals in
 * service. The inbox, the referral's details and the webhook subscriptions are saved as screenshots and pass the
 * accessibility check.
 */
import { call, eventually, residentId } from '../platform';
import { at, confirmPopup, expectAccessible, gone, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// intake 4421, assessment 4422, referral 4423; the console 4429.
const BASE_PORT = 4421;

describe("the department staff's console", () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-department', BASE_PORT, ['intake', 'assessment', 'referral']);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  it('receives and accepts a referral from the inbox', async () => {
    const { caseId, caseNumber } = await run.fileRequest('township', {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '李桂芳', idNumber: residentId('341702', '1946-05-20', 31), phone: '13905662345' },
      address: { township: '341702001', village: '341702001201' },
      declaredGroups: ['tekun'],
      consentToShare: true,
      items: ['CZ-JK-01'],
      description: '高血压，独居，需要上门健康监测',
    });
    await run.investigateAndDecide('township', caseId, [{ itemCode: 'CZ-JK-01', approve: true }]);
    const township = await run.tokenOf('township');
    const referralOf = async () =>
      (
        await call<{ items: { referralId: string; status: string; route?: { departmentCode?: string } }[] }>(
          'GET',
          run.platform.url('referral', `/referrals?caseId=${caseId}`),
          township,
        )
      ).body.items?.[0];
    const sent = await eventually('the referral to the health department', async () => {
      const r = await referralOf();
      return r?.status === 'requested' ? r : undefined;
    });
    expect(sent.route?.departmentCode).toBe('health');

    const page = await run.page();
    await journey(page, 'department', async () => {
      await signIn(page, DEMO.department, DEMO_PASSWORD);
      // The department's home: the inbox, on the referrals to answer.
      await at(page, '/referrals');
      const answer = page.getByTestId('referral-inbox-answer-table').getByRole('row');
      const row = await shows(answer, caseNumber);
      await shows(row, '上门健康监测');
      await shows(row, '已派单');
      await screenshot(page, 'department-referrals');
      await expectAccessible(page, 'the referral inbox');

      await row.getByTestId('referral-receipt').click();
      await confirmPopup(page);
      await shows(answer.filter({ hasText: caseNumber }), '已签收');
      await answer.filter({ hasText: caseNumber }).getByTestId('referral-accept').click();
      await confirmPopup(page);
      // Accepted: no longer waiting for an answer, now among the referrals in service.
      await gone(answer.filter({ hasText: caseNumber }));
      await page
        .getByTestId('referral-inbox-tabs')
        .getByRole('tab', { name: /服务中/ })
        .click();
      const serving = await shows(page.getByTestId('referral-inbox-serving-table').getByRole('row'), caseNumber);
      await shows(serving, '已接单');

      await serving.getByTestId('referral-open').click();
      const drawer = await shows(page.getByTestId('referral-detail'), caseNumber);
      await shows(drawer, '李桂芳');
      await screenshot(page, 'department-referral-detail');
      await expectAccessible(page, 'the referral details');
      await page.keyboard.press('Escape');
      await gone(page.getByTestId('referral-detail'));

      await page.getByTestId('menu-webhooks').click();
      await at(page, '/webhooks');
      await shows(page.getByTestId('webhook-subscriptions-table'));
      await screenshot(page, 'department-webhooks');
      await expectAccessible(page, 'the webhook subscriptions');
    });

    // What the page did is what the referral service holds.
    expect((await referralOf())?.status).toBe('accepted');
  });
});

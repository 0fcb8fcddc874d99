/**
 * The department staff's journey in a real Chromium, against intake, assessment and referral as processes on the
 * real servers: a township decision (made through the services' APIs) refers a home health check to the health
 * department; its staff finds it in the referral inbox, receives it and accepts it, and it moves to the referrals in
 * service. The referral's details show the contact the resident consented to share (issue 15); a second referral,
 * sent on the township's override without consent, says the resident did not agree. A webhook subscription of
 * version 2 made on the subscriptions page receives the contact with the consented referral only. The inbox, the
 * referral's details and the webhook subscriptions are saved as screenshots and pass the accessibility check.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../../services/referral/src/domain/webhooks/signature';
import { call, eventually, residentId } from '../platform';
import { at, confirmPopup, expectAccessible, gone, journey, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

/** The health department's own system: receives signed CloudEvents, keeps those whose signature holds. */
class Receiver {
  secret = '';
  events: { type: string; partitionkey: string; data: Record<string, unknown> }[] = [];
  private server: Server | undefined;
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const ok = verifyWebhook(
          this.secret,
          {
            id: String(req.headers['webhook-id']),
            timestamp: String(req.headers['webhook-timestamp']),
            signature: String(req.headers['webhook-signature']),
          },
          body,
        );
        if (ok) this.events.push(JSON.parse(body));
        res.writeHead(ok ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/carelink`;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

// intake 4421, assessment 4422, referral 4423; the console 4429.
const BASE_PORT = 4421;

describe("the department staff's console", () => {
  let run: ConsoleRun;
  const receiver = new Receiver();

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-department', BASE_PORT, ['intake', 'assessment', 'referral']);
  }, SETUP_MS);

  afterAll(async () => {
    await receiver.stop();
    await run?.stop();
  });

  it('receives and accepts a referral from the inbox', async () => {
    const { caseId, caseNumber } = await run.fileRequest('township', {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '李桂芳', idNumber: residentId('341702', '1946-05-20', 31), phone: '13905662345' },
      address: { township: '341702001', village: '341702001201', detail: '杏花路8号' },
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

    // A second resident did not agree to share their data: the township sends the referral on its override.
    const unshared = await run.fileRequest('township', {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '赵德顺', idNumber: residentId('341702', '1941-08-12', 53), phone: '13905667777' },
      address: { township: '341702001', village: '341702001201', detail: '杏花路10号' },
      declaredGroups: ['tekun'],
      consentToShare: false,
      items: ['CZ-JK-01'],
    });
    await run.investigateAndDecide('township', unshared.caseId, [{ itemCode: 'CZ-JK-01', approve: true }]);
    const waiting = await eventually('the referral awaiting consent', async () => {
      const r = (
        await call<{ items: { referralId: string; status: string }[] }>(
          'GET',
          run.platform.url('referral', `/referrals?caseId=${unshared.caseId}`),
          township,
        )
      ).body.items?.[0];
      return r?.status === 'awaiting_consent' ? r : undefined;
    });
    const overridden = await call(
      'POST',
      run.platform.url('referral', `/referrals/${encodeURIComponent(waiting.referralId)}/consent-override`),
      township,
      { reason: '独居高龄老人血压控制差，需卫健部门尽快上门' },
    );
    expect(overridden.status).toBe(201);

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
      // The contact the resident consented to share: the phone staff took at the window, the address in words.
      const contact = await shows(page.getByTestId('referral-contact'), '联系方式');
      await shows(contact.getByTestId('referral-contact-phone'), '13905662345');
      await shows(contact.getByTestId('referral-contact-address'), /贵池区.+杏花路8号/);
      await screenshot(page, 'department-referral-detail');
      await expectAccessible(page, 'the referral details');
      await page.keyboard.press('Escape');
      await gone(page.getByTestId('referral-detail'));

      // The referral sent on the township's override: no contact, and the inbox says why.
      await page
        .getByTestId('referral-inbox-tabs')
        .getByRole('tab', { name: /待签收接单/ })
        .click();
      const other = await shows(page.getByTestId('referral-inbox-answer-table').getByRole('row'), unshared.caseNumber);
      await shows(other, '乡镇依规转介');
      await other.getByTestId('referral-open').click();
      await shows(page.getByTestId('referral-detail'), unshared.caseNumber);
      await shows(page.getByTestId('referral-contact-not_consented'), '居民未同意共享联系方式');
      expect(await page.getByTestId('referral-contact').innerText()).not.toContain('13905667777');
      await screenshot(page, 'department-referral-no-contact');
      await expectAccessible(page, 'a referral without consent to share the contact');
      await page.keyboard.press('Escape');
      await gone(page.getByTestId('referral-detail'));

      // A subscription of version 2: the department's system receives the contact with the consented referral.
      await page.getByTestId('menu-webhooks').click();
      await at(page, '/webhooks');
      await shows(page.getByTestId('webhook-subscriptions-table'));
      await page.getByTestId('webhook-create').click();
      const form = await shows(page.getByTestId('webhook-create-form'));
      await form.getByTestId('webhook-endpoint').fill(await receiver.start());
      await form.getByTestId('webhook-description').fill('卫健业务系统（含联系方式）');
      await form.getByRole('radio', { name: /^第2版/ }).check();
      await page.getByTestId('webhook-create-submit').click();
      receiver.secret = (await (await shows(page.getByTestId('webhook-secret'))).innerText()).trim();
      expect(receiver.secret).toMatch(/^whsec_/);
      await page.getByRole('button', { name: '已复制保存' }).click();
      const subscription = await shows(
        page.getByTestId('webhook-subscriptions-table').getByRole('row'),
        '卫健业务系统（含联系方式）',
      );
      await shows(subscription.getByTestId('webhook-version-tag'), '第2版');
      await screenshot(page, 'department-webhooks');
      await expectAccessible(page, 'the webhook subscriptions');
    });

    // Replayed to the new subscription (version 2): the contact travels with the consented referral only.
    const health = await run.tokenOf('department');
    const subscriptions = await call<{ items: { subscriptionId: string; version?: number }[] }>(
      'GET',
      run.platform.url('referral', '/webhook-subscriptions'),
      health,
    );
    const v2 = subscriptions.body.items.find((x) => x.version === 2)!;
    const replay = await call(
      'POST',
      run.platform.url('referral', `/webhook-subscriptions/${v2.subscriptionId}/replay`),
      health,
      { since: new Date(Date.now() - 3600_000).toISOString() },
    );
    expect(replay.status).toBe(201);
    const createdFor = (caseId: string) =>
      receiver.events.find((e) => e.partitionkey === caseId && e.type === 'referral.created.v2');
    const shared = await eventually('the consented referral at the department’s system', async () =>
      createdFor(caseId),
    );
    expect(shared.data.contact).toMatchObject({
      name: '李桂芳',
      phone: { number: '13905662345', confirmed: true },
      address: { township: '341702001', detail: '杏花路8号' },
    });
    const withheld = await eventually('the overridden referral at the department’s system', async () =>
      createdFor(unshared.caseId),
    );
    expect(withheld.data).not.toHaveProperty('contact');
    expect(JSON.stringify(receiver.events)).not.toContain('13905667777');

    // What the page did is what the referral service holds.
    expect((await referralOf())?.status).toBe('accepted');
  });
});

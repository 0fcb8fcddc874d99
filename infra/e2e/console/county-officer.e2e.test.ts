/**
 * The county officer's journey in a real Chromium, against the six services as processes on the real servers, in
 * Changji, whose policy pack has the county approve what the township decided: a request investigated and decided
 * by the township (through the services' APIs) waits in the county's approvals; the officer opens it from there and
 * approves it, and the case is decided. Then the dashboard shows the county's figures. Each main page of the role is
 * saved as a screenshot and passes the accessibility check.
 */
import { call, residentId } from '../platform';
import { at, confirmPopup, expectAccessible, gone, journey, pick, screenshot, settled, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// intake 4451 … complaints 4456; the console 4459.
const BASE_PORT = 4451;

describe("the county officer's console", () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-county', BASE_PORT, [
      'intake',
      'assessment',
      'referral',
      'provider-scheduling',
      'settlement',
      'complaints',
    ]);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  it('approves what the township decided, then reads the dashboard', async () => {
    const { caseId, caseNumber } = await run.fileRequest('changjiTownship', {
      region: 'changji',
      channel: 'window',
      applicant: { name: '马秀兰', idNumber: residentId('652301', '1945-06-01', 61), phone: '13909941234' },
      address: { township: '652301101', village: '652301101201' },
      declaredGroups: ['dibao'],
      declaredConditions: ['elderly'],
      consentToShare: true,
      items: ['CJ-SH-04', 'CJ-ZH-02'],
      description: '年老独居，需要家政助洁和健康管理',
    });
    await run.investigateAndDecide('changjiTownship', caseId, [
      { itemCode: 'CJ-SH-04', approve: true },
      { itemCode: 'CJ-ZH-02', approve: true },
    ]);
    const county = await run.tokenOf('changjiCounty');
    const waiting = await call<{ status: string }>('GET', run.platform.url('assessment', `/cases/${caseId}`), county);
    expect(waiting.body.status).toBe('awaiting_county');

    const page = await run.page();
    await journey(page, 'county', async () => {
      await signIn(page, DEMO.changjiCounty, DEMO_PASSWORD);
      // The county's home: approvals, on the cases waiting for the county.
      await at(page, '/approvals');
      const row = await shows(page.getByTestId('approvals-county-table').getByRole('row'), caseNumber);
      await shows(row, '马秀兰');
      await screenshot(page, 'county-approvals');
      await expectAccessible(page, 'the approvals');

      await row.getByTestId('approval-open-case').click();
      await at(page, `/cases/${caseId}`);
      await shows(page.getByTestId('case-status'), '待县级审批');
      await shows(page.getByTestId('decision-history'), '乡镇(街道)审核');
      const form = await shows(page.getByTestId('decision-form'));
      for (const code of ['CJ-SH-04', 'CJ-ZH-02']) await pick(form.getByTestId(`decision-${code}`), '同意');
      await screenshot(page, 'county-case-approval');
      await expectAccessible(page, 'the county approval form');
      await page.getByTestId('decision-submit').click();
      await confirmPopup(page);
      await shows(page.getByTestId('case-status'), '已审核');
      const history = await shows(page.getByTestId('decision-history'), '县级审批');
      expect(await history.getByRole('row').filter({ hasText: '县级审批' }).count()).toBe(2);

      // No longer waiting for the county.
      await page.getByTestId('menu-approvals').click();
      await at(page, '/approvals');
      await settled(page);
      // The list may show what it held before while it reads again: the case leaves it once read.
      await gone(page.getByTestId('approvals-county-table').getByText(caseNumber));

      await page.getByTestId('menu-dashboard').click();
      await at(page, '/dashboard');
      // This run's one request: registered, decided and approved (the run has a database of its own).
      const kpis = await shows(page.getByTestId('dashboard-kpis'));
      await shows(kpis.getByTestId('kpi-requests'), /^申请总数\s*1$/);
      await shows(kpis.getByTestId('kpi-decided'), /^已审结\s*1$/);
      await shows(kpis.getByTestId('kpi-approved'), /^批准\s*1$/);
      // … by channel and by township (ECharts draws on a canvas).
      await shows(page.getByTestId('chart-requests-by-channel').locator('canvas'));
      await shows(page.getByTestId('chart-requests-by-township').locator('canvas'));
      await screenshot(page, 'county-dashboard');
      await expectAccessible(page, 'the dashboard');

      for (const [menu, testId, name] of [
        ['contracts', 'contracts-table', 'county-contracts'],
        ['providers', 'providers-tabs', 'county-providers'],
        ['statements', 'statement-filters', 'county-statements'],
        ['spot-checks', 'spot-check-filters', 'county-spot-checks'],
        ['audit', 'audit-tabs', 'county-audit'],
        ['accounts', 'accounts-table', 'county-accounts'],
      ] as const) {
        await page.getByTestId(`menu-${menu}`).click();
        await at(page, `/${menu}`);
        await shows(page.getByTestId(testId));
        await screenshot(page, name);
        await expectAccessible(page, `the ${menu} page`);
      }
    });

    const decided = await call<{ status: string }>('GET', run.platform.url('assessment', `/cases/${caseId}`), county);
    expect(decided.body.status).toBe('decided');
  });
});

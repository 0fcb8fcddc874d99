/**
 * The township caseworker's journey in a real Chromium, against intake, assessment, referral and complaints as
 * processes on the real servers: a request registered at the window (through intake's API, as the other end-to-end
 * tests file them) appears in the worklist; the caseworker opens the case, assigns the two-person team, fills the
 * investigation form (the Barthel total follows each item as it is scored; who looks after the person and the
 * illnesses that rule out collective care, shown as recorded), reads the rule-by-rule eligibility
 * explanation and records the decision; the case moves on (decided, its items referred). Each main page of the role
 * is saved as a screenshot and passes the accessibility check.
 */
import { residentId } from '../platform';
import {
  at,
  choose,
  confirmPopup,
  expectAccessible,
  journey,
  pick,
  screenshot,
  settled,
  shows,
  showsAfterReloads,
  signIn,
} from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, demoAccount, SETUP_MS } from './console-platform';

// intake 4411, assessment 4412, referral 4413, complaints 4416; the console 4419.
const BASE_PORT = 4411;

/** The scores the team gives, item by item, in the form's order (total 60: moderate dependency). */
const BARTHEL: [string, number][] = [
  ['feeding', 5],
  ['bathing', 0],
  ['grooming', 5],
  ['dressing', 5],
  ['bowels', 10],
  ['bladder', 10],
  ['toiletUse', 5],
  ['transfers', 10],
  ['mobility', 10],
  ['stairs', 0],
];

describe("the township caseworker's console", () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-township', BASE_PORT, ['intake', 'assessment', 'referral', 'complaints']);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  it('takes a new request through the investigation and the decision', async () => {
    const { caseId, caseNumber } = await run.fileRequest('township', {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '王秀英', idNumber: residentId('341702', '1948-03-15', 22), phone: '13905661234' },
      address: { township: '341702001', village: '341702001201' },
      declaredGroups: ['tekun'],
      consentToShare: true,
      items: ['CZ-QJ-01', 'CZ-JK-01'],
      description: '独居，行动不便，需要上门清洁和健康监测',
    });

    const page = await run.page();
    await journey(page, 'township', async () => {
      await signIn(page, DEMO.township, DEMO_PASSWORD);
      await at(page, '/worklist');

      // 新申请: the request waits for a team.
      const row = await shows(page.getByTestId('worklist-new-table').getByRole('row'), caseNumber);
      await shows(row, '王秀英');
      await screenshot(page, 'township-worklist');
      await expectAccessible(page, 'the worklist');

      // Opened again by its address: the page comes with the session and the directory (neither is asked for), and
      // its first list is asked for once, before the worklist's own code was (boot/early-data.ts).
      await page.reload();
      await shows(page.getByTestId('worklist-new-table').getByRole('row'), caseNumber);
      const fetched = (await page.evaluate(
        "performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname + new URL(e.name).search, e.startTime])",
      )) as [string, number][];
      expect(fetched.filter(([what]) => what.startsWith('/console/'))).toEqual([]);
      const lists = fetched.filter(([what]) => what === '/api/intake/requests?stage=new&page=1&pageSize=20');
      expect(lists).toHaveLength(1);
      const worklistCode = fetched.find(([what]) => /^\/assets\/worklist-page-[\w-]+\.js$/.test(what));
      expect(lists[0]![1]).toBeLessThan(worklistCode![1]);

      await row.getByRole('link', { name: `办理 ${caseNumber}` }).click();
      await at(page, `/cases/${caseId}`);
      await shows(page.getByTestId('case-number'), caseNumber);
      await shows(page.getByTestId('case-status'), '待指派调查');

      // The team: the caseworker (filled in) and the village coordinator.
      await shows(page.getByTestId('team-form'));
      const village = demoAccount('village');
      await page.getByTestId('team-1-staff-id').fill(village.username);
      await page.getByTestId('team-1-name').fill(village.displayName);
      await page.getByTestId('team-submit').click();
      await shows(page.getByTestId('case-status'), '入户调查中');

      // The investigation form, the Barthel total following each score.
      const form = await shows(page.getByTestId('investigation-form'));
      await page.getByTestId('inv-members').fill('1');
      await page.getByTestId('inv-living-alone').click();
      await page.getByTestId('inv-difficulty-types').click();
      await page.keyboard.type('行动不便');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await pick(page.getByTestId('inv-degree'), '中度');
      const total = page.getByTestId('barthel-total');
      await shows(total, '合计 0 分');
      await shows(total, '还有 10 项未评分');
      let sum = 0;
      for (const [item, score] of BARTHEL) {
        await pick(page.getByTestId(`barthel-${item}`), score);
        sum += score;
        await shows(total, `合计 ${sum} 分`);
      }
      await shows(total, '合计 60 分 · 中度依赖');
      expect(await total.innerText()).not.toContain('未评分');
      // One need per requested item is there already; the team describes each.
      await form.getByTestId('need-0').getByRole('textbox', { name: '需求描述' }).fill('每周上门清洁两次');
      await form.getByTestId('need-1').getByRole('textbox', { name: '需求描述' }).fill('每月上门测量血压血糖');
      // The declared 特困 is checked against the civil-affairs register, with the certificate seen.
      const verified = await shows(page.getByTestId('verified-status-0'));
      await choose(page, verified.locator('.ant-select').nth(1), '民政特困人员供养信息系统');
      await verified.getByRole('textbox').fill('特困供养证 341702-0031');
      // Who looks after her is asked of every investigation: the form does not go without it. Then an illness
      // that rules out collective care (患有精神病、传染病等疾病不宜集中供养), ticked from the diagnosis seen.
      await page.getByTestId('investigation-submit').click();
      await shows(form, '请选择照料情况');
      await pick(page.getByTestId('inv-carer'), '无人照料');
      await pick(page.getByTestId('inv-illnesses'), '精神病');
      await screenshot(page, 'township-case-investigation');
      await expectAccessible(page, 'the case page with the investigation form');
      await page.getByTestId('investigation-submit').click();
      await shows(page.getByTestId('case-status'), '待乡镇审核');
      // The findings as recorded, read-only: living alone, who looks after her, the illness.
      const findings = await shows(page.getByTestId('investigation-result'), '合计 60 分');
      await shows(findings.getByTestId('investigation-carer'), '无人照料');
      await shows(findings.getByTestId('investigation-illnesses'), '精神病');
      await shows(findings.getByTestId('investigation-living-alone'), '是');
      await screenshot(page, 'township-case-investigation-result');
      await expectAccessible(page, 'the recorded investigation');

      // The rules, one by one, as the service explains them.
      await page.getByRole('tab', { name: '资格审查（逐条规则）' }).click();
      const cleaning = await shows(page.getByTestId('eligibility-CZ-QJ-01'), '符合条件');
      await shows(cleaning, '特困人员');
      // Declared beside verified: the rules go by what the register confirmed; the documents not yet on file.
      const status = await shows(page.getByTestId('eligibility-status'), '按核实认定');
      await shows(status, '民政特困人员供养信息系统，特困供养证 341702-0031');
      await shows(page.getByTestId('eligibility-documents-CZ-QJ-01'), '尚缺：身份证、户口本、救助对象证明');
      await shows(page.getByTestId('eligibility-CZ-JK-01'), '符合条件');
      await screenshot(page, 'township-case-eligibility');
      await expectAccessible(page, 'the eligibility explanation');

      // The decision, the case opened by its address (a bookmark, a link): it opens on the decision, each item
      // already at what the rules allow (both eligible: 同意), the missing documents shown per item.
      await page.goto(new URL(`/cases/${caseId}`, page.url()).toString());
      await shows(page.getByTestId('decision-form'));
      for (const code of ['CZ-QJ-01', 'CZ-JK-01'])
        await shows(page.getByTestId(`decision-${code}`).locator('.ant-radio-button-wrapper-checked'), '同意');
      await shows(page.getByTestId('decision-missing-CZ-QJ-01'), '身份证');
      // Approving without the documents needs a reason: refused by the form until one is given.
      await page.getByTestId('decision-submit').click();
      await confirmPopup(page);
      await shows(page.getByTestId('decision-form'), '批准的事项缺少材料，请写明理由');
      await page
        .getByTestId('decision-missing-reason')
        .fill('身份证、户口本、特困供养证原件已入户查验，复印件下周补交');
      await screenshot(page, 'township-case-decision');
      await expectAccessible(page, 'the decision form');
      await page.getByTestId('decision-submit').click();
      await confirmPopup(page);
      await shows(page.getByTestId('case-status'), '已审核');
      const history = await shows(page.getByTestId('decision-history'), '居家清洁');
      await shows(history, '上门健康监测');
      await shows(page.getByTestId('decision-missing-documents'), '原件已入户查验，复印件下周补交');
      expect(await history.getByText('同意', { exact: true }).count()).toBe(2);

      // The case moves on: each approved item is referred (the health check to the health department).
      await page.getByRole('tab', { name: '转介情况' }).click();
      const referrals = page.getByTestId('case-referrals-table').getByRole('row');
      await showsAfterReloads(page, referrals, '上门健康监测');
      await shows(referrals.filter({ hasText: '上门健康监测' }), '卫健');
      await shows(referrals, '居家清洁');
      await screenshot(page, 'township-case-referrals');
      await expectAccessible(page, 'the referrals of the case');

      // Gone from the worklist's new requests; found by its number; on the public notice of the township.
      await page.getByTestId('menu-worklist').click();
      await at(page, '/worklist');
      await settled(page);
      expect(await page.getByTestId('worklist-new-table').getByText(caseNumber).count()).toBe(0);

      await page.getByTestId('menu-search').click();
      await at(page, '/search');
      const search = page.getByTestId('search-input').locator('input');
      await search.fill(caseNumber);
      await search.press('Enter');
      await shows(page.getByTestId('search-results-table').getByRole('row'), caseNumber);
      await screenshot(page, 'township-search');
      await expectAccessible(page, 'the search page');

      await page.getByTestId('menu-needs-ledger').click();
      await at(page, '/needs-ledger');
      await shows(page.getByTestId('ledger-summary-table'));
      // Chizhou's pack has no 低保 top-up source: no consents to record, so no such menu entry (Changji's has).
      // (The region's directory was read when the worklist named places; it says so too.)
      const directory = (await page.evaluate(async () => (await fetch('/console/directory')).json())) as {
        dibaoTopUp?: boolean;
      };
      expect(directory.dibaoTopUp).toBe(false);
      expect(await page.getByTestId('menu-top-up-consents').count()).toBe(0);
      await screenshot(page, 'township-needs-ledger');
      await expectAccessible(page, 'the needs ledger');

      await page.getByTestId('menu-public-notice').click();
      await at(page, '/public-notice');
      await shows(page.getByTestId('public-notice-table').getByRole('row'), caseNumber);
      await screenshot(page, 'township-public-notice');
      await expectAccessible(page, 'the public notice');
    });
  });
});

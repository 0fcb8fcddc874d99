/**
 * Delivery modes in the console (issue 17), in a real Chromium against intake, assessment and referral as processes
 * on the real servers. Chizhou routes each approved item by the first of its seven modes (plan 000 三(六)) whose
 * conditions hold for the person:
 * (a) a 特困 elder who can look after herself (Barthel 100) asks for home cleaning, counselling and a party member's
 *     visits: the township sees cleaning went to the village's neighbours (the explanation says why not a paid
 *     provider), counselling to the village's red-vest team and the visits to the village party branch; her request
 *     for a care home found no mode (she can look after herself) and the county routes it by hand to a care home the
 *     pack lists. The red-vest team and the party branch sign in to their inboxes and take theirs.
 * (b) a 低保 elder asks for a charity's visits: he goes on the charity's monthly list; the county reads the month's
 *     list, downloads it as CSV (minimised: no ID number), hands it over, and the referral reaches the charity.
 * Each page is saved as a screenshot and passes the accessibility check.
 */
import { readFile } from 'node:fs/promises';
import { call, eventually, investigate, residentId } from '../platform';
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

// intake 4701, assessment 4702, referral 4703; the console 4709.
const BASE_PORT = 4701;

/** Every Barthel item at its best: 100, she looks after herself. */
const INDEPENDENT = {
  feeding: 10,
  bathing: 5,
  grooming: 5,
  dressing: 10,
  bowels: 10,
  bladder: 10,
  toiletUse: 10,
  transfers: 15,
  mobility: 15,
  stairs: 10,
};

interface ReferralRow {
  referralId: string;
  itemCode: string;
  status: string;
  route?: { departmentCode?: string; receiverKind?: string };
}

describe('delivery modes in the console', () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-modes', BASE_PORT, ['intake', 'assessment', 'referral']);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  /** The township records the investigation with `form` and approves every item. */
  const investigateAndApprove = async (caseId: string, items: string[], form: Record<string, unknown>) => {
    const township = demoAccount('township');
    const bearer = await run.tokenOf('township');
    await investigate(
      run.platform,
      caseId,
      { token: bearer, staffId: township.username, office: township.jurisdiction },
      form,
    );
    const decided = await call('POST', run.platform.url('assessment', `/cases/${caseId}/decisions`), bearer, {
      items: items.map((itemCode) => ({ itemCode, approve: true })),
      missingDocumentsReason: '材料原件已入户查验，复印件补交中',
    });
    if (decided.status !== 201) throw new Error(`the decision failed: ${JSON.stringify(decided.body)}`);
  };

  /** The case's referrals once there is one per item, as the township reads them. */
  const referralsOf = async (caseId: string, count: number) => {
    const bearer = await run.tokenOf('township');
    return eventually(`${count} referrals of the case`, async () => {
      const items = (
        await call<{ items: ReferralRow[] }>('GET', run.platform.url('referral', `/referrals?caseId=${caseId}`), bearer)
      ).body.items;
      return items?.length === count && items.every((r) => r.status !== 'awaiting_consent') ? items : undefined;
    });
  };

  it('routes by who the person is: neighbours, the red-vest team, the party branch, a charity list', async () => {
    // (a) 特困, 76, lives alone with nobody caring for her, but looks after herself.
    const a = await run.fileRequest('township', {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '周桂香', idNumber: residentId('341702', '1950-04-18', 26), phone: '13905668801' },
      address: { township: '341702001', village: '341702001201', detail: '杏花路12号' },
      declaredGroups: ['tekun'],
      consentToShare: true,
      items: ['CZ-QJ-01', 'CZ-NL-02', 'CZ-DJ-01', 'CZ-JG-01'],
      description: '独居，想有人帮忙打扫，心情低落，希望入住敬老院',
    });
    await investigateAndApprove(a.caseId, ['CZ-QJ-01', 'CZ-NL-02', 'CZ-DJ-01', 'CZ-JG-01'], {
      barthel: INDEPENDENT,
      carer: 'absent',
      household: { members: 1, livingAlone: true },
      illnesses: [],
    });
    const routed = new Map((await referralsOf(a.caseId, 4)).map((r) => [r.itemCode, r]));
    expect(routed.get('CZ-QJ-01')?.route).toMatchObject({ departmentCode: 'neighbours_341702001201' });
    expect(routed.get('CZ-NL-02')?.route).toMatchObject({ departmentCode: 'red_vest_341702001201' });
    expect(routed.get('CZ-DJ-01')?.route).toMatchObject({ departmentCode: 'party_branch_341702001201' });
    expect(routed.get('CZ-JG-01')?.status).toBe('awaiting_provider');

    // (b) 低保, 81, on a charity's list for its visits.
    const b = await run.fileRequest('township', {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '吴长林', idNumber: residentId('341702', '1945-09-02', 37), phone: '13905668802' },
      address: { township: '341702001', village: '341702001202', detail: '长江路3号' },
      declaredGroups: ['dibao'],
      consentToShare: true,
      items: ['CZ-JJ-01'],
      description: '老伴去世，希望有人来看看',
    });
    await investigateAndApprove(b.caseId, ['CZ-JJ-01'], { barthel: INDEPENDENT, carer: 'present', illnesses: [] });
    const [listed] = await referralsOf(b.caseId, 1);
    expect(listed).toMatchObject({ status: 'awaiting_list', route: { departmentCode: 'charity_guichi' } });

    // The township: where each item went, by which mode, and why not a paid provider for the cleaning.
    const township = await run.page();
    await journey(township, 'township-modes', async () => {
      await signIn(township, DEMO.township, DEMO_PASSWORD);
      await township.goto(`/cases/${encodeURIComponent(a.caseId)}?tab=referrals`);
      const rows = township.getByTestId('case-referrals-table').getByRole('row');
      await showsAfterReloads(township, rows, '居家清洁');
      const cleaning = await shows(rows.filter({ hasText: '居家清洁' }), '邻里互助服务');
      await shows(cleaning, '邻里互助队');
      await shows(cleaning, '示范社区甲邻里互助队(示范)');
      const counselling = await shows(rows.filter({ hasText: '心理疏导' }), '“红马夹”帮扶队');
      await shows(counselling, '示范社区甲“红马夹”帮扶队(示范)');
      await shows(rows.filter({ hasText: '党员结对走访慰问' }), '示范社区甲党支部(示范)');
      await shows(rows.filter({ hasText: '机构集中供养' }), '待指定服务单位');
      await cleaning.locator('.ant-table-row-expand-icon').click();
      const detail = await shows(township.getByTestId('referral-detail'), '「政府购买服务」不适用');
      await shows(detail, '生活能够自理（Barthel指数100，高于60）');
      await shows(detail, '按「邻里互助服务」办理（000 三(六)6）');
      await screenshot(township, 'township-case-delivery-modes');
      await expectAccessible(township, 'the referrals of a case with their delivery modes');
    });

    // The red-vest team's inbox: the counselling, to receive and accept.
    const redVest = await run.page();
    await journey(redVest, 'red-vest', async () => {
      await signIn(redVest, DEMO.redVest, DEMO_PASSWORD);
      await at(redVest, '/referrals');
      const answer = redVest.getByTestId('referral-inbox-answer-table').getByRole('row');
      const row = await shows(answer, a.caseNumber);
      await shows(row, '心理疏导');
      await shows(row, '社工志愿服务(“红马夹”)');
      await shows(row, '已派单');
      await screenshot(redVest, 'red-vest-referrals');
      await expectAccessible(redVest, "the red-vest team's inbox");
      await row.getByTestId('referral-accept').click();
      await confirmPopup(redVest);
      await redVest
        .getByTestId('referral-inbox-tabs')
        .getByRole('tab', { name: /服务中/ })
        .click();
      await shows(
        redVest.getByTestId('referral-inbox-serving-table').getByRole('row').filter({ hasText: a.caseNumber }),
        '已接单',
      );
    });

    // The party branch's inbox: the pairing, to receive.
    const branch = await run.page();
    await journey(branch, 'party-branch', async () => {
      await signIn(branch, DEMO.partyBranch, DEMO_PASSWORD);
      await at(branch, '/referrals');
      const row = await shows(branch.getByTestId('referral-inbox-answer-table').getByRole('row'), a.caseNumber);
      await shows(row, '党员结对走访慰问');
      await shows(row, '“党建+救助”服务');
      await screenshot(branch, 'party-branch-referrals');
      await expectAccessible(branch, "the party branch's inbox");
      await row.getByTestId('referral-open').click();
      const drawer = await shows(branch.getByTestId('referral-detail'), '基层党组织');
      await shows(drawer, '示范社区甲党支部(示范)');
      await shows(drawer, '池阳街道 · 示范社区甲');
      await branch.keyboard.press('Escape');
      await gone(branch.getByTestId('referral-detail'));
      await row.getByTestId('referral-receipt').click();
      await confirmPopup(branch);
      await shows(
        branch.getByTestId('referral-inbox-answer-table').getByRole('row').filter({ hasText: a.caseNumber }),
        '已签收',
      );
    });

    // The county: routes the care-home request by hand to a listed care home; reads, downloads and hands over the
    // charity's list of the month.
    const county = await run.page();
    await journey(county, 'county-charity-list', async () => {
      await signIn(county, DEMO.county, DEMO_PASSWORD);
      await county.goto(`/cases/${encodeURIComponent(a.caseId)}?tab=referrals`);
      const rows = county.getByTestId('case-referrals-table').getByRole('row');
      const careHome = await shows(rows.filter({ hasText: '机构集中供养' }), '待指定服务单位');
      await careHome.getByTestId('referral-route').click();
      const form = await shows(county.getByTestId('route-form'));
      await pick(form, '基层帮扶力量');
      await choose(county, form.getByTestId('route-listed'), '贵池区中心敬老院(示范)');
      await form.getByTestId('route-reason').fill('本人自愿申请集中供养，经县民政局研究同意入住');
      await screenshot(county, 'county-route-listed-receiver');
      await expectAccessible(county, 'the route-by-hand dialog with listed receivers');
      await county
        .getByRole('dialog')
        .getByRole('button', { name: /提\s*交/ })
        .click();
      const routedByHand = await shows(rows.filter({ hasText: '机构集中供养' }), '贵池区中心敬老院(示范)');
      await shows(routedByHand, '供养机构');
      await shows(routedByHand, '已派单');

      await county.getByTestId('menu-charity-lists').click();
      await at(county, '/charity-lists');
      await choose(county, county.getByTestId('charity-list-charity'), '贵池区慈善协会(示范)');
      const list = county.getByTestId('charity-list-table').getByRole('row');
      const person = await shows(list, '吴长林');
      await shows(person, '池阳街道 · 示范社区乙');
      await shows(person, '慈善走访慰问');
      await shows(person, '老年人');
      await shows(person, '13905668802');
      await shows(person, '待移交');
      await shows(county.getByTestId('charity-list-audit'), '审计日志');
      await screenshot(county, 'county-charity-list');
      await expectAccessible(county, "a charity's monthly list");

      // The CSV is minimised: the name and the consented phone, never the ID number.
      const [download] = await Promise.all([
        county.waitForEvent('download'),
        county.getByTestId('charity-list-csv').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv).toContain('吴长林');
      expect(csv).toContain('13905668802');
      expect(csv).not.toContain(residentId('341702', '1945-09-02', 37));
      expect(csv).not.toMatch(/身份证|idNumber/);

      await county.getByTestId('charity-list-handover').click();
      await confirmPopup(county);
      await shows(list.filter({ hasText: '吴长林' }).getByTestId('charity-list-handed-over'), /由 cz-county 移交/);
      await screenshot(county, 'county-charity-list-handed-over');
      await expectAccessible(county, 'a charity list handed over');

      // The referral moved on: sent to the charity, saying who handed the list over.
      await county.goto(`/cases/${encodeURIComponent(b.caseId)}?tab=referrals`);
      const moved = await shows(county.getByTestId('case-referrals-table').getByRole('row'), '慈善走访慰问');
      await shows(moved, '已派单');
      await shows(moved, '贵池区慈善协会(示范)');
      await moved.locator('.ant-table-row-expand-icon').click();
      await shows(county.getByTestId('referral-listed-handover'), /由cz-county移交/);
    });

    // What the pages did is what referral holds.
    const bearer = await run.tokenOf('county');
    const read = async (referralId: string) =>
      (
        await call<{ status: string; listedHandover?: { by: string } }>(
          'GET',
          run.platform.url('referral', `/referrals/${encodeURIComponent(referralId)}`),
          bearer,
        )
      ).body;
    expect((await read(routed.get('CZ-NL-02')!.referralId)).status).toBe('accepted');
    expect((await read(routed.get('CZ-DJ-01')!.referralId)).status).toBe('received');
    expect(await read(listed!.referralId)).toMatchObject({ status: 'requested', listedHandover: { by: 'cz-county' } });
  });
});

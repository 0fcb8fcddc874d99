/**
 * Funding in a real Chromium, against settlement as a process on the real servers, the Chizhou pack's 341702
 * budget year made small (a pack override: the real packs copied, the county-year's amounts changed): pooled
 * assistance funds ¥10,000, so the 1 % cap on purchased services is ¥100, with ¥30 of temporary assistance drawn
 * before the capped work funds. Last month's verified visits of two providers in the demo township are published
 * on the run's visits topic (as provider-scheduling does): three (¥45) the county approves through the API, which
 * books ¥30 of temporary assistance and ¥15 under the cap; ten (¥150) that would pass the cap.
 * The county officer reads the funding page (sources, the cap gauge, the ledger: the API's figures), approves the
 * second statement in the browser and sees the refusal with cap, used, this statement and the excess kept on the
 * sheet; a Changji township caseworker records a 低保 family's top-up consent, which the list then shows.
 * Each page is saved as a screenshot and passes the accessibility check.
 */
import { EventBus } from '@carelink/bus';
import { buildEvent, EligibilityDecided, topics, VisitDeliveredV2 } from '@carelink/contracts';
import { chinaMonth } from '@carelink/policy';
import { createLogger } from '@carelink/telemetry';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFen } from '../../../services/console/web/src/pages/provider/money';
import { call, eventually, handledSoFar, REPO } from '../platform';
import { at, confirmPopup, expectAccessible, journey, screenshot, settled, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// settlement 4775 (its place in the platform's order); the console 4779. This file's range: 4771–4779.
const BASE_PORT = 4771;

/** Last month in China time (the township confirms a month once it has ended), its budget year, a day of it. */
const lastMonth = (() => {
  const [y, m] = chinaMonth(new Date()).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const year = Number(lastMonth.slice(0, 4));
const dayOf = (day: number) => `${lastMonth}-${String(day).padStart(2, '0')}T09:00:00+08:00`;

const TOWNSHIP = '341702001';
const SMALL = 'demo-cz-sunshine';
const OVER_CAP = 'e2e-cz-over-cap';

/**
 * The real packs, with Chizhou's 341702 county-year of `year` small: ¥10,000 pooled (a 1 % cap of ¥100), ¥30 of
 * temporary assistance, ¥100 of the capped work funds, nothing of the other sources a home-care visit may draw.
 */
function packsWithSmallBudget(): string {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-funding-packs-'));
  cpSync(join(REPO, 'policy'), dir, { recursive: true });
  const file = join(dir, 'chizhou.yaml');
  const yaml = readFileSync(file, 'utf8');
  const block = new RegExp(`county: '341702',\\s*year: ${year},[\\s\\S]*?source:`).exec(yaml)?.[0];
  if (!block) throw new Error(`the Chizhou pack has no funding of county 341702 for ${year}`);
  let small = block;
  for (const [key, fen] of [
    ['pooledAssistanceFundsFen', 1_000_000],
    ['temporary_assistance', 3000],
    ['assistance_work_funds', 10_000],
    ['other_service_funds', 0],
    ['charity_funds', 0],
  ] as const) {
    const amount = new RegExp(`\\b${key}: \\d+,`);
    if (!amount.test(small)) throw new Error(`the Chizhou pack's 341702 ${year} no longer names ${key}`);
    small = small.replace(amount, `${key}: ${fen},`);
  }
  writeFileSync(file, yaml.replace(block, small));
  return dir;
}

/** settlement `GET /funding` and `GET /ledger`, as the test reads them. */
interface Funding {
  cap: { basisPoints: number; capFen: number; usedFen: number; remainingFen: number };
  sources: { code: string; name: { zh: string }; budgetFen?: number; allocatedFen: number; remainingFen?: number }[];
}
interface Ledger {
  entries: {
    kind: string;
    sourceName: string;
    statementId: string;
    visitId: string;
    serviceDate: string;
    fen: number;
  }[];
}

describe('funding sources, the purchased-services cap and top-up consents in the console', () => {
  let run: ConsoleRun;
  const policyDir = process.env.POLICY_DIR;
  let packs: string | undefined;

  beforeAll(async () => {
    // The services this run starts read the packs from here (the console too: the same packs, amounts apart).
    packs = packsWithSmallBudget();
    process.env.POLICY_DIR = packs;
    run = await ConsoleRun.start('e2e-console-funding', BASE_PORT, ['settlement']);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
    if (policyDir === undefined) delete process.env.POLICY_DIR;
    else process.env.POLICY_DIR = policyDir;
    if (packs) rmSync(packs, { recursive: true, force: true });
  });

  it('the county reads the funding the API gives, is refused over the cap with its figures; Changji records a consent', async () => {
    const { platform } = run;
    const bus = new EventBus({
      brokers: platform.options.kafkaBrokers,
      sasl: platform.options.kafkaSasl,
      clientId: 'e2e-funding',
      logger: createLogger('e2e', 'silent'),
      topicPrefix: platform.topicPrefix,
    });
    const caseId = '0192f3a4-5b6c-7d8e-9f00-0000000e2e41';
    const visit = (providerId: string, visitId: string, day: number) =>
      buildEvent(VisitDeliveredV2, {
        source: '/carelink/provider-scheduling',
        key: caseId,
        data: {
          visitId,
          referralId: `ref-e2e-${providerId}`,
          caseId,
          region: 'chizhou',
          township: TOWNSHIP,
          providerId,
          workerId: 'w-e2e-41',
          itemCode: 'CZ-SH-01',
          deliveredAt: dayOf(day),
          units: 1,
          tasksDone: ['送餐'],
          farFromHome: false,
          verification: 'verified',
          verificationReason: 'code_confirmed',
        },
      });
    // A Changji 低保 family whose eligibility was decided (as assessment publishes it): the consent's case.
    const familyCaseId = randomUUID();
    const familyCaseNumber = `CJ652301-${year}-${familyCaseId.slice(0, 6).toUpperCase()}`;
    const changjiTownship = '652301101';
    try {
      for (let day = 1; day <= 3; day++) await bus.publish(topics.visits, visit(SMALL, `e2e-fund-s${day}`, day));
      for (let day = 1; day <= 10; day++)
        await bus.publish(topics.visits, visit(OVER_CAP, `e2e-fund-o${day}`, day + 10));
      await bus.publish(
        topics.assessmentCases,
        buildEvent(EligibilityDecided, {
          source: '/carelink/assessment',
          key: familyCaseId,
          data: {
            caseId: familyCaseId,
            caseNumber: familyCaseNumber,
            region: 'changji',
            packVersion: 'e2e',
            person: { personId: `p_${familyCaseId.replace(/-/g, '').slice(0, 16)}`, name: '阿依古丽' },
            address: { county: '652301', township: changjiTownship },
            items: [{ itemCode: 'CJ-ZH-01', approved: true, reason: '符合条件' }],
            consent: { given: false, givenBy: 'applicant', recordedAt: new Date().toISOString() },
            decidedBy: 'cj-township',
            decidedAt: new Date().toISOString(),
            circumstances: { age: 45, groups: ['dibao'], conditions: [] },
          },
        }),
      );
    } finally {
      await bus.disconnect();
    }

    const township = await run.tokenOf('township');
    const county = await run.tokenOf('county');
    const statement = (providerId: string) =>
      platform.url('settlement', `/statements/${lastMonth}/${TOWNSHIP}/${providerId}`);
    for (const [providerId, lines] of [
      [SMALL, 3],
      [OVER_CAP, 10],
    ] as const)
      await eventually(`settlement to accrue ${providerId}'s visits`, async () => {
        const s = await call<{ lines?: unknown[] }>('GET', statement(providerId), township);
        return s.body?.lines?.length === lines ? true : undefined;
      });
    // The township confirms both; the county approves the small one through the API (its lines in the ledger).
    for (const providerId of [SMALL, OVER_CAP]) {
      const confirmed = await call('POST', `${statement(providerId)}/confirm`, township);
      expect(confirmed.status).toBe(201);
    }
    const approved = await call<{ state: string }>('POST', `${statement(SMALL)}/approve`, county);
    expect([approved.status, approved.body.state]).toEqual([201, 'approved']);
    const funding = (await call<Funding>('GET', platform.url('settlement', `/funding?year=${year}`), county)).body;
    const ledger = (await call<Ledger>('GET', platform.url('settlement', `/ledger?year=${year}`), county)).body;
    // ¥30 of temporary assistance and ¥15 of the capped work funds: ¥15 of the ¥100 cap used.
    expect(funding.cap).toEqual({ basisPoints: 100, capFen: 10_000, usedFen: 1500, remainingFen: 8500 });
    expect(ledger.entries.map((e) => e.fen).reduce((a, b) => a + b, 0)).toBe(4500);
    expect(ledger.entries).toHaveLength(3);

    const page = await run.page();
    await journey(page, 'funding-county', async () => {
      await signIn(page, DEMO.county, DEMO_PASSWORD);
      await page.getByTestId('menu-funding').click();
      await at(page, '/funding');
      const yearInput = page.locator('#funding-year');
      if ((await yearInput.inputValue()) !== String(year)) await yearInput.fill(String(year));
      const overview = await shows(page.getByTestId('funding-overview'));
      await shows(overview, '上限 ¥100.00（社会救助资金总额的 1%），已使用 ¥15.00，剩余 ¥85.00');
      await shows(page.getByTestId('funding-cap'), '15%');
      // Every source as the API gives it: budget, allocated and remaining, in yuan.
      const sourceRows = page.getByTestId('funding-sources').locator('tbody tr.ant-table-row');
      await shows(sourceRows);
      const shown = await Promise.all((await sourceRows.all()).map((r) => r.locator('td').allInnerTexts()));
      expect(shown).toHaveLength(funding.sources.length);
      for (const s of funding.sources) {
        const row = shown.find((cells) => cells[0]!.trim().startsWith(s.name.zh));
        expect([s.code, row?.slice(1).map((c) => c.trim())]).toEqual([
          s.code,
          [
            s.budgetFen === undefined ? '家庭低保金增发部分（无县级预算）' : formatFen(s.budgetFen),
            formatFen(s.allocatedFen),
            s.remainingFen === undefined ? '—' : formatFen(s.remainingFen),
          ],
        ]);
      }
      const temporary = funding.sources.find((s) => s.code === 'temporary_assistance');
      expect(temporary).toMatchObject({ budgetFen: 3000, allocatedFen: 3000, remainingFen: 0 });
      // The ledger: one entry per visit and source, as the API gives it.
      const ledgerRows = page.getByTestId('funding-ledger').locator('tbody tr.ant-table-row');
      await shows(ledgerRows, 'e2e-fund-s1');
      const entries = await Promise.all((await ledgerRows.all()).map((r) => r.locator('td').allInnerTexts()));
      expect(entries.map((cells) => cells.map((c) => c.trim())).sort()).toEqual(
        ledger.entries
          .map((e) => [
            e.sourceName,
            e.statementId,
            e.visitId,
            e.serviceDate,
            e.kind === 'allocation' ? '拨付' : '冲回',
            formatFen(e.fen),
          ])
          .sort(),
      );
      await settled(page);
      await screenshot(page, 'county-funding');
      await expectAccessible(page, 'the county’s funding sources and ledger');

      // The statement that would pass the cap: approving it is refused, and the refusal stays by the action.
      await page.getByTestId('menu-statements').click();
      await at(page, '/statements');
      const row = await shows(page.getByTestId('month-statements-table').getByRole('row'), OVER_CAP);
      await shows(row.getByTestId('month-statement-state'), '乡镇已确认');
      await row.getByTestId('month-statement-open').click();
      const sheet = await shows(page.getByTestId('statement-sheet'));
      await shows(sheet.getByTestId('statement-sheet-payable'), '¥150.00');
      await sheet.getByTestId('statement-approve').click();
      await confirmPopup(page);
      const refusal = await shows(sheet.getByTestId('statement-approval-refusal'));
      await shows(refusal, '审批未通过：本结算单将超出政府购买社会救助服务资金上限');
      // Temporary assistance is spent: all ¥150 would come from the capped work funds, ¥15 already used.
      await shows(
        refusal.getByTestId('statement-approval-refusal-message'),
        '上限 ¥100.00，本年度已使用 ¥15.00，本结算单 ¥150.00，超出 ¥65.00',
      );
      await shows(refusal.getByTestId('statement-approval-refusal-code'), 'purchased_services_cap_exceeded');
      await shows(sheet.getByTestId('statement-sheet-state'), '乡镇已确认');
      await settled(page);
      await screenshot(page, 'county-statement-cap-refused');
      await expectAccessible(page, 'a statement refused over the cap');
    });
    // Nothing was booked for the refused statement.
    const after = (await call<Funding>('GET', platform.url('settlement', `/funding?year=${year}`), county)).body;
    expect(after.cap.usedFen).toBe(1500);
    expect((await call<{ state: string }>('GET', statement(OVER_CAP), county)).body.state).toBe('confirmed');

    // The family's case reached settlement before the caseworker records its consent.
    await handledSoFar(platform, 'settlement', [topics.assessmentCases.name]);
    const changji = await run.page();
    await journey(changji, 'top-up-consents-township', async () => {
      await signIn(changji, DEMO.changjiTownship, DEMO_PASSWORD);
      await changji.getByTestId('menu-top-up-consents').click();
      await at(changji, '/top-up-consents');
      await shows(changji.getByTestId('top-up-form'));
      await settled(changji);
      await screenshot(changji, 'township-top-up-consents');
      await expectAccessible(changji, 'the township’s top-up consents');
      await changji.getByTestId('top-up-case').fill(familyCaseNumber);
      await changji.getByTestId('top-up-township').fill(changjiTownship);
      await changji.getByTestId('top-up-monthly').fill('20');
      await changji.getByTestId('top-up-record').click();
      const consent = await shows(changji.getByTestId('top-up-list').getByRole('row'), familyCaseNumber);
      await shows(consent, '¥20.00');
      await shows(consent, '有效');
      await shows(consent, changjiTownship);
      await settled(changji);
      await screenshot(changji, 'township-top-up-consent-recorded');
      await expectAccessible(changji, 'a recorded top-up consent');
    });
    const cjTownship = await run.tokenOf('changjiTownship');
    const consents = await call<{ items: { caseId: string; monthlyFen: number }[] }>(
      'GET',
      platform.url('settlement', '/top-up-consents'),
      cjTownship,
    );
    expect(consents.body.items).toEqual([expect.objectContaining({ caseId: familyCaseId, monthlyFen: 2000 })]);
  });
});

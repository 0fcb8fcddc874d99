/**
 * The county's spot checks, its yearly supervision report and the neighbours' yearly subsidies in a real Chromium,
 * against settlement as a process on the real servers: verified visits of the demo provider in two items of the
 * demo township are published on the run's visits topic (as provider-scheduling does once their verification is
 * settled), and a neighbour's help visits on the neighbour-help topic (one delivered twice). The county draws the
 * year's sample with a seed, records a check finding a visit not delivered (its draft line is held, shown on the
 * row), downloads the report, then releases the hold with the reason a re-check gave (the row shows it released and
 * why; the statement pays the line again); the county and the township read the neighbour subsidies.
 * Each page is saved as a screenshot and passes the accessibility check.
 */
import { EventBus } from '@carelink/bus';
import { buildEvent, NeighbourVisitRecorded, topics, VisitDeliveredV2 } from '@carelink/contracts';
import { chinaMonth } from '@carelink/policy';
import { createLogger } from '@carelink/telemetry';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { call, eventually } from '../platform';
import { at, choose, expectAccessible, journey, screenshot, settled, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// settlement 4785 (its place in the platform's order); the console 4789. This file's range: 4781–4789.
const BASE_PORT = 4781;

/** Last month of this year (China time; in January, January itself), and a day of it at 09:00: the sample's year. */
const month = (() => {
  const [y, m] = chinaMonth(new Date()).split('-').map(Number) as [number, number];
  return m === 1 ? `${y}-01` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const year = Number(month.slice(0, 4));
const dayOf = (day: number) => `${month}-${String(day).padStart(2, '0')}T09:00:00+08:00`;

describe('spot checks, the supervision report and neighbour subsidies in the console', () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-spot-checks', BASE_PORT, ['settlement']);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  it('the county draws a sample with a seed, records a check that holds a line, downloads the report, releases the hold; both read the subsidies', async () => {
    const { platform } = run;
    const bus = new EventBus({
      brokers: platform.options.kafkaBrokers,
      sasl: platform.options.kafkaSasl,
      clientId: 'e2e-spot-checks',
      logger: createLogger('e2e', 'silent'),
      topicPrefix: platform.topicPrefix,
    });
    const caseId = '0192f3a4-5b6c-7d8e-9f00-0000000e2e31';
    const visit = (visitId: string, day: number, itemCode: string) =>
      buildEvent(VisitDeliveredV2, {
        source: '/carelink/provider-scheduling',
        key: caseId,
        data: {
          visitId,
          referralId: 'ref-e2e-spot-checks',
          caseId,
          region: 'chizhou',
          township: '341702001',
          providerId: 'demo-cz-sunshine',
          workerId: 'w-e2e-31',
          itemCode,
          deliveredAt: dayOf(day),
          units: 1,
          tasksDone: ['服务'],
          farFromHome: false,
          verification: 'verified',
          verificationReason: 'code_confirmed',
        },
      });
    const neighbourVisit = (visitId: string, date: string, id?: string) => {
      const event = buildEvent(NeighbourVisitRecorded, {
        source: '/carelink/provider-scheduling',
        key: 'nb-e2e-1',
        data: {
          neighbourId: 'nb-e2e-1',
          region: 'chizhou',
          township: '341702001',
          village: '341702001201',
          visitId,
          date,
          itemCode: 'CZ-LL-01',
          recordedAt: `${date}T18:00:00+08:00`,
        },
      });
      return id ? { ...event, id } : event;
    };
    const visitIds: string[] = [];
    try {
      for (let day = 1; day <= 6; day++) {
        const id = `e2e-sc-${day}`;
        visitIds.push(id);
        await bus.publish(topics.visits, visit(id, day, day <= 4 ? 'CZ-SH-01' : 'CZ-JK-02'));
      }
      const twice = neighbourVisit('nv-e2e-2', `${month}-05`);
      for (const e of [neighbourVisit('nv-e2e-1', `${month}-02`), twice, twice])
        await bus.publish(topics.neighbourHelp, e);
    } finally {
      await bus.disconnect();
    }
    const county = await run.tokenOf('county');
    await eventually('settlement to accrue the visits and count the neighbour visits', async () => {
      const accrued = await Promise.all(
        visitIds.map(async (id) => (await call('GET', platform.url('settlement', `/accruals/${id}`), county)).status),
      );
      const subsidies = await call<{ visits: number }>(
        'GET',
        platform.url('settlement', `/neighbour-subsidies?year=${year}`),
        county,
      );
      return accrued.every((s) => s === 200) && subsidies.body.visits === 2 ? true : undefined;
    });

    /** The sampled visit the county checked (one sample drawn, one check recorded), with its check as settlement holds it. */
    const checkedVisit = async () => {
      const heads = await call<{ samples: { sampleId: string }[] }>(
        'GET',
        platform.url('settlement', `/spot-checks/samples?county=341702&year=${year}`),
        county,
      );
      expect(heads.status).toBe(200);
      const sample = await call<{
        visits: { serviceId: string; check: { checkId: string; release?: { reason: string } } | null }[];
      }>('GET', platform.url('settlement', `/spot-checks/samples/${heads.body.samples[0]!.sampleId}`), county);
      expect(sample.status).toBe(200);
      const checked = sample.body.visits.filter((v) => v.check);
      expect(checked).toHaveLength(1);
      return checked[0] as { serviceId: string; check: NonNullable<(typeof checked)[number]['check']> };
    };
    /** A visit's line on the demo provider's statement of the month in the demo township. */
    const lineOf = async (visitId: string) => {
      const statement = await call<{ lines: { lineId: string; status: string }[] }>(
        'GET',
        platform.url('settlement', `/statements/${month}/341702001/demo-cz-sunshine`),
        county,
      );
      expect(statement.status).toBe(200);
      return statement.body.lines.find((l) => l.lineId === visitId);
    };

    const page = await run.page();
    await journey(page, 'spot-checks-county', async () => {
      await signIn(page, DEMO.county, DEMO_PASSWORD);
      await page.getByTestId('menu-spot-checks').click();
      await at(page, '/spot-checks');
      await shows(page.getByTestId('spot-check-filters'));
      await page.getByTestId('spot-check-seed').fill(`${year}-池州市贵池区民政局-第1次`);
      await page.getByTestId('spot-check-draw').click();
      // 4 visits of one item → 2 sampled, 2 of the other → 1 (30 %, rounded up, per stratum).
      await shows(page.getByTestId('spot-check-summary'), '已核实服务 6 次，抽取 3 次（规定比例 30%），已检查 0 次');
      await shows(page.getByTestId('spot-check-summary'), `随机种子：${year}-池州市贵池区民政局-第1次`);
      await shows(page.getByTestId('spot-check-strata').getByRole('row'), '4');
      await settled(page);
      await screenshot(page, 'county-spot-check-sample');
      await expectAccessible(page, 'the spot-check sample');

      const visits = page.getByTestId('spot-check-visits');
      await visits
        .getByRole('row')
        .filter({ hasText: /助餐送餐|CZ-SH-01/ })
        .first()
        .getByTestId('spot-check-record')
        .click();
      const dialog = await shows(page.getByRole('dialog'));
      await choose(page, dialog.getByTestId('spot-check-method'), '电话回访');
      await choose(page, dialog.getByTestId('spot-check-outcome'), '服务未提供');
      await dialog.getByTestId('spot-check-note').fill('电话回访：服务对象称当天无人上门');
      await screenshot(page, 'county-spot-check-record');
      await expectAccessible(page, 'recording a check');
      await page.getByTestId('spot-check-save').click();
      await shows(visits.getByTestId('spot-check-line-action'), '暂扣结算');
      await shows(visits.getByTestId('spot-check-result'), '电话回访 · 服务未提供');
      await shows(page.getByTestId('spot-check-summary'), '已检查 1 次');
      await shows(page.getByTestId('supervision-report-figures'), '¥15.00');
      await settled(page);
      await screenshot(page, 'county-spot-check-recorded');
      await expectAccessible(page, 'a recorded check and the supervision report');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('supervision-report-xlsx').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await readFile((await download.path())!)) as never);
      expect(book.worksheets.map((w) => w.name)).toEqual(['概况', '发现问题', '分层抽查', '服务机构']);
      expect(JSON.stringify(book.getWorksheet('发现问题')!.getSheetValues())).toContain('"服务未提供",1');

      // The API agrees the line is held: the checked visit's line on its (draft) statement.
      const checked = await checkedVisit();
      expect(checked.check.release).toBeUndefined();
      expect(await lineOf(checked.serviceId)).toMatchObject({ status: 'held', reason: { code: 'spot_check_hold' } });

      // A re-check clears it: the county releases the hold with the reason; the row shows it released, and why.
      const reason = '复查：服务机构提供了当天的签到记录和照片，服务已提供';
      await visits.getByTestId('spot-check-release').click();
      const releaseDialog = await shows(page.getByRole('dialog'));
      await releaseDialog.getByTestId('spot-check-release-save').click();
      await shows(releaseDialog, '请填写解除暂扣的原因');
      await releaseDialog.getByTestId('spot-check-release-reason').fill(reason);
      await screenshot(page, 'county-spot-check-release');
      await expectAccessible(page, 'releasing a hold');
      await releaseDialog.getByTestId('spot-check-release-save').click();
      await releaseDialog.waitFor({ state: 'hidden' });
      await shows(visits.getByTestId('spot-check-line-action'), '已解除暂扣');
      await shows(visits.getByTestId('spot-check-release-note'), reason);
      expect(await visits.getByTestId('spot-check-release').count()).toBe(0);
      await shows(page.getByTestId('supervision-report-figures'), /解除暂扣金额\s*[:：]?\s*¥15\.00/);
      await settled(page);
      await screenshot(page, 'county-spot-check-released');
      await expectAccessible(page, 'a released hold');

      const released = await checkedVisit();
      expect(released.serviceId).toBe(checked.serviceId);
      expect(released.check.release).toMatchObject({ reason, statementState: 'draft' });
      expect(await lineOf(checked.serviceId)).toMatchObject({ status: 'payable' });

      await page.getByTestId('menu-neighbour-subsidies').click();
      await at(page, '/neighbour-subsidies');
      await shows(page.getByTestId('neighbour-subsidies-table'), 'nb-e2e-1');
      await shows(page.getByTestId('neighbour-subsidies-total'), '共 1 位互助邻居，服务 2 次，补贴合计 ¥40.00');
      await settled(page);
      await screenshot(page, 'county-neighbour-subsidies');
      await expectAccessible(page, 'the county’s neighbour subsidies');
    });

    const township = await run.page();
    await journey(township, 'neighbour-subsidies-township', async () => {
      await signIn(township, DEMO.township, DEMO_PASSWORD);
      await township.getByTestId('menu-neighbour-subsidies').click();
      await at(township, '/neighbour-subsidies');
      await shows(township.getByTestId('neighbour-subsidies-table'), 'nb-e2e-1');
      const [csv] = await Promise.all([
        township.waitForEvent('download'),
        township.getByTestId('neighbour-subsidies-csv').click(),
      ]);
      expect((await readFile((await csv.path())!)).toString('utf8')).toContain('nb-e2e-1,341702001');
      await settled(township);
      await screenshot(township, 'township-neighbour-subsidies');
      await expectAccessible(township, 'the township’s neighbour subsidies');
    });
    // Two journeys, seven pages checked: can take longer than the default 4 minutes on a busy machine.
  }, 420_000);
});

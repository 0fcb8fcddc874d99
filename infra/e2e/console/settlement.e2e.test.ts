/**
 * Monthly settlement in a real Chromium, against settlement as a process on the real servers: last month's
 * delivered visits of the demo provider in the demo township are published on the run's visits topic as
 * provider-scheduling publishes them once their verification is settled (two confirmed, one the recipient
 * disputed). The township sees the draft with the disputed visit excluded and its reason, and confirms it; the
 * county approves it (who and when shown), downloads it for finance and records it paid.
 * Each page is saved as a screenshot and passes the accessibility check.
 */
import { EventBus } from '@carelink/bus';
import { buildEvent, topics, VisitDeliveredV2 } from '@carelink/contracts';
import { chinaMonth } from '@carelink/policy';
import { createLogger } from '@carelink/telemetry';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { call, eventually } from '../platform';
import { at, confirmPopup, expectAccessible, journey, screenshot, settled, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// settlement 4765 (its place in the platform's order); the console 4769. This file's range: 4761–4769.
const BASE_PORT = 4761;

/** Last month in China time (the township confirms a month once it has ended), and a day of it at 09:00. */
const lastMonth = (() => {
  const [y, m] = chinaMonth(new Date()).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const dayOf = (day: number) => `${lastMonth}-${String(day).padStart(2, '0')}T09:00:00+08:00`;

describe('monthly settlement in the console', () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-settlement', BASE_PORT, ['settlement']);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  it('the township confirms a draft with an excluded line and its reason; the county approves, exports and pays it', async () => {
    const { platform } = run;
    const bus = new EventBus({
      brokers: platform.options.kafkaBrokers,
      sasl: platform.options.kafkaSasl,
      clientId: 'e2e-settlement',
      logger: createLogger('e2e', 'silent'),
      topicPrefix: platform.topicPrefix,
    });
    const visit = (visitId: string, day: number, verification: 'verified' | 'disputed') =>
      buildEvent(VisitDeliveredV2, {
        source: '/carelink/provider-scheduling',
        key: '0192f3a4-5b6c-7d8e-9f00-0000000e2e01',
        data: {
          visitId,
          referralId: 'ref-e2e-settlement',
          caseId: '0192f3a4-5b6c-7d8e-9f00-0000000e2e01',
          region: 'chizhou',
          township: '341702001',
          providerId: 'demo-cz-sunshine',
          workerId: 'w-e2e-1',
          itemCode: 'CZ-SH-01',
          deliveredAt: dayOf(day),
          units: 1,
          tasksDone: ['送餐'],
          farFromHome: false,
          verification,
          verificationReason: verification === 'verified' ? 'code_confirmed' : 'resident_disputed',
        },
      });
    try {
      await bus.publish(topics.visits, visit('e2e-visit-03', 3, 'verified'));
      await bus.publish(topics.visits, visit('e2e-visit-10', 10, 'verified'));
      await bus.publish(topics.visits, visit('e2e-visit-17', 17, 'disputed'));
    } finally {
      await bus.disconnect();
    }
    const township = await run.tokenOf('township');
    const statementUrl = platform.url('settlement', `/statements/${lastMonth}/341702001/demo-cz-sunshine`);
    await eventually('settlement to accrue the visits', async () => {
      const s = await call<{ lines: unknown[]; excluded: unknown[] }>('GET', statementUrl, township);
      return s.body.lines?.length === 2 && s.body.excluded?.length === 1 ? true : undefined;
    });

    const page = await run.page();
    await journey(page, 'settlement-township', async () => {
      await signIn(page, DEMO.township, DEMO_PASSWORD);
      await page.getByTestId('menu-settlement').click();
      await at(page, '/settlement');
      await shows(page.getByTestId('statement-filters'));
      const row = await shows(page.getByTestId('month-statements-table').getByRole('row'), '草稿');
      await screenshot(page, 'township-settlement');
      await expectAccessible(page, 'the township’s statements');
      await row.getByTestId('month-statement-open').click();
      const sheet = await shows(page.getByTestId('statement-sheet'));
      await shows(sheet.getByTestId('statement-lines'), 'e2e-visit-10');
      await shows(sheet.getByTestId('statement-excluded'), '服务对象否认该次服务（有争议），不予结算');
      await shows(sheet.getByTestId('statement-sheet-payable'), '¥30.00');
      await screenshot(page, 'township-statement-draft');
      await expectAccessible(page, 'a draft statement');
      await sheet.getByTestId('statement-confirm').click();
      await confirmPopup(page);
      await shows(sheet.getByTestId('statement-sheet-state'), '乡镇已确认');
      await shows(sheet.getByTestId('statement-sheet-history'), /乡镇已确认：\S+，\d{4}-\d{2}-\d{2}/);
      await screenshot(page, 'township-statement-confirmed');
      await expectAccessible(page, 'a confirmed statement');
    });

    const county = await run.page();
    await journey(county, 'settlement-county', async () => {
      await signIn(county, DEMO.county, DEMO_PASSWORD);
      await county.getByTestId('menu-statements').click();
      await at(county, '/statements');
      const row = await shows(county.getByTestId('month-statements-table').getByRole('row'), '乡镇已确认');
      await row.getByTestId('month-statement-open').click();
      const sheet = await shows(county.getByTestId('statement-sheet'));
      await sheet.getByTestId('statement-approve').click();
      await confirmPopup(county);
      await shows(sheet.getByTestId('statement-sheet-state'), '县级已审批');
      await shows(sheet.getByTestId('statement-sheet-history'), /县级已审批：\S+，\d{4}-\d{2}-\d{2}/);
      await screenshot(county, 'county-statement-approved');
      await expectAccessible(county, 'an approved statement');

      const [download] = await Promise.all([
        county.waitForEvent('download'),
        sheet.getByTestId('statement-export-xlsx').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await readFile((await download.path())!)) as never);
      const detail = book.getWorksheet('明细')!;
      expect(detail.rowCount).toBe(4);
      expect(JSON.stringify(detail.getSheetValues())).toContain('服务对象否认该次服务');

      await sheet.getByTestId('statement-paid').click();
      await confirmPopup(county);
      await shows(sheet.getByTestId('statement-sheet-state'), '已支付');
      await settled(county);
      await screenshot(county, 'county-statement-paid');
      await expectAccessible(county, 'a paid statement');
    });
  });
});

/**
 * One person, one file (一人一档) in a real Chromium, against intake and assessment as processes on the real servers:
 * a request registered at the window with its ID card, investigated and approved (through the services' APIs, as
 * the other journeys set up), gets its person a service number; the township caseworker finds the file in the list
 * by service number, opens it (cover, sections), records an effect evaluation (效果评估) and exports the file; the
 * zip holds 档案.pdf and the ID card, and page 1 of the PDF renders (Debian's poppler-utils) with the service number
 * and Chinese headings in its text. Each page is saved as a screenshot and passes the accessibility check.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, eventually, residentId } from '../platform';
import { at, expectAccessible, journey, pick, screenshot, shows, signIn } from './browser';
import { ConsoleRun, DEMO, DEMO_PASSWORD, SETUP_MS } from './console-platform';

// intake 4741, assessment 4742; the console 4749.
const BASE_PORT = 4741;

/** A small PNG (a 1×1 image), as a phone's photo of an ID card would be attached. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('one person, one file (一人一档) in the console', () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await ConsoleRun.start('e2e-console-person-file', BASE_PORT, ['intake', 'assessment']);
  }, SETUP_MS);

  afterAll(async () => {
    await run?.stop();
  });

  it('numbers the file of an approved request, records an evaluation and exports the file as PDF and attachments', async () => {
    const { caseId } = await run.fileRequest('township', {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '周玉兰', idNumber: residentId('341702', '1943-06-08', 41), phone: '13905667711' },
      address: { township: '341702001', village: '341702001201' },
      declaredGroups: ['tekun'],
      consentToShare: true,
      items: ['CZ-QJ-01'],
      description: '独居，需要上门清洁',
    });
    const bearer = await run.tokenOf('township');
    const attached = await fetch(run.platform.url('intake', `/requests/${caseId}/attachments?kind=id_card`), {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(attached.status).toBe(201);
    await run.investigateAndDecide('township', caseId, [{ itemCode: 'CZ-QJ-01', approve: true }]);
    // The service number is issued from the final decision's event.
    const serviceNumber = await eventually('the service number', async () => {
      const files = await call<{ items: { serviceNumber: string; name: string }[] }>(
        'GET',
        run.platform.url('assessment', '/files?name=周玉兰'),
        bearer,
      );
      return files.body.items?.[0]?.serviceNumber;
    });
    expect(serviceNumber).toMatch(/^CZ341702\d{4}\d{6}$/);
    // Its ID card is in the file as a reference before the export reads it.
    await eventually('the ID card in the file', async () => {
      const file = await call<{ documents: unknown[] }>(
        'GET',
        run.platform.url('assessment', `/files/${serviceNumber}`),
        bearer,
      );
      return file.body.documents?.length === 1 ? true : undefined;
    });

    const page = await run.page();
    await journey(page, 'person-file', async () => {
      await signIn(page, DEMO.township, DEMO_PASSWORD);
      await page.getByTestId('menu-files').click();
      await at(page, '/files');
      const row = await shows(page.getByTestId('files-table').getByRole('row'), serviceNumber);
      await shows(row, '周玉兰');
      await shows(row, /341\*{13}/);
      await screenshot(page, 'township-person-files');
      await expectAccessible(page, 'the person files');

      await page.getByTestId(`file-${serviceNumber}`).click();
      await at(page, `/files/${serviceNumber}`);
      await shows(page.getByTestId('file-service-number'), serviceNumber);
      await shows(page.getByTestId('file-cover'), '周玉兰');
      await shows(page.getByTestId('file-documents'), '身份证');
      await shows(page.getByTestId('file-needs-forms'));
      await shows(page.getByTestId('file-decisions'), '批准');

      // The effect evaluation: stopping the service needs the reason.
      await page.getByTestId('evaluation-add').click();
      const form = await shows(page.getByTestId('evaluation-form'));
      await pick(page.getByTestId('evaluation-goals'), '部分达成');
      await pick(page.getByTestId('evaluation-self-care'), '改善');
      await pick(page.getByTestId('evaluation-recommendation'), '调整服务');
      await page.getByTestId('evaluation-submit').click();
      await shows(form, '建议调整或停止服务时，请说明理由');
      await page.getByTestId('evaluation-remarks').fill('清洁频次增加到每周三次');
      await screenshot(page, 'township-person-file-evaluation');
      await expectAccessible(page, 'the effect evaluation form');
      await page.getByTestId('evaluation-submit').click();
      const evaluations = await shows(page.getByTestId('file-evaluations'), '清洁频次增加到每周三次');
      await shows(evaluations, '调整服务');
      await screenshot(page, 'township-person-file');
      await expectAccessible(page, 'a person file');

      // 导出档案: a zip of the PDF and the ID card.
      // The PDF embeds a subset of a CJK font: seconds on a busy machine.
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 120_000 }),
        page.getByTestId('file-export').click(),
      ]);
      expect(download.suggestedFilename()).toBe(`一人一档-${serviceNumber}.zip`);
      const dir = mkdtempSync(join(tmpdir(), 'person-file-'));
      try {
        await download.saveAs(join(dir, 'file.zip'));
        const entries = execFileSync('unzip', ['-Z1', 'file.zip'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
        expect(entries).toContain('档案.pdf');
        const idCard = entries.find((e) => /^附件\/.+-身份证-.+\.png$/.test(e));
        expect(idCard).toBeDefined();
        execFileSync('unzip', ['-q', 'file.zip', '-d', 'out'], { cwd: dir });
        expect(readFileSync(join(dir, 'out', idCard!)).equals(PNG)).toBe(true);
        const pdf = join(dir, 'out', '档案.pdf');
        // Page 1 renders: an A4 page at 50 dpi is 414 × 585 pixels, a few kilobytes with the cover's text.
        execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
        const png = readFileSync(join(dir, 'page-1.png'));
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([414, 585]);
        expect(statSync(join(dir, 'page-1.png')).size).toBeGreaterThan(3000);
        const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
        expect(text).toContain(serviceNumber);
        expect(text).toContain('一人一档');
        expect(text).toContain('效果评估');
        expect(text).toContain('清洁频次增加到每周三次');
        expect(text).not.toContain(residentId('341702', '1943-06-08', 41));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

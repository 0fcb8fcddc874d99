import { sendCsv, sendWorkbook } from '@carelink/http';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { KIND_NAMES, LEDGER_COLUMNS, type LedgerView } from '../../domain/needs-ledger/needs-ledger';

const cell = (e: Record<string, unknown>, key: string) =>
  (key === 'kind' ? KIND_NAMES[e.kind as 'common'] : (e[key] ?? '')) as string;

/** The ledger as one CSV table (common needs, then individual ones). */
export function sendLedgerCsv(res: Response, view: LedgerView, filename: string): void {
  const rows = [...view.common, ...view.individual].map((e) => LEDGER_COLUMNS.map((c) => cell(e as never, c.key)));
  sendCsv(
    res,
    LEDGER_COLUMNS.map((c) => c.header),
    rows,
    filename,
  );
}

/** A workbook with 共性需求, 个性需求 and 汇总 sheets. */
export async function sendLedgerXlsx(res: Response, view: LedgerView, filename: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.creator = 'carelink';
  for (const kind of ['common', 'individual'] as const) {
    const sheet = book.addWorksheet(KIND_NAMES[kind]);
    sheet.columns = LEDGER_COLUMNS.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.key === 'description' ? 40 : 18,
    }));
    for (const e of view[kind])
      sheet.addRow(Object.fromEntries(LEDGER_COLUMNS.map((c) => [c.key, cell(e as never, c.key)])));
    sheet.getRow(1).font = { bold: true };
  }
  const summary = book.addWorksheet('汇总');
  summary.columns = [
    { header: '需求类型', key: 'kind', width: 12 },
    { header: '需求类别', key: 'category', width: 20 },
    { header: '人次', key: 'count', width: 10 },
  ];
  for (const s of view.summary) summary.addRow({ kind: KIND_NAMES[s.kind], category: s.category, count: s.count });
  await sendWorkbook(res, book, filename);
}

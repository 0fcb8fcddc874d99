import { csvWithBom, sendWorkbook } from '@carelink/http';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { STATISTICS_COLUMNS, type StatisticsRow } from '../../domain/statistics/complaint-statistics';

/**
 * A CSV cell a spreadsheet will not run as a formula: text starting with = + - @ (or a tab or carriage
 * return) gets a leading apostrophe (OWASP "CSV injection"). Keys such as provider ids come from callers.
 */
export function spreadsheetSafe(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The statistics as CSV text, with a BOM so that Excel opens the Chinese text correctly. */
export function statisticsCsv(rows: StatisticsRow[]): string {
  return csvWithBom(
    STATISTICS_COLUMNS.map((c) => c.header),
    rows.map((r) => STATISTICS_COLUMNS.map((c) => spreadsheetSafe(r[c.key] ?? ''))),
  );
}

export function sendStatisticsCsv(res: Response, rows: StatisticsRow[], filename: string): void {
  res.type('text/csv; charset=utf-8').attachment(`${filename}.csv`).send(statisticsCsv(rows));
}

export async function sendStatisticsXlsx(res: Response, rows: StatisticsRow[], filename: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.creator = 'carelink';
  const sheet = book.addWorksheet('投诉统计');
  sheet.columns = STATISTICS_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'key' || c.key === 'name' ? 24 : 12,
  }));
  for (const r of rows) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  await sendWorkbook(res, book, filename);
}

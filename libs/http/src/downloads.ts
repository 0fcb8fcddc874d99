import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';

/** A header row and data rows as CSV text, with a BOM so that Excel opens the Chinese text correctly. */
export function csvWithBom(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + stringify([header, ...rows]);
}

/** Sends a table as a CSV download (`<filename>.csv`). */
export function sendCsv(
  res: Response,
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  filename: string,
): void {
  res.type('text/csv; charset=utf-8').attachment(`${filename}.csv`).send(csvWithBom(header, rows));
}

/** Sends a workbook (exceljs or anything that writes XLSX bytes) as an XLSX download (`<filename>.xlsx`). */
export async function sendWorkbook(
  res: Response,
  book: { xlsx: { writeBuffer(): Promise<ArrayBuffer | Buffer> } },
  filename: string,
): Promise<void> {
  const buffer = await book.xlsx.writeBuffer();
  res
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .attachment(`${filename}.xlsx`)
    .send(Buffer.from(buffer as ArrayBuffer));
}

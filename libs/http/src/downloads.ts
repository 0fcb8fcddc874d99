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

/** File name extensions of the stored media types, for the name a download is saved under. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/amr': 'amr',
  'audio/wav': 'wav',
};

/**
 * Sends a stored upload as a download: the media type it was stored as (sniffed at upload, see checkUpload),
 * `Content-Disposition: attachment` so that a browser saves it rather than rendering it, and nosniff.
 */
export function sendStoredFile(res: Response, file: { bytes: Buffer; contentType: string; name: string }): void {
  res
    .type(file.contentType)
    .attachment(`${file.name}.${EXTENSIONS[file.contentType] ?? 'bin'}`)
    .setHeader('x-content-type-options', 'nosniff')
    .send(file.bytes);
}

/**
 * A cell a spreadsheet will not run as a formula: text starting with = + - @ (or a tab or carriage return) gets
 * a leading apostrophe (OWASP "CSV injection"). For every cell of an export whose text comes from people or callers.
 */
export function spreadsheetSafe<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

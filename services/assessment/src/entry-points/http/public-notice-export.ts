import { sendCsv, sendWorkbook } from '@carelink/http';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { NOTICE_COLUMNS, type NoticeEntry, type PublicNotice } from '../../domain/public-notice/public-notice';

const cell = (e: NoticeEntry, key: (typeof NOTICE_COLUMNS)[number]['key']) => {
  const v = e[key];
  return Array.isArray(v) ? v.join('、') : v;
};

export function sendNoticeCsv(res: Response, notice: PublicNotice, filename: string): void {
  const rows = notice.entries.map((e) => NOTICE_COLUMNS.map((c) => cell(e, c.key)));
  sendCsv(
    res,
    NOTICE_COLUMNS.map((c) => c.header),
    rows,
    filename,
  );
}

/** A printable sheet: title row, the recipients, and where to object. */
export async function sendNoticeXlsx(res: Response, notice: PublicNotice, filename: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.creator = 'carelink';
  const sheet = book.addWorksheet('服务类社会救助对象公示');
  sheet.addRow(['服务类社会救助对象公示']).font = { bold: true, size: 14 };
  sheet.addRow(NOTICE_COLUMNS.map((c) => c.header)).font = { bold: true };
  for (const e of notice.entries) sheet.addRow(NOTICE_COLUMNS.map((c) => cell(e, c.key)));
  if (notice.hotline) sheet.addRow([`如有异议，请拨打监督电话 ${notice.hotline}`]);
  sheet.columns.forEach((col, i) => (col.width = i === 4 ? 36 : 18));
  await sendWorkbook(res, book, filename);
}

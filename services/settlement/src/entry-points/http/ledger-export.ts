import { csvWithBom, sendWorkbook, spreadsheetSafe } from '@carelink/http';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { StoredStatement } from '../../domain/statement/statement';
import { yuan } from './statement-export';

/**
 * The allocation ledger for finance (资金台账): one row per entry, every fen from its source through the statement
 * and its line to the visit it paid. Cells go through the same neutralising as the statement export.
 */
export interface LedgerRow {
  entryId: string;
  kind: 'allocation' | 'reversal';
  sourceCode: string;
  sourceName: string;
  budgetYear: number;
  county: string;
  statementId: string;
  township: string;
  providerId: string;
  month: string;
  lineId: string;
  visitId: string;
  serviceDate: string;
  itemCode: string;
  itemName: string;
  fen: number;
  familyMonth: string;
  reverses: string;
}

const COLUMNS: { key: keyof LedgerRow | 'yuan'; header: string; width: number }[] = [
  { key: 'entryId', header: '台账编号', width: 48 },
  { key: 'kind', header: '类型', width: 8 },
  { key: 'sourceCode', header: '资金来源代码', width: 22 },
  { key: 'sourceName', header: '资金来源', width: 28 },
  { key: 'budgetYear', header: '预算年度', width: 8 },
  { key: 'county', header: '县(市、区)', width: 10 },
  { key: 'statementId', header: '结算单编号', width: 36 },
  { key: 'township', header: '乡镇(街道)代码', width: 14 },
  { key: 'providerId', header: '服务机构', width: 22 },
  { key: 'month', header: '结算月份', width: 10 },
  { key: 'lineId', header: '行编号', width: 30 },
  { key: 'visitId', header: '服务记录编号', width: 30 },
  { key: 'serviceDate', header: '服务日期', width: 12 },
  { key: 'itemCode', header: '服务项目代码', width: 12 },
  { key: 'itemName', header: '服务项目', width: 16 },
  { key: 'fen', header: '金额(分)', width: 12 },
  { key: 'yuan', header: '金额(元)', width: 12 },
  { key: 'familyMonth', header: '低保增发月份', width: 12 },
  { key: 'reverses', header: '冲回的台账编号', width: 48 },
];

/** Rows of the entries of these statements (of one county-year), statement by statement, line by line. */
export function ledgerRowsOf(
  statements: readonly StoredStatement[],
  county: string,
  year: number,
  sourceName: (code: string) => string,
): LedgerRow[] {
  return statements.flatMap((s) => {
    const lines = new Map(s.frozen.lines.map((l) => [l.lineId, l]));
    return (s.ledger ?? [])
      .filter((e) => e.county === county && e.budgetYear === year)
      .map((e) => {
        const line = lines.get(e.lineId);
        return {
          entryId: e.entryId,
          kind: e.kind,
          sourceCode: e.sourceCode,
          sourceName: sourceName(e.sourceCode),
          budgetYear: e.budgetYear,
          county: e.county,
          statementId: s.statementId,
          township: s.township,
          providerId: s.providerId,
          month: s.month,
          lineId: e.lineId,
          visitId: e.visitId,
          serviceDate: line?.serviceDate ?? '',
          itemCode: line?.itemCode ?? '',
          itemName: line?.itemName.zh ?? '',
          fen: e.fen,
          familyMonth: e.topUp?.month ?? '',
          reverses: e.reverses ?? '',
        };
      });
  });
}

const cells = (r: LedgerRow) =>
  COLUMNS.map((c) => spreadsheetSafe(c.key === 'yuan' ? yuan(r.fen) : c.key === 'kind' ? KIND_ZH[r.kind] : r[c.key]));
const KIND_ZH = { allocation: '拨付', reversal: '冲回' } as const;

export function ledgerCsv(rows: readonly LedgerRow[]): string {
  return csvWithBom(
    COLUMNS.map((c) => c.header),
    rows.map(cells),
  );
}

export function ledgerWorkbook(rows: readonly LedgerRow[]): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'carelink';
  const sheet = book.addWorksheet('资金台账');
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const r of rows) {
    const values = cells(r);
    sheet.addRow(Object.fromEntries(COLUMNS.map((c, i) => [c.key, values[i]])));
  }
  sheet.getRow(1).font = { bold: true };
  return book;
}

export function sendLedgerCsv(res: Response, rows: readonly LedgerRow[], filename: string): void {
  res.type('text/csv; charset=utf-8').attachment(`${filename}.csv`).send(ledgerCsv(rows));
}

export async function sendLedgerXlsx(res: Response, rows: readonly LedgerRow[], filename: string): Promise<void> {
  await sendWorkbook(res, ledgerWorkbook(rows), filename);
}

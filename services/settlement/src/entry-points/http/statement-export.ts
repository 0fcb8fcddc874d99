import { csvWithBom, sendWorkbook, spreadsheetSafe } from '@carelink/http';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { Statement } from '../../domain/statement/statement';
import type { StatementLine } from '../../domain/statement/statement-lines';

/** The columns of a statement export for finance: one row per line (paid, held, adjusting, excluded). */
const COLUMNS = [
  { key: 'statementId', header: '结算单编号', width: 36 },
  { key: 'providerId', header: '服务机构', width: 22 },
  { key: 'township', header: '乡镇(街道)代码', width: 14 },
  { key: 'month', header: '结算月份', width: 10 },
  { key: 'state', header: '结算单状态', width: 12 },
  { key: 'lineId', header: '行编号', width: 30 },
  { key: 'kind', header: '类型', width: 8 },
  { key: 'visitId', header: '服务记录编号', width: 30 },
  { key: 'serviceDate', header: '服务日期', width: 12 },
  { key: 'itemCode', header: '服务项目代码', width: 12 },
  { key: 'itemName', header: '服务项目', width: 16 },
  { key: 'unit', header: '计量单位', width: 8 },
  { key: 'quantity', header: '数量', width: 8 },
  { key: 'unitFeeFen', header: '单价(分)', width: 10 },
  { key: 'amountFen', header: '金额(分)', width: 12 },
  { key: 'amountYuan', header: '金额(元)', width: 12 },
  { key: 'status', header: '结算情况', width: 10 },
  { key: 'reason', header: '原因', width: 48 },
] as const;

type Row = Record<(typeof COLUMNS)[number]['key'], string | number>;

const STATE_ZH: Record<Statement['state'], string> = {
  draft: '草稿',
  confirmed: '乡镇已确认',
  approved: '县级已审批',
  paid: '已支付',
};
const STATUS_ZH: Record<StatementLine['status'], string> = { payable: '结算', held: '暂缓', excluded: '不予结算' };

/** Fen as yuan text with two decimals, the sign kept (integer arithmetic, no float rounding). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function rowsOf(s: Statement): Row[] {
  return [...s.lines, ...s.excluded].map((l) => ({
    statementId: s.statementId,
    providerId: s.providerId,
    township: s.township,
    month: s.month,
    state: STATE_ZH[s.state],
    lineId: l.lineId,
    kind: l.kind === 'visit' ? '服务' : '调整',
    visitId: l.visitId,
    serviceDate: l.serviceDate,
    itemCode: l.itemCode,
    itemName: l.itemName.zh,
    unit: l.unit.zh,
    quantity: l.quantity,
    unitFeeFen: l.unitFeeFen,
    amountFen: l.amountFen,
    amountYuan: yuan(l.amountFen),
    status: STATUS_ZH[l.status],
    reason: l.reason?.zh ?? '',
  }));
}

const safeRow = (r: Row) => COLUMNS.map((c) => spreadsheetSafe(r[c.key]));

/** The statements' lines as CSV text (BOM for Excel), every text cell neutralised against formulas. */
export function statementsCsv(statements: readonly Statement[]): string {
  return csvWithBom(
    COLUMNS.map((c) => c.header),
    statements.flatMap(rowsOf).map(safeRow),
  );
}

/** A workbook: a 汇总 sheet (one row per statement with its totals and state), then a 明细 sheet of every line. */
export function statementsWorkbook(statements: readonly Statement[]): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'carelink';
  const summary = book.addWorksheet('汇总');
  summary.columns = [
    { header: '结算单编号', key: 'statementId', width: 36 },
    { header: '服务机构', key: 'providerId', width: 22 },
    { header: '乡镇(街道)代码', key: 'township', width: 14 },
    { header: '结算月份', key: 'month', width: 10 },
    { header: '状态', key: 'state', width: 12 },
    { header: '应付金额(分)', key: 'payableFen', width: 14 },
    { header: '应付金额(元)', key: 'payableYuan', width: 14 },
    { header: '其中调整(分)', key: 'adjustmentFen', width: 14 },
    { header: '暂缓金额(分)', key: 'heldFen', width: 14 },
    { header: '不予结算(条)', key: 'excluded', width: 12 },
    { header: '经办', key: 'history', width: 60 },
  ];
  for (const s of statements)
    summary.addRow(
      Object.fromEntries(
        Object.entries({
          statementId: s.statementId,
          providerId: s.providerId,
          township: s.township,
          month: s.month,
          state: STATE_ZH[s.state],
          payableFen: s.payableFen,
          payableYuan: yuan(s.payableFen),
          adjustmentFen: s.adjustmentFen,
          heldFen: s.heldFen,
          excluded: s.excluded.length,
          history: s.history.map((h) => `${STATE_ZH[h.state]} ${h.byName ?? h.by} ${h.at}`).join('；'),
        }).map(([k, v]) => [k, spreadsheetSafe(v)]),
      ),
    );
  summary.getRow(1).font = { bold: true };
  const detail = book.addWorksheet('明细');
  detail.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const r of statements.flatMap(rowsOf))
    detail.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, spreadsheetSafe(r[c.key])])));
  detail.getRow(1).font = { bold: true };
  return book;
}

export function sendStatementsCsv(res: Response, statements: readonly Statement[], filename: string): void {
  res.type('text/csv; charset=utf-8').attachment(`${filename}.csv`).send(statementsCsv(statements));
}

export async function sendStatementsXlsx(
  res: Response,
  statements: readonly Statement[],
  filename: string,
): Promise<void> {
  await sendWorkbook(res, statementsWorkbook(statements), filename);
}

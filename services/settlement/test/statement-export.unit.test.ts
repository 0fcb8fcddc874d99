import { statementsCsv, statementsWorkbook, yuan } from '../src/entry-points/http/statement-export';
import { computeStatement } from '../src/domain/statement/statement';
import { accrualOf } from './visit-fixture';

/** The rows of CSV text as csv-stringify writes it (quoted fields with doubled quotes). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

const facts = { terms: new Map(), holds: new Map(), payUnverified: false };
const statement = computeStatement({
  key: { region: 'chizhou', township: '341702001', providerId: '=HYPERLINK("http://x")', month: '2026-11' },
  visits: [
    accrualOf({
      visitId: 'a',
      providerId: '=HYPERLINK("http://x")',
      units: 2,
      deliveredAt: '2026-11-03T09:00:00+08:00',
    }),
    accrualOf({
      visitId: '+b',
      providerId: '=HYPERLINK("http://x")',
      verification: 'disputed',
      deliveredAt: '2026-11-04T09:00:00+08:00',
    }),
  ],
  confirmedBefore: [],
  facts,
});

describe('statement exports for finance', () => {
  it('CSV: a row per line (paid, then excluded with its reason), formula-looking cells neutralised, fen and yuan', () => {
    const text = statementsCsv([statement]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = csvRows(text.slice(1));
    expect(rows[0]).toEqual([
      '结算单编号',
      '服务机构',
      '乡镇(街道)代码',
      '结算月份',
      '结算单状态',
      '行编号',
      '类型',
      '服务记录编号',
      '服务日期',
      '服务项目代码',
      '服务项目',
      '计量单位',
      '数量',
      '单价(分)',
      '金额(分)',
      '金额(元)',
      '结算情况',
      '原因',
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[1]!.slice(1, 2)).toEqual([`'=HYPERLINK("http://x")`]);
    expect(rows[1]!.slice(5, 18)).toEqual([
      'a',
      '服务',
      'a',
      '2026-11-03',
      'CZ-SH-01',
      '助餐送餐',
      '次',
      '2',
      '1500',
      '3000',
      '30.00',
      '结算',
      '',
    ]);
    expect(rows[2]!.slice(5, 8)).toEqual([`'+b`, '服务', `'+b`]);
    expect(rows[2]![16]).toBe('不予结算');
    expect(rows[2]![17]).toContain('服务对象否认');
  });

  it('XLSX: a summary sheet per statement and a detail sheet of every line, neutralised alike', () => {
    const book = statementsWorkbook([statement]);
    expect(book.getWorksheet('汇总')!.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://x")`);
    expect(book.getWorksheet('汇总')!.getRow(2).getCell(6).value).toBe(3000);
    expect(book.getWorksheet('明细')!.rowCount).toBe(3);
  });

  it('writes fen as yuan with integer arithmetic, sign kept', () => {
    expect([yuan(0), yuan(5), yuan(1500), yuan(-1505), yuan(123456789)]).toEqual([
      '0.00',
      '0.05',
      '15.00',
      '-15.05',
      '1234567.89',
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { csvText } from './csv';
import { fenAsYuan, formatFen } from './money';

describe('CSV for spreadsheets', () => {
  it('starts with a BOM, quotes what needs it and ends lines with CRLF', () => {
    expect(
      csvText(
        ['事项', '金额'],
        [
          ['助洁, 每次', 12.5],
          ['说 "好"', 3],
        ],
      ),
    ).toBe('\uFEFF事项,金额\r\n"助洁, 每次",12.5\r\n"说 ""好""",3\r\n');
  });

  it('never lets a cell run as a formula', () => {
    expect(csvText(['备注'], [['=HYPERLINK("x")'], ['-1+2'], ['@SUM(A1)']])).toBe(
      '\uFEFF备注\r\n"\'=HYPERLINK(""x"")"\r\n\'-1+2\r\n\'@SUM(A1)\r\n',
    );
  });

  it('keeps negative numbers as numbers', () => {
    expect(csvText(['n'], [[-5]])).toBe('\uFEFFn\r\n-5\r\n');
  });
});

describe('money in fen', () => {
  it('shows yuan with two decimals', () => {
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(-250)).toBe('-¥2.50');
  });

  it('writes yuan for spreadsheets without rounding through floating point', () => {
    expect(fenAsYuan(123456)).toBe('1234.56');
    expect(fenAsYuan(7)).toBe('0.07');
    expect(fenAsYuan(-1001)).toBe('-10.01');
  });
});

/** Money is kept in integer fen (分) everywhere; screens show yuan with two decimals. */

const yuan = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `123456` fen → `¥1,234.56`. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  return `${sign}¥${yuan.format(Math.abs(fen) / 100)}`;
}

/** `123456` fen → `1234.56` (for spreadsheets: no symbol, no grouping). */
export function fenAsYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

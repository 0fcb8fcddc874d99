/**
 * CSV text a spreadsheet opens correctly: a BOM (so Excel reads the Chinese text as UTF-8), CRLF lines, quoted
 * cells, and text starting with = + - @ (or a tab or carriage return) led by an apostrophe so that it is never run
 * as a formula (OWASP "CSV injection": names and notes come from people).
 */
export function csvText(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number) => {
    const s = typeof v === 'number' ? String(v) : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

import type { ReactNode } from 'react';

/**
 * A plain table shown only when printing (print.css): every row, not one page of an interactive table, in black
 * on white with ruled cells.
 */
export function PrintTable<T>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption?: ReactNode;
  columns: { title: string; value: (row: T) => ReactNode }[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
}) {
  return (
    <table className="print-only print-table">
      {caption && <caption style={{ textAlign: 'left', fontWeight: 'bold', padding: '6pt 0' }}>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.title}>{c.title}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={rowKey(r, i)}>
            {columns.map((c) => (
              <td key={c.title}>{c.value(r)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

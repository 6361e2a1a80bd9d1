/**
 * CSV for Analytics downloads. Khoros does not document its CSV dialect (reference §3), so
 * this is seed-defined: RFC 4180 (comma, double quotes doubled, CRLF line ends), a header
 * row of the export's columns, empty fields for null.
 */
import type { ReportRow } from './report-rows.ts';

/**
 * Renders rows under a header of `columns`.
 *
 * @example
 * toCsv(['a', 'b'], [{ a: 1, b: 'x,y' }]); // 'a,b\r\n1,"x,y"\r\n'
 */
export function toCsv(columns: readonly string[], rows: readonly ReportRow[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function field(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

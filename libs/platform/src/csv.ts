import type { ExportCell, ExportPage } from '@cadre/contracts';

export type CsvColumn<T> = [header: string, value: (row: T) => unknown];

export const CSV_BOM = '\uFEFF';

/**
 * One CSV cell (RFC 4180). Text that starts with =, +, - or @ is prefixed with ' so a spreadsheet never runs it
 * as a formula; a number is data, never a formula, and stays as it is.
 */
export function csvCell(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A CSV file with a UTF-8 byte-order mark, so Excel opens Chinese text correctly. */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  return CSV_BOM + csvLine(columns.map(([header]) => header)) + rows.map((row) => csvLine(columns.map(([, get]) => get(row)))).join('');
}

/** A value as an export cell: numbers stay numbers (a spreadsheet sums them), anything else is text. */
export function exportCell(value: unknown): ExportCell {
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return value === null || value === undefined ? '' : String(value);
}

/** The rows rendered through the columns, as export cells. */
export function exportRows<T>(columns: CsvColumn<T>[], rows: readonly T[]): ExportCell[][] {
  return rows.map((row) => columns.map(([, get]) => exportCell(get(row))));
}

/** A page of an export (`next` null: the last, or the only one for a table that is small by nature). */
export function exportPage<T>(columns: CsvColumn<T>[], rows: readonly T[], filename: string, next: string | null = null): ExportPage {
  return { filename, header: columns.map(([header]) => header), rows: exportRows(columns, rows), next };
}

/** A whole export page as CSV text (with the BOM and header): for a file that is one page, and for tests. */
export function exportCsv(page: Pick<ExportPage, 'header' | 'rows'>): string {
  return CSV_BOM + csvLine(page.header) + page.rows.map(csvLine).join('');
}

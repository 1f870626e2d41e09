export type CsvColumn<T> = [header: string, value: (row: T) => unknown];

/**
 * RFC 4180 CSV with a UTF-8 byte-order mark, so Excel opens Chinese text correctly. A cell that starts with
 * =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula.
 */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [columns.map(([header]) => cell(header)).join(','), ...rows.map((row) => columns.map(([, get]) => cell(get(row))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

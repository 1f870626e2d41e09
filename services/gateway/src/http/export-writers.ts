import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stream as excelStream, type Worksheet } from 'exceljs';
import type { ExportCell, ExportFormat, ExportPage } from '@cadre/contracts';
import { CSV_BOM, csvLine } from '@cadre/platform';

/** Writes an export's pages, as they come, to a stream; `end` finishes the file (and ends the stream). */
export interface ExportWriter {
  writePage(page: ExportPage): Promise<void>;
  end(): Promise<void>;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The file name with the format's extension (the services name their files `….csv`). */
export function exportFilename(filename: string, format: ExportFormat): string {
  return `${filename.replace(/\.(csv|xlsx)$/i, '')}.${format}`;
}

export function exportWriter(format: ExportFormat, out: Writable): ExportWriter {
  return format === 'csv' ? new CsvExportWriter(out) : new XlsxExportWriter(out);
}

/** Waits until the stream takes more (the client reads slowly), so no more than about a page waits in memory. */
async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await Promise.race([once(out, 'drain'), once(out, 'close')]);
}

/** CSV: a BOM (so Excel opens Chinese text) and the header with the first page, then each page's lines. */
export class CsvExportWriter implements ExportWriter {
  private started = false;

  constructor(private readonly out: Writable) {}

  async writePage(page: ExportPage): Promise<void> {
    let text = '';
    if (!this.started) {
      text = CSV_BOM + csvLine(page.header);
      this.started = true;
    }
    text += page.rows.map(csvLine).join('');
    if (text) this.out.write(text);
    await drained(this.out);
  }

  async end(): Promise<void> {
    if (!this.started) this.out.write(CSV_BOM);
    this.out.end();
    if (!this.out.writableFinished && !this.out.destroyed) await Promise.race([once(this.out, 'finish'), once(this.out, 'close')]);
  }
}

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** A column's width in Excel's units (characters; a Chinese character is about two). */
export function columnWidth(cells: readonly ExportCell[]): number {
  const widest = Math.max(0, ...cells.map((cell) => [...String(cell)].reduce((width, ch) => width + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0)));
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
}

/** A worksheet's name: at most 31 characters, none of \ / ? * [ ] : */
export function sheetName(filename: string): string {
  return filename.replace(/\.(csv|xlsx)$/i, '').replace(/[\\/?*[\]:]/g, '_').slice(0, 31) || 'Sheet1';
}

/**
 * XLSX through exceljs' streaming WorkbookWriter: one sheet with a frozen bold header row, widths from the header
 * and the first page, numbers as numbers; every row is committed as it is written, so only a page is in memory.
 */
export class XlsxExportWriter implements ExportWriter {
  private readonly workbook: excelStream.xlsx.WorkbookWriter;
  private sheet: Worksheet | null = null;

  constructor(private readonly out: Writable) {
    this.workbook = new excelStream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  }

  async writePage(page: ExportPage): Promise<void> {
    const sheet = this.sheet ?? this.startSheet(page);
    for (const row of page.rows) sheet.addRow(row).commit();
    await drained(this.out);
  }

  async end(): Promise<void> {
    this.sheet ??= this.startSheet({ filename: 'Sheet1', header: [], rows: [], next: null });
    this.sheet.commit();
    await this.workbook.commit();
  }

  private startSheet(page: ExportPage): Worksheet {
    const sheet = this.workbook.addWorksheet(sheetName(page.filename), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = page.header.map((header, i) => ({ width: columnWidth([header, ...page.rows.map((row) => row[i] ?? '')]) }));
    const headerRow = sheet.addRow(page.header);
    headerRow.font = { bold: true };
    headerRow.commit();
    this.sheet = sheet;
    return sheet;
  }
}

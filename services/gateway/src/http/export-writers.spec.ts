import { PassThrough } from 'node:stream';
import { Workbook } from 'exceljs';
import type { ExportPage } from '@cadre/contracts';
import { CsvExportWriter, XlsxExportWriter, columnWidth, exportFilename, sheetName } from './export-writers';

const pages: ExportPage[] = [
  { filename: '积分排名.csv', header: ['姓名', '积分', '说明'], rows: [['王海军', 12.5, '招商, "引资"']], next: 'c1' },
  { filename: '积分排名.csv', header: ['姓名', '积分', '说明'], rows: [['=SUM(A1)', -3, '多行\n说明']], next: null },
];

async function written(writer: (out: PassThrough) => CsvExportWriter | XlsxExportWriter): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const w = writer(out);
  for (const page of pages) await w.writePage(page);
  await w.end();
  return Buffer.concat(chunks);
}

describe('CSV export writer', () => {
  it('writes one BOM and the header once, escapes cells, defuses formulas in text, keeps numbers', async () => {
    const text = (await written((out) => new CsvExportWriter(out))).toString('utf8');
    expect(text).toBe('\uFEFF姓名,积分,说明\r\n王海军,12.5,"招商, ""引资"""\r\n\'=SUM(A1),-3,"多行\n说明"\r\n');
  });

  it('writes a file with only a BOM when there is nothing at all', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new CsvExportWriter(out).end();
    expect(Buffer.concat(chunks).toString('utf8')).toBe('\uFEFF');
  });
});

describe('XLSX export writer', () => {
  it('writes a workbook with one sheet: a frozen bold header, Chinese text, numbers as numbers', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load((await written((out) => new XlsxExportWriter(out))) as never);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('积分排名');
    expect(sheet.getRow(1).values).toEqual([undefined, '姓名', '积分', '说明']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('A2').value).toBe('王海军');
    expect(sheet.getCell('B2').value).toBe(12.5);
    expect(sheet.getCell('B3').value).toBe(-3);
    expect(sheet.getCell('A3').value).toBe('=SUM(A1)');
    expect(sheet.getCell('A3').type).toBe(3); // ValueType.String: text, never a formula
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getColumn(3).width).toBeGreaterThan(sheet.getColumn(2).width ?? 0);
  });
});

describe('export file names and widths', () => {
  it('gives the name the format’s extension and a sheet a legal name', () => {
    expect(exportFilename('records-2026-12-04.csv', 'xlsx')).toBe('records-2026-12-04.xlsx');
    expect(exportFilename('考核.csv', 'csv')).toBe('考核.csv');
    expect(sheetName('a/b:c?.csv')).toBe('a_b_c_');
    expect(sheetName(`${'长'.repeat(40)}.csv`)).toHaveLength(31);
  });

  it('counts a Chinese character as two, within 6 to 60', () => {
    expect(columnWidth(['姓名'])).toBe(6);
    expect(columnWidth(['龙华区人民政府办公室'])).toBe(22);
    expect(columnWidth(['x'.repeat(200)])).toBe(60);
  });
});

import PDFDocument from 'pdfkit';
import type { DossierFont } from './dossier-font';
import type { DossierLayout, DossierTable } from './dossier-layout';

const FONT = 'dossier-cjk';
const MARGIN = 50;
const FOOTER_SPACE = 30;
const CELL_PADDING = 4;
const BODY_SIZE = 9;
const BORDER = '#999999';
const HEADER_FILL = '#eeeeee';

type Doc = PDFKit.PDFDocument;

function bottomOf(doc: Doc): number {
  return doc.page.height - MARGIN - FOOTER_SPACE;
}

function widthOf(doc: Doc): number {
  return doc.page.width - 2 * MARGIN;
}

/** One row of cells, each wrapped in its column; a row that does not fit starts a new page (after `onNewPage`). */
function drawRow(doc: Doc, cells: string[], widths: number[], options: { fill?: string; onNewPage?: () => void }): void {
  const heights = cells.map((text, i) => doc.heightOfString(text, { width: (widths[i] ?? 0) - 2 * CELL_PADDING }));
  const height = Math.max(...heights) + 2 * CELL_PADDING;
  if (doc.y + height > bottomOf(doc)) {
    doc.addPage();
    options.onNewPage?.();
  }
  const top = doc.y;
  let x = MARGIN;
  cells.forEach((text, i) => {
    const width = widths[i] ?? 0;
    if (options.fill) doc.rect(x, top, width, height).fill(options.fill);
    doc.rect(x, top, width, height).lineWidth(0.5).stroke(BORDER);
    doc.fillColor('#000000').text(text, x + CELL_PADDING, top + CELL_PADDING, { width: width - 2 * CELL_PADDING });
    x += width;
  });
  doc.x = MARGIN;
  doc.y = top + height;
}

function drawTable(doc: Doc, table: DossierTable): void {
  if (doc.y + 60 > bottomOf(doc)) doc.addPage();
  doc.moveDown(0.8).fontSize(12).text(table.heading, MARGIN, doc.y).moveDown(0.3).fontSize(BODY_SIZE);
  if (!table.rows.length) {
    doc.text(table.empty, MARGIN, doc.y, { width: widthOf(doc) });
    return;
  }
  const widths = table.columns.map((column) => column.width * widthOf(doc));
  const header = () => drawRow(doc, table.columns.map((column) => column.header), widths, { fill: HEADER_FILL });
  header();
  for (const row of table.rows) drawRow(doc, row, widths, { onNewPage: header });
}

/** "第 N 页 / 共 M 页" and the generated time at the foot of every page, once every page exists. */
function drawFooters(doc: Doc, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start another page: the margin is lifted while the footer is written.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN;
    doc.fontSize(8).fillColor('#333333');
    doc.text(footer, MARGIN, y, { width: widthOf(doc) / 2, align: 'left', lineBreak: false });
    doc.text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, MARGIN + widthOf(doc) / 2, y, { width: widthOf(doc) / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * 实绩档案 as an A4 PDF with the CJK font embedded (subset by pdfkit): the title, the header block, the tables with
 * wrapped cells (a table's header repeated on each page it spans) and the page footers. The document is ended here;
 * the caller streams it (it is a readable stream).
 */
export function renderDossierPdf(layout: DossierLayout, font: DossierFont): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: layout.title, Subject: layout.filename },
  });
  doc.registerFont(FONT, font.path, font.family);
  doc.font(FONT);
  doc.fontSize(20).text(layout.title, { align: 'center' });
  doc.fontSize(11).text(layout.subtitle, { align: 'center' }).moveDown(0.8);
  doc.fontSize(10);
  for (const [label, value] of layout.header) doc.text(`${label}：${value}`, MARGIN, doc.y, { width: widthOf(doc) });
  for (const table of layout.sections) drawTable(doc, table);
  drawFooters(doc, layout.footer);
  doc.end();
  return doc;
}

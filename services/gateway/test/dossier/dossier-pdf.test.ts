/**
 * The 实绩档案 PDF as pdfkit renders it with the CJK font (no platform): it opens in pdfjs-dist, its text is the
 * layout's (Chinese text, not boxes), a long table runs over pages with its header repeated, and every page carries
 * "第 N 页 / 共 M 页" and the generated time. Needs the font the gateway would use (Debian's fonts-wqy-microhei,
 * installed by `npm test`).
 */
import { composeDossier } from '../../src/dossier/compose-dossier';
import { resolveDossierFont, type DossierFont } from '../../src/dossier/dossier-font';
import { dossierLayout } from '../../src/dossier/dossier-layout';
import { renderDossierPdf } from '../../src/dossier/dossier-pdf';
import { portraitOf, sourcesOf } from './fixtures';
import { pdfText } from './pdf-text';

jest.setTimeout(60_000);

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const compact = (text: string) => text.replace(/\s+/g, '');

describe('the 实绩档案 PDF', () => {
  const font = resolveDossierFont({}) as DossierFont;

  beforeAll(() => {
    if (!font) throw new Error('no CJK font installed (apt-get install fonts-wqy-microhei): the PDF cannot be rendered');
  });

  it('opens and reads as the layout: title, header, rows and page footers', async () => {
    const layout = dossierLayout(composeDossier(sourcesOf()));
    const pdf = await bytesOf(renderDossierPdf(layout, font));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBe(1);
    const page = compact(text[0]!);
    for (const expected of ['实绩档案', '2026年度', '姓名：钱红', '单位：龙华区商务局', '职级：科级', '引进500强企业区域总部', '招商引资/500强企业引进', '自贸港政策落地攻坚', '第1页/共1页', '生成时间：2026-07-0110:05'])
      expect(page).toContain(expected);
    expect(page).not.toContain('r-1');
  });

  it('runs a long table over pages, numbering each page of the total', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      kind: 'record' as const,
      id: `r-${i}`,
      title: `第${i + 1}项履职纪实：推进重点项目建设，协调解决企业用地、用工和融资等实际困难，形成可复制推广的经验做法`,
      at: '2026-03-31T17:00:00.000Z',
      category: 'INVEST-03',
      rating: 'good',
      impactLevel: 'city',
      role: 'member' as const,
      share: 50,
      points: 7.68,
    }));
    const layout = dossierLayout(composeDossier(sourcesOf({ portrait: portraitOf({ timeline: many }) })));
    const { pages, text } = await pdfText(await bytesOf(renderDossierPdf(layout, font)));
    expect(pages).toBeGreaterThan(2);
    text.forEach((page, i) => expect(compact(page)).toContain(`第${i + 1}页/共${pages}页`));
    // The records table's header is repeated on the pages it continues on.
    expect(compact(text[1]!)).toContain('标题事项纪实期间');
    const all = compact(text.join(''));
    for (let i = 1; i <= 60; i++) expect(all).toContain(`第${i}项履职纪实`);
  });

  it('throws before any byte when the font file is not a font (the route answers 503 naming it)', () => {
    const layout = dossierLayout(composeDossier(sourcesOf()));
    expect(() => renderDossierPdf(layout, { path: __filename })).toThrow();
  });
});

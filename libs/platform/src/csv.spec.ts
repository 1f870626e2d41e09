import { csvLine, exportPage, toCsv } from './csv';

describe('toCsv', () => {
  it('writes a BOM, quotes what needs quoting and defuses formulas in text', () => {
    const csv = toCsv<{ a: string; b: number }>(
      [
        ['名称', (r) => r.a],
        ['数量', (r) => r.b],
      ],
      [
        { a: '招商, "引资"', b: 5 },
        { a: '=HYPERLINK("x")', b: -1 },
        { a: '-1', b: 2.5 },
      ],
    );
    expect(csv).toBe('\uFEFF名称,数量\r\n"招商, ""引资""",5\r\n"\'=HYPERLINK(""x"")",-1\r\n\'-1,2.5\r\n');
  });

  it('writes empty cells for null, undefined and non-finite numbers', () => {
    expect(csvLine([null, undefined, Number.NaN, 'a\nb'])).toBe(',,,"a\nb"\r\n');
  });
});

describe('exportPage', () => {
  it('keeps numbers as numbers and renders everything else as text', () => {
    const page = exportPage<{ a: string | null; b: number }>(
      [
        ['名称', (r) => r.a],
        ['数量', (r) => r.b],
      ],
      [{ a: null, b: 3 }],
      '表.csv',
    );
    expect(page).toEqual({ filename: '表.csv', header: ['名称', '数量'], rows: [['', 3]], next: null });
  });
});

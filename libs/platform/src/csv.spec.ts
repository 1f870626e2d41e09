import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a BOM, quotes what needs quoting and defuses formulas', () => {
    const csv = toCsv<{ a: string; b: number }>(
      [
        ['名称', (r) => r.a],
        ['数量', (r) => r.b],
      ],
      [
        { a: '招商, "引资"', b: 5 },
        { a: '=HYPERLINK("x")', b: -1 },
      ],
    );
    expect(csv).toBe('\uFEFF名称,数量\r\n"招商, ""引资""",5\r\n"\'=HYPERLINK(""x"")",\'-1\r\n');
  });
});

import { rankCadres, rankChange, unknownScopeError, withNames } from './ranking';

describe('rankCadres', () => {
  it('ranks by points, ties sharing a rank (1, 2, 2, 4), then by cadreId', () => {
    const ranked = rankCadres([
      { cadreId: 'd', points: 5 },
      { cadreId: 'c', points: 8 },
      { cadreId: 'a', points: 10 },
      { cadreId: 'b', points: 8 },
    ]);
    expect(ranked.map((r) => [r.cadreId, r.points, r.rank, r.percentile])).toEqual([
      ['a', 10, 1, 75],
      ['b', 8, 2, 25],
      ['c', 8, 2, 25],
      ['d', 5, 4, 0],
    ]);
  });

  it('keeps the rows’ other fields', () => {
    expect(rankCadres([{ cadreId: 'a', points: 1, name: '张三' }])).toEqual([{ cadreId: 'a', points: 1, name: '张三', rank: 1, percentile: 0 }]);
  });

  it('gives percentiles with 2 decimals: the share with strictly fewer points', () => {
    const ranked = rankCadres([
      { cadreId: 'a', points: 3 },
      { cadreId: 'b', points: 2 },
      { cadreId: 'c', points: 1 },
    ]);
    expect(ranked.map((r) => r.percentile)).toEqual([66.67, 33.33, 0]);
  });

  it('ranks everyone first when all are equal, and handles none', () => {
    expect(rankCadres([{ cadreId: 'b', points: 0 }, { cadreId: 'a', points: 0 }]).map((r) => [r.cadreId, r.rank, r.percentile])).toEqual([
      ['a', 1, 0],
      ['b', 1, 0],
    ]);
    expect(rankCadres([])).toEqual([]);
  });

  it('handles negative points and many ties quickly', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ cadreId: `c${String(i).padStart(5, '0')}`, points: i < 10 ? -1 : 0 }));
    const started = Date.now();
    const ranked = rankCadres(rows);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(ranked[0]).toMatchObject({ cadreId: 'c00010', rank: 1, percentile: 0.02 });
    expect(ranked[49_990]).toMatchObject({ cadreId: 'c00000', rank: 49_991, percentile: 0 });
  });

  it('refuses non-finite points', () => {
    expect(() => rankCadres([{ cadreId: 'a', points: Number.NaN }])).toThrow('points of a must be a finite number');
  });
});

describe('rankChange', () => {
  it('is positive when the cadre moved up, negative down, 0 unchanged, null when new', () => {
    expect(rankChange(5, 2)).toBe(3);
    expect(rankChange(2, 5)).toBe(-3);
    expect(rankChange(4, 4)).toBe(0);
    expect(rankChange(undefined, 1)).toBeNull();
    expect(rankChange(null, 1)).toBeNull();
  });
});

describe('unknownScopeError', () => {
  it('a department scope must name a department the directory knows (400 naming scope)', () => {
    expect(unknownScopeError({ kind: 'department' }, false)).toEqual({ path: 'scope', message: 'no such department' });
    expect(unknownScopeError({ kind: 'department' }, true)).toBeNull();
  });

  it('all and rank scopes need no lookup', () => {
    expect(unknownScopeError({ kind: 'all' }, false)).toBeNull();
    expect(unknownScopeError({ kind: 'rank' }, false)).toBeNull();
  });
});

describe('withNames', () => {
  it('adds each row’s department name and fills a cadre’s name the row lacks', () => {
    const rows = [
      { cadreId: 'c1', name: '王海军', departmentId: 'd1', points: 3 },
      { cadreId: 'c2', name: '', departmentId: 'd2', points: 2 },
      { cadreId: 'c3', name: '', departmentId: 'gone', points: 1 },
    ];
    expect(withNames(rows, new Map([['d1', '甲区'], ['d2', '乙区']]), new Map([['c2', { name: '钱红' }]]))).toEqual([
      { cadreId: 'c1', name: '王海军', departmentId: 'd1', departmentName: '甲区', points: 3 },
      { cadreId: 'c2', name: '钱红', departmentId: 'd2', departmentName: '乙区', points: 2 },
      { cadreId: 'c3', name: '', departmentId: 'gone', points: 1 },
    ]);
  });
});

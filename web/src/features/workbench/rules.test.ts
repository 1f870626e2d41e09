import { myRank, scoringYear } from './rules';

const row = (cadreId: string, rank: number) => ({ rank, cadreId, name: cadreId, departmentId: 'd', rankLevel: 'section' as const, points: 10, percentile: 50, change: null });

describe('myRank', () => {
  it('finds the user on the page', () => {
    expect(myRank({ items: [row('a', 1), row('me', 2)], total: 2 }, 'me')).toEqual({ kind: 'ranked', rank: 2, total: 2 });
  });
  it('says beyond the page when more are ranked than read', () => {
    expect(myRank({ items: [row('a', 1)], total: 500 }, 'me')).toEqual({ kind: 'beyond', total: 500 });
  });
  it('says not ranked when the whole ranking lacks the user, or there is none', () => {
    expect(myRank({ items: [row('a', 1)], total: 1 }, 'me')).toEqual({ kind: 'none' });
    expect(myRank(undefined, 'me')).toEqual({ kind: 'none' });
  });
});

describe('scoringYear', () => {
  it('is the year at UTC+8', () => {
    expect(scoringYear(new Date('2026-12-31T16:00:00Z'))).toBe('2027');
    expect(scoringYear(new Date('2026-12-31T15:59:00Z'))).toBe('2026');
  });
});

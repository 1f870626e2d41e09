import { currentScoringYear, parseRankingScope, periodYears, rankingQuery, scoreQuery, scoringYearOf } from './requests';

describe('scoringYearOf', () => {
  it('is the calendar year in China Standard Time (UTC+8)', () => {
    expect(scoringYearOf('2026-06-01T00:00:00Z')).toBe('2026');
    expect(scoringYearOf('2026-12-31T15:59:59.999Z')).toBe('2026');
    expect(scoringYearOf('2026-12-31T16:00:00Z')).toBe('2027');
    expect(scoringYearOf('2027-01-01T00:30:00+08:00')).toBe('2027');
    expect(scoringYearOf(new Date('2025-12-31T16:00:00Z'))).toBe('2026');
    expect(() => scoringYearOf('not a date')).toThrow(RangeError);
  });

  it('gives the current year', () => {
    expect(currentScoringYear(new Date('2026-12-31T20:00:00Z'))).toBe('2027');
  });
});

describe('periodYears', () => {
  it('is the year itself, or the current year and the two before for rolling3', () => {
    expect(periodYears('2025')).toEqual(['2025']);
    expect(periodYears('rolling3', new Date('2026-05-01T00:00:00Z'))).toEqual(['2024', '2025', '2026']);
    expect(() => periodYears('last year')).toThrow(RangeError);
  });
});

describe('scoreQuery', () => {
  it('accepts a year or rolling3 and defaults to the current year', () => {
    expect(scoreQuery.parse({ period: '2025' })).toEqual({ period: '2025' });
    expect(scoreQuery.parse({ period: 'rolling3' })).toEqual({ period: 'rolling3' });
    expect(scoreQuery.parse({})).toEqual({ period: currentScoringYear() });
  });

  it('rejects other periods and unknown parameters', () => {
    for (const period of ['25', '1999', '2100', 'rolling2', '2025-01', ['2025']]) expect(scoreQuery.safeParse({ period }).success).toBe(false);
    expect(scoreQuery.safeParse({ period: '2025', cadreId: 'x' }).success).toBe(false);
  });
});

describe('rankingQuery', () => {
  it('defaults to all cadres, the current year and the first page of 20', () => {
    expect(rankingQuery.parse({})).toEqual({ period: currentScoringYear(), scope: 'all', page: 1, pageSize: 20, format: 'json' });
  });

  it('accepts the scopes of docs/API.md and coerces paging', () => {
    expect(rankingQuery.parse({ scope: 'department:dep-1_a', page: '2', pageSize: '100', period: 'rolling3' })).toEqual({
      scope: 'department:dep-1_a',
      page: 2,
      pageSize: 100,
      period: 'rolling3',
      format: 'json',
    });
    for (const scope of ['rank:division', 'rank:section', 'rank:staff']) expect(rankingQuery.safeParse({ scope }).success).toBe(true);
  });

  it('rejects other scopes, pages over 100 and unknown parameters', () => {
    for (const scope of ['everyone', 'department:', 'department:a.b', 'rank:minister', 'rank:', 'all ']) {
      const result = rankingQuery.safeParse({ scope });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path).toEqual(['scope']);
    }
    expect(rankingQuery.safeParse({ pageSize: '101' }).success).toBe(false);
    expect(rankingQuery.safeParse({ sort: 'points' }).success).toBe(false);
  });
});

describe('parseRankingScope', () => {
  it('structures a scope', () => {
    expect(parseRankingScope('all')).toEqual({ kind: 'all' });
    expect(parseRankingScope('department:d-1')).toEqual({ kind: 'department', departmentId: 'd-1' });
    expect(parseRankingScope('rank:section')).toEqual({ kind: 'rank', rankLevel: 'section' });
    expect(() => parseRankingScope('rank:minister')).toThrow(RangeError);
  });
});

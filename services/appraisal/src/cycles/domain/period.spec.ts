import { beijingYear, periodFits, periodMatches } from './period';

describe('periods', () => {
  it('quarterly needs YYYY-Qn, annual and special YYYY', () => {
    expect(periodFits('quarterly', '2026-Q3')).toBe(true);
    expect(periodFits('quarterly', '2026')).toBe(false);
    expect(periodFits('annual', '2026')).toBe(true);
    expect(periodFits('annual', '2026-Q1')).toBe(false);
    expect(periodFits('special', '2026-Q1')).toBe(false);
  });

  it('a year filter matches its quarters', () => {
    expect(periodMatches('2026', '2026-Q2')).toBe(true);
    expect(periodMatches('2026-Q2', '2026-Q2')).toBe(true);
    expect(periodMatches('2026-Q1', '2026-Q2')).toBe(false);
    expect(periodMatches(undefined, '2025')).toBe(true);
  });

  it('the year is Beijing’s', () => {
    expect(beijingYear(new Date('2026-12-31T16:30:00Z'))).toBe('2027');
    expect(beijingYear(new Date('2026-12-31T15:30:00Z'))).toBe('2026');
  });
});

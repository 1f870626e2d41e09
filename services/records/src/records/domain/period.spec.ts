import { latestPeriodEnd, periodEndProblem } from './period';

describe('period bounds', () => {
  it('takes today in Beijing: 23:30 UTC is already the next day there', () => {
    expect(latestPeriodEnd(new Date('2026-12-03T15:59:59Z'))).toBe('2027-01-03');
    expect(latestPeriodEnd(new Date('2026-12-03T16:00:00Z'))).toBe('2027-01-04');
  });

  it('allows an end up to today + 31 days and refuses the day after, naming periodEnd', () => {
    const now = new Date('2026-02-10T04:00:00Z');
    expect(periodEndProblem('2026-03-13', now)).toBeUndefined();
    expect(periodEndProblem('2025-12-31', now)).toBeUndefined();
    expect(periodEndProblem('2026-03-14', now)).toEqual({ path: 'periodEnd', message: 'must not be later than 2026-03-13 (today + 31 days, Beijing time)' });
  });
});

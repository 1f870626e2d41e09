import { beijingNow, percentSum, periodLabel, periodOf, toFraction, toPercent, withinQuota } from './rules';

describe('appraisal rules', () => {
  it('keeps the best grade within its quota, counting the cadre’s own best grade once', () => {
    const top = { grade: 'excellent' as const, used: 2, max: 2 };
    expect(withinQuota('excellent', top, { grade: null, status: 'pending' })).toBe(false);
    expect(withinQuota('competent', top, { grade: null, status: 'pending' })).toBe(true);
    expect(withinQuota('excellent', top, { grade: 'excellent', status: 'submitted' })).toBe(true);
    // A returned best grade no longer counts: entering it again needs room.
    expect(withinQuota('excellent', top, { grade: 'excellent', status: 'returned' })).toBe(false);
    expect(withinQuota('excellent', { ...top, used: 1 }, { grade: null, status: 'pending' })).toBe(true);
    expect(withinQuota('good', { grade: 'good', used: 0, max: 0 }, { grade: null, status: 'pending' })).toBe(false);
  });

  it('converts percent and fractions without float noise, and sums weights', () => {
    expect(toFraction(15)).toBe(0.15);
    expect(toFraction(33.33)).toBe(0.3333);
    expect(toPercent(0.15)).toBe(15);
    expect(percentSum([20, 20, 15, 30, 15])).toBe(100);
    expect(percentSum([33.33, 33.33, 33.34])).toBe(100);
    expect(percentSum([10, undefined, null])).toBe(10);
  });

  it('names periods', () => {
    expect(periodOf('quarterly', 2026, 3)).toBe('2026-Q3');
    expect(periodOf('annual', 2026, 3)).toBe('2026');
    expect(periodLabel('2026-Q3')).toBe('2026年第3季度');
    expect(periodLabel('2026')).toBe('2026年度');
    // Beijing time: 2026-12-31 17:00 UTC is already 2027 Q1 there.
    expect(beijingNow(Date.parse('2026-12-31T17:00:00Z'))).toEqual({ year: 2027, quarter: 1 });
  });
});

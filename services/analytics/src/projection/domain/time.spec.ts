import { dayOf, daysBetween, durationKey, minutesOfKey, monthOf, monthsOf, quantiles } from './time';

describe('calendar attribution (UTC+8)', () => {
  it('puts an instant in the month and day of Haikou', () => {
    expect(monthOf('2026-01-31T15:59:59Z')).toBe('2026-01');
    expect(monthOf('2026-01-31T16:00:00Z')).toBe('2026-02');
    expect(dayOf('2026-12-31T17:00:00Z')).toBe('2027-01-01');
    expect(monthsOf('2026')).toHaveLength(12);
    expect(monthsOf('2026')[11]).toBe('2026-12');
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
  });
  it('rejects what is not a date-time', () => {
    expect(() => monthOf('yesterday')).toThrow(RangeError);
  });
});

describe('review time keys', () => {
  const at = (minutes: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + minutes * 60_000).toISOString();
  it('rounds down to the minute below a day, the hour below 30 days, the day beyond', () => {
    expect(durationKey(at(0), at(59.9))).toBe('m59');
    expect(durationKey(at(0), at(1439))).toBe('m1439');
    expect(durationKey(at(0), at(1440))).toBe('h24');
    expect(durationKey(at(0), at(30 * 1440 - 1))).toBe('h719');
    expect(durationKey(at(0), at(30 * 1440))).toBe('d30');
    expect(durationKey(at(10), at(0))).toBe('m0');
  });
  it('maps a key back to the minutes it stands for', () => {
    expect(minutesOfKey('m59')).toBe(59);
    expect(minutesOfKey('h24')).toBe(1440);
    expect(minutesOfKey('d30')).toBe(43_200);
  });
});

describe('nearest-rank quantiles over a histogram', () => {
  const value = (key: string) => Number(key);
  it('takes the smallest value with at least ⌈q·n⌉ values at or below it', () => {
    // 1, 2, 2, 3, 10 → median 2 (rank 3), p90 10 (rank 5)
    expect(quantiles({ '1': 1, '2': 2, '3': 1, '10': 1 }, value, [0.5, 0.9])).toEqual([2, 10]);
    // 1..10 → median 5, p90 9
    expect(quantiles(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), 1])), value, [0.5, 0.9])).toEqual([5, 9]);
  });
  it('ignores empty bins and answers null for no values', () => {
    expect(quantiles({ '4': 0 }, value, [0.5])).toEqual([null]);
    expect(quantiles({ '4': 0, '7': 1 }, value, [0.5])).toEqual([7]);
  });
});

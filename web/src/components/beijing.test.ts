import { beijingTime, relativeTime } from './beijing';

describe('beijingTime', () => {
  it('shows an ISO UTC time at UTC+8, across the date line', () => {
    expect(beijingTime('2026-12-03T15:51:00Z')).toBe('2026-12-03 23:51');
    expect(beijingTime('2026-12-31T16:05:00Z')).toBe('2027-01-01 00:05');
    expect(beijingTime('2026-12-31T16:05:00Z', true)).toBe('2027-01-01');
  });

  it('says nothing for nothing, and keeps what is not a time', () => {
    expect(beijingTime(null)).toBe('—');
    expect(beijingTime('soon')).toBe('soon');
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  it('counts minutes, hours and days, before and ahead', () => {
    expect(relativeTime('2026-12-03T11:59:30Z', 'zh-CN', now)).toBe('刚刚');
    expect(relativeTime('2026-12-03T11:55:00Z', 'zh-CN', now)).toBe('5 分钟前');
    expect(relativeTime('2026-12-03T09:00:00Z', 'zh-CN', now)).toBe('3 小时前');
    expect(relativeTime('2026-12-01T12:00:00Z', 'zh-CN', now)).toBe('2 天前');
    expect(relativeTime('2026-12-06T12:00:00Z', 'zh-CN', now)).toBe('3 天后');
    expect(relativeTime('2026-12-03T11:55:00Z', 'en', now)).toBe('5 min ago');
  });

  it('gives the Beijing date beyond a month', () => {
    expect(relativeTime('2026-09-01T20:00:00Z', 'zh-CN', now)).toBe('2026-09-02');
  });
});

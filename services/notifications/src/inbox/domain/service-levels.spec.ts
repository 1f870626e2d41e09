import { beijingDate, dueAt, isWorkingDay, parseDateList, parseDuration, shift, PLAIN_CALENDAR, type WorkCalendar } from './service-levels';

// 2026-09-28 is a Monday. Beijing = UTC+8: 02:00Z is 10:00 in Beijing.
const at = (iso: string) => new Date(iso);

describe('parseDuration', () => {
  it('reads working days and plain units', () => {
    expect(parseDuration('5wd')).toEqual({ unit: 'wd', days: 5, text: '5wd' });
    expect(parseDuration('7d')).toMatchObject({ unit: 'ms', ms: 7 * 86_400_000 });
    expect(parseDuration('12h')).toMatchObject({ ms: 12 * 3_600_000 });
    expect(parseDuration('30m')).toMatchObject({ ms: 1_800_000 });
    expect(parseDuration('3s')).toMatchObject({ ms: 3_000 });
    expect(parseDuration('500ms')).toMatchObject({ ms: 500 });
  });

  it('refuses fractions, negative numbers, unknown units and words', () => {
    for (const bad of ['1.5wd', '0.5d', '-1d', '5', 'wd', '5 weeks', '5w', '', 'abc']) expect(() => parseDuration(bad)).toThrow(/duration/);
  });
});

describe('working days (Beijing calendar)', () => {
  it('Monday to Friday are working days, the weekend is not', () => {
    expect(isWorkingDay('2026-09-28', PLAIN_CALENDAR)).toBe(true); // Monday
    expect(isWorkingDay('2026-10-02', PLAIN_CALENDAR)).toBe(true); // Friday
    expect(isWorkingDay('2026-10-03', PLAIN_CALENDAR)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-04', PLAIN_CALENDAR)).toBe(false); // Sunday
  });

  it('counts to the same time of day, skipping the weekend', () => {
    // Friday 10:00 Beijing + 1wd = Monday 10:00.
    expect(dueAt(at('2026-10-02T02:00:00Z'), parseDuration('1wd'), PLAIN_CALENDAR).toISOString()).toBe('2026-10-05T02:00:00.000Z');
    // Monday + 5wd = next Monday.
    expect(dueAt(at('2026-09-28T02:00:00Z'), parseDuration('5wd'), PLAIN_CALENDAR).toISOString()).toBe('2026-10-05T02:00:00.000Z');
  });

  it('uses the Beijing date, not the UTC one (Friday 23:30 Beijing is still Friday)', () => {
    // 2026-10-02T15:30Z = Friday 23:30 in Beijing; + 1wd = Monday 23:30 Beijing.
    expect(beijingDate(at('2026-10-02T15:30:00Z'))).toBe('2026-10-02');
    expect(dueAt(at('2026-10-02T15:30:00Z'), parseDuration('1wd'), PLAIN_CALENDAR).toISOString()).toBe('2026-10-05T15:30:00.000Z');
  });

  it('skips holidays and counts 调休 weekend workdays', () => {
    // 国庆: 10-01..10-07 holidays; Sunday 09-27 and Saturday 10-10 worked instead.
    const calendar: WorkCalendar = {
      holidays: parseDateList('2026-10-01,2026-10-02,2026-10-05,2026-10-06,2026-10-07'),
      workdays: parseDateList('2026-09-27, 2026-10-10'),
    };
    expect(isWorkingDay('2026-09-27', calendar)).toBe(true);
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false);
    // Wednesday 09-30 10:00 + 1wd: 10-01..10-09 — 10-08 (Thursday) is the first working day.
    expect(dueAt(at('2026-09-30T02:00:00Z'), parseDuration('1wd'), calendar).toISOString()).toBe('2026-10-08T02:00:00.000Z');
    // + 3wd: 10-08, 10-09, 10-10 (调休 Saturday).
    expect(dueAt(at('2026-09-30T02:00:00Z'), parseDuration('3wd'), calendar).toISOString()).toBe('2026-10-10T02:00:00.000Z');
    // Saturday 09-26 + 1wd: the 调休 Sunday 09-27.
    expect(dueAt(at('2026-09-26T02:00:00Z'), parseDuration('1wd'), calendar).toISOString()).toBe('2026-09-27T02:00:00.000Z');
  });

  it('plain durations ignore the calendar; shifting backwards mirrors forwards', () => {
    const calendar: WorkCalendar = { holidays: new Set(['2026-10-01']), workdays: new Set() };
    expect(dueAt(at('2026-09-30T02:00:00Z'), parseDuration('7d'), calendar).toISOString()).toBe('2026-10-07T02:00:00.000Z');
    expect(shift(at('2026-10-05T02:00:00Z'), parseDuration('1wd'), PLAIN_CALENDAR, -1).toISOString()).toBe('2026-10-02T02:00:00.000Z');
  });

  it('refuses a malformed date list', () => {
    expect(() => parseDateList('2026-02-30')).toThrow(/not a date/);
    expect(() => parseDateList('10/01')).toThrow(/not a date/);
    expect([...parseDateList(' ,2026-10-01,')]).toEqual(['2026-10-01']);
  });
});

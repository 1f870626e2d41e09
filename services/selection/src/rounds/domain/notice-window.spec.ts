import { PLAIN_CALENDAR, parseDuration } from '@cadre/platform';
import { noticeWindow } from './notice-window';

describe('the notice window', () => {
  const rule = { calendar: PLAIN_CALENDAR, fixed: null };

  it('ends at 24:00 Beijing of the n-th working day after the day of publication', () => {
    // Monday 2026-06-01 10:00 Beijing; 5 working days: Tue..Fri, Mon 2026-06-08 → ends 2026-06-09 00:00 Beijing.
    const { startsAt, endsAt } = noticeWindow(new Date('2026-06-01T02:00:00Z'), 5, rule);
    expect(startsAt.toISOString()).toBe('2026-06-01T02:00:00.000Z');
    expect(endsAt.toISOString()).toBe('2026-06-08T16:00:00.000Z');
  });

  it('counts the Beijing day, not the UTC one (published 2026-06-05 07:00 Beijing is Friday there)', () => {
    // Friday in Beijing (Thursday 23:00 UTC): 1 working day → Monday 2026-06-08, ends at its Beijing midnight.
    expect(noticeWindow(new Date('2026-06-04T23:00:00Z'), 1, rule).endsAt.toISOString()).toBe('2026-06-08T16:00:00.000Z');
  });

  it('skips holidays and counts 调休 workdays', () => {
    const calendar = { holidays: new Set(['2026-06-02']), workdays: new Set(['2026-06-06']) };
    // Mon 06-01: Tue holiday, Wed 03, Thu 04, Fri 05, Sat 06 (调休) → 4 days end Saturday.
    expect(noticeWindow(new Date('2026-06-01T02:00:00Z'), 4, { calendar, fixed: null }).endsAt.toISOString()).toBe('2026-06-06T16:00:00.000Z');
  });

  it('a fixed duration replaces the working days', () => {
    const now = new Date('2026-06-01T02:00:00Z');
    expect(noticeWindow(now, 5, { calendar: PLAIN_CALENDAR, fixed: parseDuration('2s') }).endsAt.getTime()).toBe(now.getTime() + 2_000);
  });
});

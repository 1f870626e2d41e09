import { beijingDate, isWorkingDay, shift, type Duration, type WorkCalendar } from '@cadre/platform';

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export interface WindowRule {
  calendar: WorkCalendar;
  /** A plain duration replacing the working days (tests); null in production. */
  fixed: Duration | null;
}

/**
 * The 任前公示 window published at `now`: to the end (24:00 Beijing) of the `days`-th working day counted from the
 * day after publication (published on a Friday for 5 days: the next Friday's end); with `fixed`, now + that duration.
 */
export function noticeWindow(now: Date, days: number, rule: WindowRule): { startsAt: Date; endsAt: Date } {
  if (rule.fixed) return { startsAt: now, endsAt: shift(now, rule.fixed) };
  let day = Date.parse(`${beijingDate(now)}T00:00:00Z`);
  let counted = 0;
  while (counted < days) {
    day += DAY_MS;
    if (isWorkingDay(new Date(day).toISOString().slice(0, 10), rule.calendar)) counted += 1;
  }
  // The end of that Beijing day: its next midnight in Beijing.
  return { startsAt: now, endsAt: new Date(day + DAY_MS - BEIJING_OFFSET_MS) };
}

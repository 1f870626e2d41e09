/**
 * Working time in Beijing, for service levels (催办, notifications) and notice windows (任前公示, selection). A duration is `<n>wd` (working days, Beijing
 * calendar, counted to the same time of day) or `<n>d|h|m|s|ms` (plain time). Whole numbers only: a working day
 * has no fraction, and a plain duration is given in a smaller unit instead (`36h`, not `1.5d`).
 */

export type Duration = { unit: 'wd'; days: number; text: string } | { unit: 'ms'; ms: number; text: string };

const PLAIN_UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses `5wd`, `7d`, `3s`…; throws an Error naming what is accepted. */
export function parseDuration(text: string): Duration {
  const match = /^(\d+)(wd|d|h|m|s|ms)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: write a whole number and a unit, e.g. 5wd (working days), 7d, 12h, 30m, 3s, 500ms`);
  const n = Number(match[1]);
  if (!Number.isSafeInteger(n)) throw new Error(`"${text}" is too large`);
  if (match[2] === 'wd') {
    if (n > 3_650) throw new Error(`"${text}": at most 3650 working days`);
    return { unit: 'wd', days: n, text: text.trim() };
  }
  return { unit: 'ms', ms: n * PLAIN_UNITS[match[2]], text: text.trim() };
}

/** The working calendar: Beijing dates (YYYY-MM-DD) that are holidays, and weekend dates that are working days (调休). */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export const PLAIN_CALENDAR: WorkCalendar = { holidays: new Set(), workdays: new Set() };

/** Parses a comma-separated list of Beijing dates; throws naming the first bad one. */
export function parseDateList(text: string | undefined): Set<string> {
  const dates = new Set<string>();
  for (const raw of (text ?? '').split(',')) {
    const date = raw.trim();
    if (!date) continue;
    if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
      throw new Error(`"${date}" is not a date (YYYY-MM-DD)`);
    }
    dates.add(date);
  }
  return dates;
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether a Beijing date is a working day: a 调休 workday, else Monday to Friday that is no holiday. */
export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * `from` moved by the duration (backwards with `direction` -1). Working days: step one Beijing day at a time,
 * counting the working days reached, and land at the same time of day on the n-th (Friday 10:00 + 1wd = Monday
 * 10:00; a holiday or weekend is skipped, a 调休 Saturday counts).
 */
export function shift(from: Date, duration: Duration, calendar: WorkCalendar = PLAIN_CALENDAR, direction: 1 | -1 = 1): Date {
  if (duration.unit === 'ms') return new Date(from.getTime() + direction * duration.ms);
  let at = from.getTime();
  let counted = 0;
  // Same time of day, one calendar day on: Beijing has no daylight saving, so a day is always 24 h.
  while (counted < duration.days) {
    at += direction * 86_400_000;
    if (isWorkingDay(beijingDate(new Date(at)), calendar)) counted += 1;
  }
  return new Date(at);
}

/** When an item opened at `openedAt` is due. */
export function dueAt(openedAt: Date, duration: Duration, calendar: WorkCalendar): Date {
  return shift(openedAt, duration, calendar, 1);
}

import type { ProblemFieldError } from '@cadre/contracts';

/** How far ahead of today (Beijing date) a record's period may end: achievements are filed, not announced. */
export const MAX_DAYS_AHEAD = 31;

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date in Beijing (UTC+8, no daylight saving) plus `days`, as `YYYY-MM-DD`. */
export function beijingDatePlus(now: Date, days: number): string {
  const day = new Date(now.getTime() + BEIJING_OFFSET_MS);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** The latest day a record filed or edited at `now` may name as its period's end. */
export function latestPeriodEnd(now: Date): string {
  return beijingDatePlus(now, MAX_DAYS_AHEAD);
}

/** `periodEnd` (a well-formed `YYYY-MM-DD`) too far ahead of `now`, or nothing. */
export function periodEndProblem(periodEnd: string, now: Date): ProblemFieldError | undefined {
  const latest = latestPeriodEnd(now);
  return periodEnd > latest ? { path: 'periodEnd', message: `must not be later than ${latest} (today + ${MAX_DAYS_AHEAD} days, Beijing time)` } : undefined;
}

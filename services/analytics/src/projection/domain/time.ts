import { SCORING_UTC_OFFSET_MINUTES, scoringYearOf } from '@cadre/contracts';

/**
 * Calendar attributions of analytics, all at UTC+8 like the rest of the platform (a record filed at
 * 2026-01-31T17:00:00Z was filed on 1 February in Haikou).
 */
const OFFSET_MS = SCORING_UTC_OFFSET_MINUTES * 60_000;

function local(at: string): Date {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) throw new RangeError(`not a date-time: ${at}`);
  return new Date(ms + OFFSET_MS);
}

export const yearOf = scoringYearOf;

/** `YYYY-MM` at UTC+8. */
export function monthOf(at: string): string {
  return local(at).toISOString().slice(0, 7);
}

/** `YYYY-MM-DD` at UTC+8. */
export function dayOf(at: string): string {
  return local(at).toISOString().slice(0, 10);
}

/** The twelve months of a year, `YYYY-01` … `YYYY-12`. */
export function monthsOf(year: string): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/** Whole days from one UTC+8 day (`YYYY-MM-DD`) to another. */
export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000);
}

const DAY_MINUTES = 24 * 60;
const MONTH_HOURS = 30 * 24;

/**
 * A review time as a histogram key, rounded down to the minute below a day (`m<minutes>`), to the hour below
 * 30 days (`h<hours>`), to the day beyond (`d<days>`): fine where it matters, and a department's histogram stays
 * a few hundred keys whatever its volume. Negative times (clock skew) count as 0.
 */
export function durationKey(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < DAY_MINUTES) return `m${minutes}`;
  const hours = Math.floor(minutes / 60);
  if (hours < MONTH_HOURS) return `h${hours}`;
  return `d${Math.floor(hours / 24)}`;
}

/** The minutes a duration key stands for (its lower bound). */
export function minutesOfKey(key: string): number {
  const n = Number(key.slice(1));
  if (key[0] === 'm') return n;
  if (key[0] === 'h') return n * 60;
  return n * DAY_MINUTES;
}

/**
 * Nearest-rank quantiles over a histogram `{ value: count }` (the smallest value with at least ⌈q·n⌉ values at
 * or below it); null for an empty histogram.
 */
export function quantiles(histogram: Record<string, number>, valueOf: (key: string) => number, qs: number[]): (number | null)[] {
  const bins = Object.entries(histogram)
    .filter(([, count]) => count > 0)
    .map(([key, count]) => [valueOf(key), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const n = bins.reduce((sum, [, count]) => sum + count, 0);
  return qs.map((q) => {
    if (n === 0) return null;
    const rank = Math.max(1, Math.ceil(q * n));
    let seen = 0;
    for (const [value, count] of bins) {
      seen += count;
      if (seen >= rank) return value;
    }
    return bins[bins.length - 1]![0];
  });
}

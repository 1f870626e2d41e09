import type { CycleKind } from '@cadre/contracts';

/** Whether a period fits a cycle's kind: 平时 (quarterly) needs `YYYY-Qn`, 年度 and 专项 `YYYY`. */
export function periodFits(kind: CycleKind, period: string): boolean {
  return kind === 'quarterly' ? /^20\d{2}-Q[1-4]$/.test(period) : /^20\d{2}$/.test(period);
}

export function periodMessage(kind: CycleKind): string {
  return kind === 'quarterly' ? 'must be a quarter (YYYY-Q1 … YYYY-Q4) for 平时考核' : 'must be a year (YYYY) for 年度考核 and 专项考核';
}

/** A list filter's period: a year matches its quarters too. */
export function periodMatches(filter: string | undefined, period: string): boolean {
  if (!filter) return true;
  return filter.length === 4 ? period.slice(0, 4) === filter : period === filter;
}

/** The current year in Beijing (UTC+8). */
export function beijingYear(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4);
}

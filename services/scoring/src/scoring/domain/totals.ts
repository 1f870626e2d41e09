import { ROLLING_PERIOD, periodYears, type ScoreUpdatedV1, type ScoringStandard } from '@cadre/contracts';
import { scoreBreakdown, type BreakdownEntry } from './breakdown';
import { cadreTotals } from './cap';
import { toPoints } from './points';

/**
 * What "recompute cadre X" decides: the cadre's totals for each period from its ledger entries under the active
 * standard, and for each calendar year the `scoring.score.updated` that announces them. Pure: the same entries,
 * standard and stamp give the same totals and event.
 */

/** What one recomputation of a cadre stamps on every period it writes. */
export interface Recomputation {
  /** Milliseconds since the epoch, strictly greater than any revision of the cadre's totals so far. */
  revision: number;
  at: Date;
  /** The cadre's department as the directory replica knows it ('' and [] when it does not). */
  departmentId: string;
  departmentPath: string[];
}

/** A cadre's totals of one period, in hundredths, as kept for the rankings. */
export interface PeriodTotals {
  cadreId: string;
  period: string;
  standardVersion: number;
  total: number;
  participation: number;
  contribution: number;
  bonus: number;
  reversal: number;
  /** Points for grades (net of returns). */
  appraisal: number;
  byItem: Record<string, number>;
  /** `<year>:<first-level code>` of every item the yearly cap cut. */
  capped: string[];
  entryCount: number;
  revision: number;
  updatedAt: Date;
}

/** The periods a recomputation writes: each year with entries, the current year and the rolling period. */
export function recomputedPeriods(entries: readonly { period: string }[], currentYear: string): string[] {
  return [...new Set<string>([...entries.map((e) => e.period), currentYear, ROLLING_PERIOD])];
}

/**
 * Now, or one more than the highest revision the cadre's totals hold if that is later (two recomputations in one
 * millisecond, or a clock that stepped back).
 */
export function nextRevision(now: number, previous: readonly (number | undefined)[]): number {
  return Math.max(now, ...previous.map((revision) => (revision ?? 0) + 1));
}

/**
 * One period's totals over the cadre's entries (all periods: those of the period are picked here), and for a
 * calendar year the event announcing them: the counted total by item, month and source (the rolling period is
 * not announced).
 */
export function periodTotals(
  cadreId: string,
  period: string,
  standardVersion: number,
  standard: Pick<ScoringStandard, 'yearlyCapPerItem'>,
  entries: readonly BreakdownEntry[],
  stamp: Recomputation,
): { totals: PeriodTotals; announced: ScoreUpdatedV1 | null } {
  const years = periodYears(period);
  const mine = entries.filter((e) => years.includes(e.period));
  const breakdown = period !== ROLLING_PERIOD ? scoreBreakdown(mine, standard) : undefined;
  const totals = breakdown?.totals ?? cadreTotals(mine, standard);
  return {
    totals: {
      cadreId,
      period,
      standardVersion,
      total: totals.total,
      participation: totals.participation,
      contribution: totals.contribution,
      bonus: totals.bonus,
      reversal: totals.reversal,
      appraisal: totals.appraisal,
      byItem: totals.byItem,
      capped: totals.capped.map((c) => `${c.year}:${c.firstLevelCode}`),
      entryCount: mine.length,
      revision: stamp.revision,
      updatedAt: stamp.at,
    },
    announced: breakdown
      ? {
          cadreId,
          period,
          total: toPoints(breakdown.totalHundredths),
          totalHundredths: breakdown.totalHundredths,
          byItem: breakdown.byItem,
          byMonth: breakdown.byMonth,
          bySource: breakdown.bySource,
          departmentId: stamp.departmentId,
          departmentPath: [...stamp.departmentPath],
          standardVersion,
          revision: stamp.revision,
          updatedAt: stamp.at.toISOString(),
        }
      : null,
  };
}

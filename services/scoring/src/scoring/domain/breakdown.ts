import { SCORING_UTC_OFFSET_MINUTES, type LedgerSourceType, type ScoringStandard } from '@cadre/contracts';
import { cadreTotals, type CadreTotals, type CapEntry } from './cap';

/**
 * What `scoring.score.updated` (ScoreUpdatedV1) says of a cadre's year: the counted total and where it comes
 * from, by first-level item, by month and by source. Pure, and built on `cadreTotals`, so every amount is what
 * the score counts (after the yearly cap per item): a capped entry counts only its counted part, a revoked entry
 * what it counted before the revocation and its reversal exactly the negative of that. Each map therefore sums to
 * `totalHundredths`. A map holds a key for every item, month or source with an entry, even when it nets to 0
 * (a record rated 不予认定, a revoked record), as `byItem` of the totals does.
 */

/** A ledger entry as the breakdown reads it: what the cap reads, and the source's id. */
export interface BreakdownEntry extends CapEntry {
  source: { type: LedgerSourceType; id: string };
}

export interface ScoreBreakdown {
  /** The totals `cadreTotals` gives for the same entries (participation, contribution, …, capped, counted). */
  totals: CadreTotals;
  /** Σ counted hundredths = `totals.total`. */
  totalHundredths: number;
  /** Counted hundredths by first-level item code; task entries under `TASK`, grades under `APPRAISAL` (= `totals.byItem`). */
  byItem: Record<string, number>;
  /** Counted hundredths by month (`YYYY-MM`, UTC+8) of each entry's `occurredAt`. */
  byMonth: Record<string, number>;
  /** Counted hundredths by source: `record:<id>`, `task:<id>` or `appraisal:<appraisalId>`. */
  bySource: Record<string, number>;
}

/**
 * The calendar month (`YYYY-MM`, UTC+8) of an ISO 8601 date-time; an unparsable one (no entry is written so: its
 * year would not parse either) falls in the last month of the entry's period, where the cap sorts it too.
 */
export function scoringMonthOf(at: string, period: string): string {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) return `${period}-12`;
  return new Date(ms + SCORING_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 7);
}

/** `record:<id>` / `task:<id>` / `appraisal:<appraisalId>`. */
export function sourceKey(source: { type: LedgerSourceType; id: string }): string {
  return `${source.type}:${source.id}`;
}

/**
 * A cadre's breakdown over the given entries (pass one year's entries for a `YYYY` period). The same set of
 * entries gives the same breakdown, in whatever order they come; a key passed twice counts once.
 */
export function scoreBreakdown(entries: readonly BreakdownEntry[], standard: Pick<ScoringStandard, 'yearlyCapPerItem'>): ScoreBreakdown {
  const totals = cadreTotals(entries, standard);
  const byMonth: Record<string, number> = {};
  const bySource: Record<string, number> = {};
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    const count = totals.counted.get(entry.key) ?? 0;
    const month = scoringMonthOf(entry.occurredAt, entry.period);
    byMonth[month] = (byMonth[month] ?? 0) + count;
    const source = sourceKey(entry.source);
    bySource[source] = (bySource[source] ?? 0) + count;
  }
  return { totals, totalHundredths: totals.total, byItem: sortedKeys(totals.byItem), byMonth: sortedKeys(byMonth), bySource: sortedKeys(bySource) };
}

/** The same map with its keys in order, so that equal breakdowns serialise alike. */
function sortedKeys(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

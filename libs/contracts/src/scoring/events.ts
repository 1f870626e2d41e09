/** Event types of the scoring service (stream SCORING). */
export const SCORING_EVENTS = {
  scoreUpdated: 'scoring.score.updated',
} as const;


/**
 * A cadre's score for one calendar year, as it stands after a recomputation (new entries, a reversal, a new
 * standard). Carries the whole state of that cadre-year, so a consumer never asks back and keeps the event with
 * the highest `revision`. Every amount is in integer hundredths and counts what the score counts (after the
 * yearly cap per item).
 */
export interface ScoreUpdatedV1 {
  cadreId: string;
  /** `YYYY` (UTC+8). */
  period: string;
  /** Points, 2 decimals. */
  total: number;
  /** The same in integer hundredths. */
  totalHundredths: number;
  /** Hundredths by first-level item code; task points under `TASK`, points for appraisal grades under `APPRAISAL`. */
  byItem: Record<string, number>;
  /** Hundredths by month (`YYYY-MM`, UTC+8) of the entries' source events (verification, conclusion, confirmation, revocation, return). */
  byMonth: Record<string, number>;
  /** Hundredths by source: `record:<id>`, `task:<id>` or `appraisal:<appraisalId>`. */
  bySource: Record<string, number>;
  /** The cadre's department when the score was computed ('' and [] when the directory does not know the cadre). */
  departmentId: string;
  departmentPath: string[];
  standardVersion: number;
  /** Grows with every recomputation of the cadre (milliseconds since the epoch at computation). */
  revision: number;
  updatedAt: string;
}

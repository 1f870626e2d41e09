/** Event types of the scoring service (stream SCORING). */
export const SCORING_EVENTS = {
  scoreUpdated: 'scoring.score.updated',
} as const;

export type ScoringEventType = (typeof SCORING_EVENTS)[keyof typeof SCORING_EVENTS];

/**
 * A cadre's score for one calendar year changed (new entries, a reversal, or a recomputation under another
 * standard). Carries the new total, so a consumer never asks back.
 */
export interface ScoreUpdatedV1 {
  cadreId: string;
  /** `YYYY` (UTC+8). */
  period: string;
  /** Points, 2 decimals. */
  total: number;
  /** The same in integer hundredths. */
  totalHundredths: number;
  standardVersion: number;
  updatedAt: string;
}

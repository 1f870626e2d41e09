import { EVALUATION_CRITERIA, type EvaluationScores } from '@cadre/contracts';

/**
 * 评标 arithmetic of docs/DOMAIN.md §2. Every number that leaves this module is rounded by `round2`, and only there:
 * to 2 decimals, halves away from zero (as points are, docs/DOMAIN.md §3).
 */

/** Rounds to 2 decimals, halves away from zero; the nudge absorbs binary noise such as 1.005 × 100 = 100.49999…. */
export function round2(value: number): number {
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * 100 + 1e-7)) / 100;
  return rounded === 0 ? 0 : rounded; // never -0
}

/** A bid's total from one evaluator: the sum of the four rubric criteria, 0–100. */
export function bidTotal(scores: EvaluationScores): number {
  return round2(EVALUATION_CRITERIA.reduce((sum, criterion) => sum + scores[criterion], 0));
}

/** The number of evaluations from which the highest and the lowest are dropped. */
export const TRIM_FROM = 5;

/**
 * The bid's score: the mean of the evaluators' totals, dropping the single highest and the single lowest value
 * when there are 5 or more (one each, even when several are equal); the plain mean below 5; null when empty.
 */
export function trimmedMean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const kept = sorted.length >= TRIM_FROM ? sorted.slice(1, -1) : sorted;
  return round2(kept.reduce((sum, v) => sum + v, 0) / kept.length);
}

/**
 * Divergence (scores that diverge strongly are flagged), one rule: a bid's evaluations are divergent when the
 * spread of the evaluators' totals — highest total minus lowest total, on the 0–100 scale, rounded to 2
 * decimals — is strictly greater than 30 points. A spread of exactly 30 is not divergent; fewer than two
 * evaluations never are (spread null). The rule looks at all totals, including the ones the trimmed mean drops.
 */
export const DIVERGENCE_THRESHOLD = 30;

export interface Divergence {
  divergent: boolean;
  spread: number | null;
}

export function divergence(values: readonly number[], threshold: number = DIVERGENCE_THRESHOLD): Divergence {
  if (values.length < 2) return { divergent: false, spread: null };
  const spread = round2(Math.max(...values) - Math.min(...values));
  return { divergent: spread > threshold, spread };
}

export interface BidScoreSummary extends Divergence {
  count: number;
  /** Each evaluator's total, in the order given. */
  totals: number[];
  /** The trimmed mean of the totals. */
  score: number | null;
  /** Mean of each criterion over all evaluations (untrimmed), or null without any. */
  criteria: EvaluationScores | null;
}

/** Everything the board shows of a bid's evaluations. */
export function summariseScores(evaluations: readonly EvaluationScores[]): BidScoreSummary {
  const totals = evaluations.map(bidTotal);
  const criteria =
    evaluations.length === 0
      ? null
      : (Object.fromEntries(
          EVALUATION_CRITERIA.map((c) => [c, round2(evaluations.reduce((sum, e) => sum + e[c], 0) / evaluations.length)]),
        ) as EvaluationScores);
  return { count: evaluations.length, totals, score: trimmedMean(totals), criteria, ...divergence(totals) };
}

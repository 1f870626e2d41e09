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
  /**
   * Each criterion's trimmed mean over the same evaluations the score keeps, apportioned so the four add up to
   * `score` exactly (see `apportion`); null without any evaluation.
   */
  criteria: EvaluationScores | null;
}

/**
 * The positions of the evaluations the trimmed mean keeps: all below 5; from 5 up, all but the one with the
 * lowest and the one with the highest total (among equal totals, the earlier given is dropped as the lowest and
 * the later given as the highest, so the choice is fixed).
 */
export function keptEvaluations(totals: readonly number[]): number[] {
  const order = totals.map((total, index) => ({ total, index })).sort((a, b) => a.total - b.total || a.index - b.index);
  const kept = totals.length >= TRIM_FROM ? order.slice(1, -1) : order;
  return kept.map((k) => k.index).sort((a, b) => a - b);
}

/**
 * Rounds `values` to hundredths so that they add up to `total` (already rounded to hundredths) exactly: each is
 * cut down to the hundredth, and the hundredths still missing go one each to the largest remainders (earlier
 * criterion first among equal ones). The values must add up to within a few hundredths of `total`.
 */
export function apportion(values: readonly number[], total: number): number[] {
  const cents = values.map((v) => v * 100);
  const floors = cents.map((c) => Math.floor(c + 1e-7));
  let missing = Math.round(total * 100) - floors.reduce((sum, f) => sum + f, 0);
  const byRemainder = cents.map((c, index) => ({ index, remainder: c - floors[index]! })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  const result = [...floors];
  for (let i = 0; missing !== 0 && values.length > 0; i = (i + 1) % values.length) {
    const step = Math.sign(missing);
    result[byRemainder[step > 0 ? i : values.length - 1 - i]!.index]! += step;
    missing -= step;
  }
  return result.map((c) => round2(c / 100));
}

/** Everything the board shows of a bid's evaluations. */
export function summariseScores(evaluations: readonly EvaluationScores[]): BidScoreSummary {
  const totals = evaluations.map(bidTotal);
  const score = trimmedMean(totals);
  let criteria: EvaluationScores | null = null;
  if (score !== null) {
    const kept = keptEvaluations(totals).map((index) => evaluations[index]!);
    const means = EVALUATION_CRITERIA.map((c) => kept.reduce((sum, e) => sum + e[c], 0) / kept.length);
    const shares = apportion(means, score);
    criteria = Object.fromEntries(EVALUATION_CRITERIA.map((c, i) => [c, shares[i]!])) as EvaluationScores;
  }
  return { count: evaluations.length, totals, score, criteria, ...divergence(totals) };
}

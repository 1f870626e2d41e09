import type { EvaluationScores } from '@cadre/contracts';
import { summariseScores, type BidScoreSummary } from './bid-scores';
import { rankBids } from './award';

export interface ScoredBid extends BidScoreSummary {
  rank: number | null;
}

/** Each bid's score (trimmed mean of the evaluators' totals) and rank among the task's bids, by bid id. */
export function scoredBids(task: { bids: readonly { id: string; submittedAt: Date | string; evaluations: readonly { scores: EvaluationScores }[] }[] }): Map<string, ScoredBid> {
  const scored = task.bids.map((bid) => ({ id: bid.id, submittedAt: new Date(bid.submittedAt).toISOString(), summary: summariseScores(bid.evaluations.map((e) => e.scores)) }));
  const ranked = rankBids(scored.map((s) => ({ id: s.id, submittedAt: s.submittedAt, score: s.summary.score })));
  const rankOf = new Map(ranked.map((r) => [r.id, r.rank]));
  return new Map(scored.map((s) => [s.id, { ...s.summary, rank: rankOf.get(s.id) ?? null }]));
}

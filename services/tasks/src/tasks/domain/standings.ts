import type { EvaluationScores } from '@cadre/contracts';
import { summariseScores, type BidScoreSummary } from './bid-scores';
import { rankBids } from './award';
import { conflictsOf, type PersonFacts, type TeamFacts } from './conflicts';

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

/** An evaluator whose 评标 of some bids is still awaited, with those bids. */
export interface PendingEvaluation {
  evaluatorId: string;
  evaluatorName: string;
  bids: { bidId: string; teamName: string }[];
}

type EvaluatedTask = {
  evaluators: readonly (PersonFacts & { name: string })[];
  bids: readonly (TeamFacts & { id: string; teamName: string; evaluations: readonly { evaluatorId: string }[] })[];
};

/**
 * The 评标 still awaited, by evaluator in assignment order: every assigned evaluator owes a score of every bid
 * whose team they are not conflicted (回避) with.
 */
export function pendingEvaluations(task: EvaluatedTask): PendingEvaluation[] {
  return task.evaluators
    .map((evaluator) => ({
      evaluatorId: evaluator.userId,
      evaluatorName: evaluator.name,
      bids: task.bids
        .filter((bid) => !conflictsOf(task, bid).includes(evaluator.userId) && !bid.evaluations.some((e) => e.evaluatorId === evaluator.userId))
        .map((bid) => ({ bidId: bid.id, teamName: bid.teamName })),
    }))
    .filter((pending) => pending.bids.length > 0);
}

/** Every unconflicted assigned evaluator has scored every bid. */
export function evaluationComplete(task: EvaluatedTask): boolean {
  return pendingEvaluations(task).length === 0;
}

/** The awaited 评标 in words, by Chinese names: "评审专家丙一 尚未评：攻坚队 1、攻坚队 2；…". */
export function describePending(pending: readonly PendingEvaluation[]): string {
  return pending.map((p) => `${p.evaluatorName} 尚未评：${p.bids.map((b) => b.teamName).join('、')}`).join('；');
}

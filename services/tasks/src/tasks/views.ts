import type { BidView, Caller, TaskBatchView, TaskSummaryView, TaskView, TeamView } from '@cadre/contracts';
import type { BatchDocument, BidEntry, TaskCardDocument, TaskDocument, TeamDocument } from './task.schema';
import { conflictsOf, expectedReviewers } from './domain/conflicts';
import { scoredBids } from './domain/standings';

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);
const isoRequired = (value: Date | string) => new Date(value).toISOString();

/**
 * A bid as the board shows it. Scores are published with the award (全程公开) and not before, so evaluators
 * score independently; until then the board shows how many evaluations are in.
 */
export function bidView(task: TaskDocument, bid: BidEntry, viewer: Caller, scores = scoredBids(task)): BidView {
  const published = task.award !== null;
  const summary = scores.get(bid.id)!;
  const conflicted = conflictsOf(task, bid);
  return {
    id: bid.id,
    version: bid.version,
    taskId: task._id,
    teamId: bid.teamId,
    teamName: bid.teamName,
    leadId: bid.leadId,
    members: bid.members.map((m) => ({ ...m, invitation: 'accepted' as const, respondedAt: null })),
    status: bid.status,
    plan: bid.plan,
    expectedResults: bid.expectedResults,
    milestones: bid.milestones,
    commitment: bid.commitment,
    evaluation: {
      count: bid.evaluations.length,
      expected: task.evaluators.length - conflicted.length,
      conflictedEvaluatorIds: conflicted,
      score: published ? summary.score : null,
      criteria: published ? summary.criteria : null,
      divergent: published ? summary.divergent : false,
      spread: published ? summary.spread : null,
      rank: published ? summary.rank : null,
    },
    evaluations: published
      ? bid.evaluations.map((e) => ({ evaluatorId: e.evaluatorId, evaluatorName: e.evaluatorName, scores: e.scores, total: e.total, comment: e.comment, at: isoRequired(e.at) }))
      : [],
    submittedAt: isoRequired(bid.submittedAt),
    updatedAt: isoRequired(bid.updatedAt),
  };
}

/** The task as `viewer` may see it (sealed parts depend on who asks). */
export function taskView(task: TaskDocument, viewer: Caller): TaskView {
  const scores = scoredBids(task);
  const awardedBids = task.bids.filter((bid) => task.award?.bidIds.includes(bid.id));
  return {
    id: task._id,
    version: task.version,
    status: task.status,
    batchId: task.batchId,
    batchName: task.batchName,
    title: task.title,
    description: task.description,
    domain: task.domain,
    flags: task.flags,
    goals: task.goals,
    expectedResults: task.expectedResults,
    milestones: task.milestones,
    biddingDeadline: isoRequired(task.biddingDeadline),
    deliveryDeadline: isoRequired(task.deliveryDeadline),
    rewardPoints: task.rewardPoints,
    allowRace: task.allowRace,
    publisherId: task.publisherId,
    departmentId: task.departmentId,
    departmentPath: task.departmentPath,
    evaluators: task.evaluators.map((e) => ({ userId: e.userId, name: e.name })),
    bids: rankedOrder(task.bids, scores, task.award !== null).map((bid) => bidView(task, bid, viewer, scores)),
    award: task.award ? { ...task.award, awardedAt: isoRequired(task.award.awardedAt) } : null,
    progress: task.progress.map((p) => ({ ...p, at: isoRequired(p.at) })),
    results: task.results.map((r) => ({ ...r, submittedAt: isoRequired(r.submittedAt) })),
    reviews: task.reviews.map((r) => ({ ...r, at: isoRequired(r.at) })),
    reviewersExpected: task.award ? expectedReviewers(task) : [],
    verdict: task.verdict,
    reward: task.reward
      ? {
          rewardPoints: task.reward.rewardPoints,
          verdict: task.reward.verdict,
          flagged: task.reward.flagged,
          teams: awardedBids.map((bid) => ({ teamId: bid.teamId, teamName: bid.teamName, members: bid.members.map((m) => ({ userId: m.userId, name: m.name, role: m.role, share: m.share })) })),
          releasedAt: isoRequired(task.reward.releasedAt),
        }
      : null,
    history: task.history.map((h) => ({ ...h, at: isoRequired(h.at) })),
    publishedAt: iso(task.publishedAt),
    biddingClosedAt: iso(task.biddingClosedAt),
    awardedAt: iso(task.awardedAt),
    resultsSubmittedAt: iso(task.resultsSubmittedAt),
    concludedAt: iso(task.concludedAt),
    createdAt: isoRequired(task.createdAt),
    updatedAt: isoRequired(task.updatedAt),
  };
}

/** Best first once scores are published; in submission order before. */
function rankedOrder(bids: BidEntry[], scores: ReturnType<typeof scoredBids>, published: boolean): BidEntry[] {
  if (!published) return bids;
  const rank = (bid: BidEntry) => scores.get(bid.id)?.rank ?? Number.MAX_SAFE_INTEGER;
  return [...bids].sort((a, b) => rank(a) - rank(b));
}

export function taskSummary(card: TaskCardDocument): TaskSummaryView {
  return {
    id: card._id,
    version: card.version,
    status: card.status,
    batchId: card.batchId,
    title: card.title,
    domain: card.domain,
    flags: card.flags,
    rewardPoints: card.rewardPoints,
    allowRace: card.allowRace,
    departmentId: card.departmentId,
    biddingDeadline: isoRequired(card.biddingDeadline),
    deliveryDeadline: isoRequired(card.deliveryDeadline),
    bidCount: card.bidCount,
    verdict: card.verdict,
    createdAt: isoRequired(card.createdAt),
    updatedAt: isoRequired(card.updatedAt),
  };
}

export function teamView(team: TeamDocument): TeamView {
  return {
    id: team._id,
    version: team.version,
    name: team.name,
    leadId: team.leadId,
    createdBy: team.createdBy,
    members: team.members.map((m) => ({ ...m, respondedAt: iso(m.respondedAt) })),
    formed: team.formedAt !== null,
    formedAt: iso(team.formedAt),
    createdAt: isoRequired(team.createdAt),
    updatedAt: isoRequired(team.updatedAt),
  };
}

export function batchView(batch: BatchDocument): TaskBatchView {
  return { id: batch._id, name: batch.name, description: batch.description, createdBy: batch.createdBy, createdAt: isoRequired(batch.createdAt) };
}

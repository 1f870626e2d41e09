import type { BidView, Caller, DeliverableView, TaskBatchView, TaskSummaryView, TaskVerdict, TaskView, TeamView } from '@cadre/contracts';
import type { AttachedFile } from '@cadre/files';
import type { BatchDocument, BidEntry, StoredDeliverable, TaskCardDocument, TaskDocument, TeamDocument } from './task.schema';
import { conflictsOf, expectedReviewers } from './domain/conflicts';
import { teamReviews } from './domain/delivery';
import { pendingEvaluations, scoredBids } from './domain/standings';
import { bidContentVisible, managesTask, scoresVisible, visibleEvaluations } from './domain/visibility';

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);
const isoRequired = (value: Date | string) => new Date(value).toISOString();

/**
 * A bid as `viewer` may see it (domain/visibility.ts): its content is sealed while bidding is open, except to its
 * team; scores are shown with the award, and before it to those who manage the task once 评标 is complete;
 * until then the board shows how many evaluations are in, and an evaluator only their own evaluation.
 */
export function bidView(task: TaskDocument, bid: BidEntry, viewer: Caller, scores = scoredBids(task), shown = scoresVisible(task, viewer)): BidView {
  const summary = scores.get(bid.id)!;
  const conflicted = conflictsOf(task, bid);
  const open = bidContentVisible(task, bid, viewer);
  return {
    id: bid.id,
    version: bid.version,
    taskId: task._id,
    teamId: bid.teamId,
    teamName: bid.teamName,
    leadId: bid.leadId,
    members: bid.members.map((m) => ({ ...m, invitation: 'accepted' as const, respondedAt: null })),
    status: bid.status,
    sealed: !open,
    plan: open ? bid.plan : null,
    expectedResults: open ? bid.expectedResults : null,
    milestones: open ? bid.milestones : null,
    commitment: open ? bid.commitment : null,
    attachments: open ? (bid.attachments ?? []).map(attachedView) : null,
    evaluation: {
      count: bid.evaluations.length,
      expected: task.evaluators.length - conflicted.length,
      conflictedEvaluatorIds: conflicted,
      score: shown ? summary.score : null,
      criteria: shown ? summary.criteria : null,
      divergent: shown ? summary.divergent : false,
      spread: shown ? summary.spread : null,
      rank: shown ? summary.rank : null,
      scoresShown: shown,
    },
    evaluations: visibleEvaluations(task, bid.evaluations, viewer).map((e) => ({
      evaluatorId: e.evaluatorId,
      evaluatorName: e.evaluatorName,
      scores: e.scores,
      total: e.total,
      comment: e.comment,
      at: isoRequired(e.at),
    })),
    submittedAt: isoRequired(bid.submittedAt),
    updatedAt: isoRequired(bid.updatedAt),
  };
}

const attachedView = (f: AttachedFile) => ({ fileId: f.fileId, name: f.name, mediaType: f.mediaType, size: f.size, sha256: f.sha256 });

/** A stored deliverable, or one typed in before files were stored (no file behind it: `fileId` null). */
function deliverableView(d: StoredDeliverable): DeliverableView {
  const note = d.description ? { description: d.description } : {};
  if ('fileId' in d) return { ...attachedView(d), ...note };
  return { fileId: null, name: d.name, mediaType: null, size: null, sha256: d.sha256 ?? null, ...note };
}

/** The task as `viewer` may see it (sealed parts depend on who asks). */
export function taskView(task: TaskDocument, viewer: Caller): TaskView {
  const scores = scoredBids(task);
  const shown = scoresVisible(task, viewer);
  const pending = task.status === 'evaluating' ? pendingEvaluations(task) : [];
  // Who has scored what is the managers' business: an evaluator learns nothing of the others' progress.
  const pendingShown = managesTask(viewer, task) ? pending : [];
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
    bids: rankedOrder(task.bids, scores, shown).map((bid) => bidView(task, bid, viewer, scores, shown)),
    evaluationComplete: pending.length === 0,
    pendingEvaluations: pendingShown,
    award: task.award
      ? {
          bidIds: task.award.bidIds,
          teamIds: task.award.teamIds,
          awardedBy: task.award.awardedBy,
          awardedAt: isoRequired(task.award.awardedAt),
          reason: task.award.reason ?? null,
          passedOverBidIds: task.award.passedOverBidIds ?? [],
        }
      : null,
    progress: task.progress.map((p) => ({ ...p, attachments: (p.attachments ?? []).map(attachedView), at: isoRequired(p.at) })),
    results: task.results.map((r) => ({ ...r, deliverables: r.deliverables.map(deliverableView), submittedAt: isoRequired(r.submittedAt) })),
    reviews: sealedReviews(task, viewer),
    reviewersExpected: task.award ? expectedReviewers(task) : [],
    teamVerdicts: teamVerdictsView(task),
    verdict: task.verdict,
    reward: task.reward
      ? {
          rewardPoints: task.reward.rewardPoints,
          verdict: task.reward.verdict,
          flagged: task.reward.flagged,
          teams: awardedBids.map((bid) => ({
            teamId: bid.teamId,
            teamName: bid.teamName,
            ...teamVerdictOf(task, bid.teamId),
            members: bid.members.map((m) => ({ userId: m.userId, name: m.name, role: m.role, share: m.share })),
          })),
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

/**
 * 评审 is sealed until the task concludes (全程公开 after the fact): before that an evaluator sees only their own
 * reviews, everyone else none; `teamVerdicts` tells how many are in.
 */
function sealedReviews(task: TaskDocument, viewer: Caller): TaskView['reviews'] {
  const shown = task.status === 'concluded' ? task.reviews : task.reviews.filter((r) => r.evaluatorId === viewer.userId);
  const sole = task.award?.teamIds.length === 1 ? task.award.teamIds[0] : null;
  return shown.map((r) => ({ ...r, teamId: r.teamId ?? sole, tolerance: r.tolerance ?? null, at: isoRequired(r.at) }));
}

/** A concluded team's own verdict; a task concluded before per-team verdicts gave every team the task's. */
function teamVerdictOf(task: TaskDocument, teamId: string): { verdict?: TaskVerdict } {
  const own = (task.teamVerdicts ?? []).find((t) => t.teamId === teamId)?.verdict ?? task.verdict;
  return own ? { verdict: own } : {};
}

function teamVerdictsView(task: TaskDocument): NonNullable<TaskView['teamVerdicts']> {
  const concluded = task.status === 'concluded';
  return teamReviews(task).map((t) => {
    const outcome = (task.teamVerdicts ?? []).find((o) => o.teamId === t.teamId);
    return {
      bidId: t.bid.id,
      teamId: t.teamId,
      teamName: t.bid.teamName,
      reviewersExpected: t.expected,
      reviewCount: t.reviews.length,
      verdict: concluded ? (outcome?.verdict ?? task.verdict) : null,
      verdictTally: concluded ? (outcome?.verdictTally ?? t.verdictTally) : null,
      tolerance: t.tolerance
        ? {
            justification: t.tolerance.justification,
            appliedBy: t.tolerance.appliedBy,
            appliedByName: t.tolerance.appliedByName,
            appliedAt: isoRequired(t.tolerance.appliedAt),
            decision: concluded ? (outcome?.tolerance ?? null) : null,
          }
        : null,
    };
  });
}

/** Best first when the viewer sees the scores; in submission order otherwise (the order would give the ranks away). */
function rankedOrder(bids: BidEntry[], scores: ReturnType<typeof scoredBids>, shown: boolean): BidEntry[] {
  if (!shown) return bids;
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
    history: (team.history ?? []).map((h) => ({ ...h, at: isoRequired(h.at) })),
  };
}

export function batchView(batch: BatchDocument): TaskBatchView {
  return { id: batch._id, name: batch.name, description: batch.description, createdBy: batch.createdBy, createdAt: isoRequired(batch.createdAt) };
}

import type { BidView, TaskStatus, TaskView, TeamView } from '@cadre/contracts';

/** Who is looking: the parts of `GET /me` the rules need. */
export interface Viewer {
  id: string;
  roles: readonly string[];
  departmentId: string;
}

/** What the task detail page may offer; the API checks again. */
export type TaskAction =
  | 'edit'
  | 'publish'
  | 'withdraw'
  | 'closeBidding'
  | 'award'
  | 'conclude'
  | 'bid'
  | 'updateBid'
  | 'progress'
  | 'results'
  | 'evaluate'
  | 'review'
  | 'tolerance';

const FINAL_TASK_STATUSES: readonly TaskStatus[] = ['concluded', 'withdrawn', 'unclaimed'];

type TaskFacts = Pick<
  TaskView,
  'status' | 'departmentPath' | 'evaluators' | 'bids' | 'award' | 'results' | 'reviews' | 'reviewersExpected' | 'biddingDeadline' | 'evaluationComplete' | 'teamVerdicts'
>;

/** A publisher of the task's department (or a department above it) drives its lifecycle. */
function isPublisherOf(task: Pick<TaskView, 'departmentPath'>, viewer: Viewer): boolean {
  return viewer.roles.includes('publisher') && task.departmentPath.includes(viewer.departmentId);
}

export function isAssignedEvaluator(task: Pick<TaskView, 'evaluators'>, viewer: Viewer): boolean {
  return viewer.roles.includes('evaluator') && task.evaluators.some((e) => e.userId === viewer.id);
}

/** The viewer's bid on the task (as the lead of its team), if any. */
export function ownBid(task: Pick<TaskView, 'bids'>, viewer: Viewer): BidView | undefined {
  return task.bids.find((b) => b.leadId === viewer.id);
}

/** The awarded bid the viewer is a member of, if any. */
export function awardedBidOf(task: Pick<TaskView, 'bids' | 'award'>, viewer: Viewer): BidView | undefined {
  return task.bids.find((b) => task.award?.bidIds.includes(b.id) && b.members.some((m) => m.userId === viewer.id));
}

/**
 * Expected reviews still missing before the publisher may conclude, over every awarded team (0 and at least one
 * review per team: ready). Reviews are sealed until the conclusion, so the counts per team are what tells.
 */
export function pendingReviews(task: Pick<TaskView, 'reviewersExpected' | 'reviews' | 'teamVerdicts'>): number {
  if (task.teamVerdicts?.length) return task.teamVerdicts.reduce((sum, t) => sum + Math.max(0, t.reviewersExpected.length - t.reviewCount), 0);
  const done = new Set(task.reviews.map((r) => r.evaluatorId));
  return task.reviewersExpected.filter((id) => !done.has(id)).length;
}

export function canConclude(task: Pick<TaskView, 'status' | 'reviewersExpected' | 'reviews' | 'teamVerdicts'>): boolean {
  const reviewed = task.teamVerdicts?.length ? task.teamVerdicts.every((t) => t.reviewCount > 0) : task.reviews.length > 0;
  return task.status === 'reviewing' && pendingReviews(task) === 0 && reviewed;
}

/** The awarded team the viewer leads may apply for 容错 while in progress or review, once, before its first review. */
export function canApplyTolerance(task: Pick<TaskView, 'status' | 'bids' | 'award' | 'teamVerdicts'>, viewer: Viewer): boolean {
  if (task.status !== 'in_progress' && task.status !== 'reviewing') return false;
  const bid = awardedBidOf(task, viewer);
  if (!bid || bid.leadId !== viewer.id) return false;
  const team = task.teamVerdicts?.find((t) => t.teamId === bid.teamId);
  return !!team && team.tolerance === null && team.reviewCount === 0;
}

/**
 * Bids the publisher may award: none until 评标 is complete (the API answers 409), then those with a score (a bid
 * nobody could score cannot be awarded).
 */
export function awardableBids(task: Pick<TaskView, 'bids' | 'evaluationComplete'>): BidView[] {
  if (!task.evaluationComplete) return [];
  return task.bids.filter((b) => b.evaluation.count > 0 && (!b.evaluation.scoresShown || b.evaluation.score !== null));
}

/**
 * The scored bids ranked above the lowest-ranked chosen bid that are not chosen (as the API decides it): passing
 * them over needs a written reason.
 */
export function passedOverBids(task: Pick<TaskView, 'bids'>, chosen: readonly string[]): BidView[] {
  const ranks = task.bids.filter((b) => chosen.includes(b.id)).map((b) => b.evaluation.rank ?? 0);
  if (ranks.length === 0) return [];
  const lowest = Math.max(...ranks);
  return task.bids.filter((b) => b.evaluation.rank !== null && b.evaluation.rank < lowest && !chosen.includes(b.id));
}

/**
 * The actions the task detail shows to `viewer` for the task's current state (docs/DOMAIN.md §2 lifecycle):
 * publisher: draft → edit / publish / withdraw; open → close bidding (and, before any bid, edit / withdraw); evaluating → award; reviewing → conclude
 * (once every expected review is in); cadres bid while open; the awarded team reports progress and its lead
 * submits results; assigned evaluators score bids while evaluating and review results while reviewing.
 * Final states show nothing.
 */
export function taskActionsFor(task: TaskFacts, viewer: Viewer | null, now: Date = new Date()): TaskAction[] {
  if (!viewer || FINAL_TASK_STATUSES.includes(task.status)) return [];
  const actions: TaskAction[] = [];
  const publisher = isPublisherOf(task, viewer);
  switch (task.status) {
    case 'draft':
      if (publisher) actions.push('edit', 'publish', 'withdraw');
      break;
    case 'open': {
      if (publisher) actions.push('closeBidding');
      // Before any bid the publisher may still correct the task (the edit page) or withdraw it.
      if (publisher && task.bids.length === 0) actions.push('edit', 'withdraw');
      const biddingOpen = Date.parse(task.biddingDeadline) > now.getTime();
      if (biddingOpen && viewer.roles.includes('cadre')) actions.push(ownBid(task, viewer) ? 'updateBid' : 'bid');
      break;
    }
    case 'evaluating':
      if (publisher && awardableBids(task).length > 0) actions.push('award');
      if (isAssignedEvaluator(task, viewer) && task.bids.some((b) => bidEvaluationState(task, b, viewer) === 'can')) actions.push('evaluate');
      break;
    case 'in_progress': {
      const bid = awardedBidOf(task, viewer);
      if (bid) {
        actions.push('progress');
        if (bid.leadId === viewer.id && !task.results.some((r) => r.bidId === bid.id)) actions.push('results');
      }
      if (canApplyTolerance(task, viewer)) actions.push('tolerance');
      break;
    }
    case 'reviewing':
      if (publisher && canConclude(task)) actions.push('conclude');
      if (isAssignedEvaluator(task, viewer) && task.reviewersExpected.includes(viewer.id)) actions.push('review');
      if (canApplyTolerance(task, viewer)) actions.push('tolerance');
      break;
  }
  return actions;
}

/** Whether the viewer may score (评标) a bid: `conflicted` (回避) bids are shown as such, never scorable. */
type BidEvaluationState = 'can' | 'conflicted' | 'notAssigned' | 'closed';

export function bidEvaluationState(task: Pick<TaskView, 'status' | 'evaluators'>, bid: Pick<BidView, 'evaluation'>, viewer: Viewer): BidEvaluationState {
  if (!isAssignedEvaluator(task, viewer)) return 'notAssigned';
  if (bid.evaluation.conflictedEvaluatorIds.includes(viewer.id)) return 'conflicted';
  if (task.status !== 'evaluating') return 'closed';
  return 'can';
}

/**
 * Why an evaluator is conflicted (回避) with a bid's team: the members in the evaluator's department or below it,
 * and whether the evaluator is a member. (The API decides; this explains.)
 */
export function conflictReasons(bid: Pick<BidView, 'members'>, viewer: Viewer): { self: boolean; members: string[] } {
  return {
    self: bid.members.some((m) => m.userId === viewer.id),
    members: bid.members.filter((m) => m.userId !== viewer.id && m.departmentPath.includes(viewer.departmentId)).map((m) => m.name),
  };
}

/** Whether the viewer has an unanswered invitation to the team, or leads a team ready to bid. */
type TeamAction = 'accept' | 'decline' | 'bid';

export function teamActionsFor(team: Pick<TeamView, 'members' | 'leadId' | 'formed'>, viewer: Viewer | null): TeamAction[] {
  if (!viewer) return [];
  const me = team.members.find((m) => m.userId === viewer.id);
  if (!me) return [];
  if (me.role !== 'lead' && me.invitation === 'invited') return ['accept', 'decline'];
  if (team.leadId === viewer.id && team.formed) return ['bid'];
  return [];
}

/** Sum of team shares, and whether they make a valid team (a whole 100). */
export function sharesTotal(members: readonly { share?: number | null }[]): number {
  return members.reduce((sum, m) => sum + (Number(m.share) || 0), 0);
}

export const EVALUATION_MAX = { feasibility: 30, innovation: 20, capability: 30, benefit: 20 } as const;

/** At most one decimal (27.5), as the rubric's schema says. */
export function hasAtMostOneDecimal(value: number): boolean {
  const scaled = value * 10;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** The rubric's maximum total (100). */
export const EVALUATION_TOTAL_MAX = Object.values(EVALUATION_MAX).reduce((sum, max) => sum + max, 0);

/** The running total of a rubric being typed: the criteria given so far, to one decimal (blank ones count 0). */
export function rubricTotal(scores: Partial<Record<keyof typeof EVALUATION_MAX, number | null>> | undefined): number {
  const sum = Object.values(scores ?? {}).reduce<number>((total, v) => total + (typeof v === 'number' && Number.isFinite(v) ? v : 0), 0);
  return Math.round(sum * 10) / 10;
}

/** The viewer's own evaluation of a bid, if they gave one (before the award the API shows them only their own). */
export function ownEvaluation(bid: Pick<BidView, 'evaluations'>, viewer: Pick<Viewer, 'id'>): BidView['evaluations'][number] | undefined {
  return bid.evaluations.find((e) => e.evaluatorId === viewer.id);
}

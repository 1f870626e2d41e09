import type {
  EvaluationScores,
  TaskDomain,
  TaskFlag,
  TaskStatus,
  TaskVerdict,
  TeamInvitationState,
  TeamMemberRole,
} from './requests';

/** What the API answers for the key-task marketplace. Everything here is public to every signed-in user (全程公开). */

export interface TaskBatchView {
  id: string;
  name: string;
  description: string;
  createdBy: string;
  createdAt: string;
}

export interface TeamMemberView {
  userId: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
  role: TeamMemberRole;
  share: number;
  invitation: TeamInvitationState;
  respondedAt: string | null;
}

export interface TeamView {
  id: string;
  version: number;
  name: string;
  leadId: string;
  createdBy: string;
  members: TeamMemberView[];
  /** Every member has accepted: the team may bid. */
  formed: boolean;
  formedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One evaluator's 评标 of one bid. */
export interface EvaluationView {
  evaluatorId: string;
  evaluatorName: string;
  scores: EvaluationScores;
  /** Sum of the four criteria, 0–100. */
  total: number;
  comment: string;
  at: string;
}

/** The scores summary of a bid. `score` is the trimmed mean of the evaluators' totals, rounded to 2 decimals. */
export interface BidEvaluationSummary {
  /** Evaluations received. */
  count: number;
  /** Evaluations expected: the assigned evaluators not conflicted (回避) with the team. */
  expected: number;
  /** The evaluators who recused themselves from this bid. */
  conflictedEvaluatorIds: string[];
  score: number | null;
  /** Mean of each criterion over the evaluations (not trimmed), or null without any. */
  criteria: Record<keyof EvaluationScores, number> | null;
  /** The evaluators' totals diverge strongly (see the tasks domain's divergence rule). */
  divergent: boolean;
  /** Highest minus lowest evaluator total, or null with fewer than two evaluations. */
  spread: number | null;
  /** 1 = best among the task's bids; null while unscored. */
  rank: number | null;
}

export const BID_STATUSES = ['submitted', 'awarded', 'not_awarded'] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

export interface BidView {
  id: string;
  version: number;
  taskId: string;
  teamId: string;
  teamName: string;
  leadId: string;
  members: TeamMemberView[];
  status: BidStatus;
  plan: string;
  expectedResults: string;
  milestones: { name: string; dueDate: string }[];
  commitment: string;
  evaluation: BidEvaluationSummary;
  /** The individual evaluations; published once bidding is evaluated and the task awarded, empty before. */
  evaluations: EvaluationView[];
  submittedAt: string;
  updatedAt: string;
}

export interface TaskAwardView {
  bidIds: string[];
  teamIds: string[];
  awardedBy: string;
  awardedAt: string;
}

export interface TaskProgressView {
  milestone: string;
  note: string;
  teamId: string;
  authorId: string;
  authorName: string;
  at: string;
}

export interface TaskResultsView {
  bidId: string;
  teamId: string;
  summary: string;
  deliverables: { name: string; description?: string; sha256?: string }[];
  submittedBy: string;
  submittedAt: string;
}

/** One evaluator's 评审 of the results. */
export interface TaskReviewView {
  evaluatorId: string;
  evaluatorName: string;
  verdict: TaskVerdict;
  comment: string;
  at: string;
}

/**
 * The reward released at conclusion (激励). Points themselves are computed by the scoring service from the
 * `tasks.task.concluded` event; the board shows the base, the verdict and who shares it.
 */
export interface TaskRewardView {
  rewardPoints: number;
  verdict: TaskVerdict;
  flagged: boolean;
  teams: { teamId: string; teamName: string; members: { userId: string; name: string; role: TeamMemberRole; share: number }[] }[];
  releasedAt: string;
}

export interface TaskHistoryEntry {
  action: string;
  from: TaskStatus | null;
  to: TaskStatus;
  actorId: string;
  actorName: string;
  at: string;
  comment: string;
  version: number;
}

/** A task on the public board, with everything that exists so far. */
export interface TaskView {
  id: string;
  version: number;
  status: TaskStatus;
  batchId: string;
  batchName: string;
  title: string;
  description: string;
  domain: TaskDomain;
  flags: TaskFlag[];
  goals: string;
  expectedResults: string;
  milestones: { name: string; dueDate: string }[];
  biddingDeadline: string;
  deliveryDeadline: string;
  rewardPoints: number;
  allowRace: boolean;
  publisherId: string;
  departmentId: string;
  departmentPath: string[];
  evaluators: { userId: string; name: string }[];
  bids: BidView[];
  award: TaskAwardView | null;
  progress: TaskProgressView[];
  /** One entry per awarded team that has submitted (a race may have several). */
  results: TaskResultsView[];
  reviews: TaskReviewView[];
  /** The evaluators whose 评审 is awaited: the assigned evaluators not conflicted with an awarded team. */
  reviewersExpected: string[];
  verdict: TaskVerdict | null;
  reward: TaskRewardView | null;
  history: TaskHistoryEntry[];
  publishedAt: string | null;
  biddingClosedAt: string | null;
  awardedAt: string | null;
  resultsSubmittedAt: string | null;
  concludedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A row of `GET /tasks` (and of its CSV). */
export interface TaskSummaryView {
  id: string;
  version: number;
  status: TaskStatus;
  batchId: string;
  title: string;
  domain: TaskDomain;
  flags: TaskFlag[];
  rewardPoints: number;
  allowRace: boolean;
  departmentId: string;
  biddingDeadline: string;
  deliveryDeadline: string;
  bidCount: number;
  verdict: TaskVerdict | null;
  createdAt: string;
  updatedAt: string;
}

import type { TaskDomain, TaskFlag, TaskStatus, TaskVerdict, TeamInvitationState, TeamMemberRole, ToleranceDecision } from './requests';

/** Event types of the tasks service (stream TASKS). */
export const TASK_EVENTS = {
  published: 'tasks.task.published',
  biddingClosed: 'tasks.task.bidding_closed',
  awarded: 'tasks.task.awarded',
  resultsSubmitted: 'tasks.task.results_submitted',
  concluded: 'tasks.task.concluded',
  unclaimed: 'tasks.task.unclaimed',
  withdrawn: 'tasks.task.withdrawn',
  bidSubmitted: 'tasks.bid.submitted',
  teamFormed: 'tasks.team.formed',
  /** A correction of an open task before any bid (PATCH /tasks/:id): the task as it now stands, `changes` naming the fields. */
  updated: 'tasks.task.updated',
  /** An evaluator scored a bid (评标); carries `waiting` so the inbox knows who still has bids to score. */
  evaluationRecorded: 'tasks.task.evaluation_recorded',
  /** An evaluator reviewed a team's results (评审); carries `waiting`. */
  reviewRecorded: 'tasks.task.review_recorded',
  /** A team was created or changed (members, shares, invitations answered or re-sent); the team's whole state. */
  teamChanged: 'tasks.team.changed',
} as const;

export type TaskEventType = (typeof TASK_EVENTS)[keyof typeof TASK_EVENTS];

/** A team member as scoring (the 20/80 split and the lead's bonus) and analytics (by department) need them. */
export interface TaskTeamMemberFact {
  userId: string;
  role: TeamMemberRole;
  /** Contribution share in whole percent; the shares of a team sum to 100. */
  share: number;
  departmentId: string;
  /** Department ids from the root down to the member's department. */
  departmentPath: string[];
}

export interface TaskTeamFact {
  teamId: string;
  teamName: string;
  leadId: string;
  members: TaskTeamMemberFact[];
}

/**
 * What every task transition event carries, so that a consumer never asks back: the task at the version the
 * transition produced. `departmentId`/`departmentPath` are the publishing department's (发榜单位).
 */
export interface TaskTransitionBaseV1 {
  taskId: string;
  version: number;
  status: TaskStatus;
  fromStatus: TaskStatus;
  action: string;
  actorId: string;
  batchId: string;
  title: string;
  domain: TaskDomain;
  flags: TaskFlag[];
  /** Base reward points (scoring multiplies by the verdict and the 急难险重 factor). */
  rewardPoints: number;
  allowRace: boolean;
  publisherId: string;
  departmentId: string;
  departmentPath: string[];
  biddingDeadline: string;
  deliveryDeadline: string;
  createdAt: string;
  publishedAt: string | null;
  occurredAt: string;
  /**
   * Who the task waits for, as the tasks service's own rules decide (one place for each rule): carried by
   * `bidding_closed`, `evaluation_recorded`, `awarded`, `results_submitted`, `review_recorded`, `updated`
   * and every later transition. Absent in events written before it was carried.
   */
  waiting?: TaskWaitingFact;
}

export interface TaskWaitingFact {
  /** 评标 still to do: each expected evaluator (not 回避) with the bids they have not scored. Empty outside `evaluating`. */
  pendingEvaluations: { evaluatorId: string; bidIds: string[] }[];
  /** 评审 still to do: each expected evaluator with the awarded teams whose submitted results they have not reviewed. */
  pendingReviews: { evaluatorId: string; teamIds: string[] }[];
  /** 评标 is complete: the publisher's department may award now. */
  readyToAward: boolean;
  /** Every awarded team has results and every expected review is in: the publisher's department may conclude now. */
  readyToConclude: boolean;
}

export interface TaskUpdatedV1 extends TaskTransitionBaseV1 {
  evaluatorIds: string[];
  /** The corrected fields (`title`, `biddingDeadline`, `evaluatorIds`…). */
  changes: string[];
}

export interface TaskEvaluationRecordedV1 extends TaskTransitionBaseV1 {
  status: 'evaluating';
  evaluatorId: string;
  bidId: string;
  waiting: TaskWaitingFact;
}

export interface TaskReviewRecordedV1 extends TaskTransitionBaseV1 {
  status: 'reviewing' | 'in_progress';
  evaluatorId: string;
  teamId: string;
  waiting: TaskWaitingFact;
}

export interface TaskPublishedV1 extends TaskTransitionBaseV1 {
  status: 'open';
  evaluatorIds: string[];
  milestones: { name: string; dueDate: string }[];
  publishedAt: string;
}

export interface TaskBiddingClosedV1 extends TaskTransitionBaseV1 {
  status: 'evaluating';
  bidIds: string[];
  teamIds: string[];
  biddingClosedAt: string;
}

export interface TaskUnclaimedV1 extends TaskTransitionBaseV1 {
  status: 'unclaimed';
  biddingClosedAt: string;
}

export interface TaskWithdrawnV1 extends TaskTransitionBaseV1 {
  status: 'withdrawn';
  comment: string;
  withdrawnAt: string;
}

/** A bid's 评标 outcome: the trimmed mean of its evaluators' totals (null when nobody scored it). */
export interface BidScoreFact {
  bidId: string;
  teamId: string;
  score: number | null;
  /** 1 = best; null for a bid without a score. */
  rank: number | null;
  evaluationCount: number;
  divergent: boolean;
}

export interface TaskAwardedV1 extends TaskTransitionBaseV1 {
  status: 'in_progress';
  /** The awarded bids and their teams, index-aligned. */
  bidIds: string[];
  teamIds: string[];
  /** The awarded bids with their scores, best first. */
  awarded: BidScoreFact[];
  /** Every bid of the task with its score, as published with the award. */
  ranking: BidScoreFact[];
  /** The scored bids ranked above an awarded bid that were not awarded, and the publisher's written reason (null when none was given). */
  passedOverBidIds: string[];
  reason: string | null;
  awardedAt: string;
}

export interface TaskResultsSubmittedV1 extends TaskTransitionBaseV1 {
  status: 'reviewing';
  bidId: string;
  teamId: string;
  deliverableCount: number;
  awardedAt: string;
  resultsSubmittedAt: string;
}

/** An awarded team's own 评审 outcome (additive: absent in events of tasks concluded before per-team verdicts). */
export interface TaskTeamVerdictFact {
  verdict?: TaskVerdict;
  verdictTally?: Record<TaskVerdict, number>;
  reviewCount?: number;
  /** The reviewers' decision on the team's 容错 application; null when it did not apply. */
  tolerance?: ToleranceDecision | null;
}

/** Conclusion releases the reward: scoring turns this event into ledger entries for every member listed. */
export interface TaskConcludedV1 extends TaskTransitionBaseV1 {
  status: 'concluded';
  /** The best awarded team's verdict (the only team's without a race); each team's own is in `teams[].verdict`. */
  verdict: TaskVerdict;
  /** How many reviews gave each verdict, over every team. */
  verdictTally: Record<TaskVerdict, number>;
  reviewCount: number;
  /** Every awarded team with every member (userId, role, share and department) and its own verdict. */
  teams: (TaskTeamFact & TaskTeamVerdictFact & { bidId: string })[];
  awardedAt: string;
  resultsSubmittedAt: string;
  concludedAt: string;
}

export interface BidSubmittedV1 {
  bidId: string;
  /** 1 for the first submission; a revision before bidding closes raises it. */
  version: number;
  taskId: string;
  batchId: string;
  taskTitle: string;
  domain: TaskDomain;
  teamId: string;
  teamName: string;
  leadId: string;
  members: TaskTeamMemberFact[];
  submittedAt: string;
  occurredAt: string;
}

/** A team is formed when every invited member has accepted; from then on it may bid. */
export interface TeamFormedV1 extends TaskTeamFact {
  version: number;
  createdBy: string;
  createdAt: string;
  formedAt: string;
  occurredAt: string;
}

/** A team's whole state after any change: creation, an edit, an invitation answered or re-sent, formation. */
export interface TeamChangedV1 {
  teamId: string;
  teamName: string;
  leadId: string;
  version: number;
  /** Formed once every invited member has accepted. */
  formed: boolean;
  members: { userId: string; role: TeamMemberRole; share: number; invitation: TeamInvitationState }[];
  /** What changed: `created`, `updated`, `accepted`, `declined`, `reinvited`. */
  action: string;
  actorId: string;
  occurredAt: string;
}

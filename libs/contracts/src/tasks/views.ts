import { z } from 'zod';
import { dateTimeView, dateView, intView, pageSchema } from '../view-schema';
import {
  TASK_DOMAINS,
  TASK_FLAGS,
  TASK_STATUSES,
  TASK_VERDICTS,
  TEAM_INVITATION_STATES,
  TEAM_MEMBER_ROLES,
  type EvaluationCriterion,
} from './requests';

/** What the API answers for the key-task marketplace. Everything here is public to every signed-in user (全程公开). */

export const taskBatchViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: dateTimeView,
});
export type TaskBatchView = z.infer<typeof taskBatchViewSchema>;

/** `GET /task-batches`. */
export const taskBatchPageViewSchema = pageSchema(taskBatchViewSchema);

export const teamMemberViewSchema = z.strictObject({
  userId: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentPath: z.array(z.string()),
  role: z.enum(TEAM_MEMBER_ROLES),
  /** Whole percent; the shares of a team sum to 100. */
  share: z.number(),
  invitation: z.enum(TEAM_INVITATION_STATES),
  respondedAt: dateTimeView.nullable(),
});
export type TeamMemberView = z.infer<typeof teamMemberViewSchema>;

export const teamViewSchema = z.strictObject({
  id: z.string(),
  version: intView,
  name: z.string(),
  leadId: z.string(),
  createdBy: z.string(),
  members: z.array(teamMemberViewSchema),
  /** Every member has accepted: the team may bid. */
  formed: z.boolean(),
  formedAt: dateTimeView.nullable(),
  createdAt: dateTimeView,
  updatedAt: dateTimeView,
});
export type TeamView = z.infer<typeof teamViewSchema>;

/** One number per 评标 criterion (feasibility, innovation, capability, benefit). */
const criteriaSchema = z.strictObject({
  feasibility: z.number(),
  innovation: z.number(),
  capability: z.number(),
  benefit: z.number(),
} satisfies Record<EvaluationCriterion, z.ZodNumber>);

/** One evaluator's 评标 of one bid. */
export const evaluationViewSchema = z.strictObject({
  evaluatorId: z.string(),
  evaluatorName: z.string(),
  scores: criteriaSchema,
  /** Sum of the four criteria, 0–100. */
  total: z.number(),
  comment: z.string(),
  at: dateTimeView,
});

/** The scores summary of a bid. `score` is the trimmed mean of the evaluators' totals, rounded to 2 decimals. */
export const bidEvaluationSummarySchema = z.strictObject({
  /** Evaluations received. */
  count: intView,
  /** Evaluations expected: the assigned evaluators not conflicted (回避) with the team. */
  expected: intView,
  /** The evaluators who recused themselves from this bid. */
  conflictedEvaluatorIds: z.array(z.string()),
  score: z.number().nullable(),
  /** Mean of each criterion over the evaluations (not trimmed), or null without any. */
  criteria: criteriaSchema.nullable(),
  /** The evaluators' totals diverge strongly (see the tasks domain's divergence rule). */
  divergent: z.boolean(),
  /** Highest minus lowest evaluator total, or null with fewer than two evaluations. */
  spread: z.number().nullable(),
  /** 1 = best among the task's bids; null while unscored. */
  rank: intView.nullable(),
});

export const BID_STATUSES = ['submitted', 'awarded', 'not_awarded'] as const;

const milestoneView = z.strictObject({ name: z.string(), dueDate: dateView });

export const bidViewSchema = z.strictObject({
  id: z.string(),
  version: intView,
  taskId: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  leadId: z.string(),
  members: z.array(teamMemberViewSchema),
  status: z.enum(BID_STATUSES),
  plan: z.string(),
  expectedResults: z.string(),
  milestones: z.array(milestoneView),
  commitment: z.string(),
  evaluation: bidEvaluationSummarySchema,
  /** The individual evaluations; published once bidding is evaluated and the task awarded, empty before. */
  evaluations: z.array(evaluationViewSchema),
  submittedAt: dateTimeView,
  updatedAt: dateTimeView,
});
export type BidView = z.infer<typeof bidViewSchema>;

export const taskAwardViewSchema = z.strictObject({
  bidIds: z.array(z.string()),
  teamIds: z.array(z.string()),
  awardedBy: z.string(),
  awardedAt: dateTimeView,
});

export const taskProgressViewSchema = z.strictObject({
  milestone: z.string(),
  note: z.string(),
  teamId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  at: dateTimeView,
});

export const taskResultsViewSchema = z.strictObject({
  bidId: z.string(),
  teamId: z.string(),
  summary: z.string(),
  deliverables: z.array(z.strictObject({ name: z.string(), description: z.string().optional(), sha256: z.string().optional() })),
  submittedBy: z.string(),
  submittedAt: dateTimeView,
});

/** One evaluator's 评审 of the results. */
export const taskReviewViewSchema = z.strictObject({
  evaluatorId: z.string(),
  evaluatorName: z.string(),
  verdict: z.enum(TASK_VERDICTS),
  comment: z.string(),
  at: dateTimeView,
});

/**
 * The reward released at conclusion (激励). Points themselves are computed by the scoring service from the
 * `tasks.task.concluded` event; the board shows the base, the verdict and who shares it.
 */
export const taskRewardViewSchema = z.strictObject({
  rewardPoints: z.number(),
  verdict: z.enum(TASK_VERDICTS),
  flagged: z.boolean(),
  teams: z.array(
    z.strictObject({
      teamId: z.string(),
      teamName: z.string(),
      members: z.array(z.strictObject({ userId: z.string(), name: z.string(), role: z.enum(TEAM_MEMBER_ROLES), share: z.number() })),
    }),
  ),
  releasedAt: dateTimeView,
});

export const taskHistoryEntrySchema = z.strictObject({
  action: z.string(),
  from: z.enum(TASK_STATUSES).nullable(),
  to: z.enum(TASK_STATUSES),
  actorId: z.string(),
  actorName: z.string(),
  at: dateTimeView,
  comment: z.string(),
  version: intView,
});

/** A task on the public board, with everything that exists so far. */
export const taskViewSchema = z.strictObject({
  id: z.string(),
  version: intView,
  status: z.enum(TASK_STATUSES),
  batchId: z.string(),
  batchName: z.string(),
  title: z.string(),
  description: z.string(),
  domain: z.enum(TASK_DOMAINS),
  flags: z.array(z.enum(TASK_FLAGS)),
  goals: z.string(),
  expectedResults: z.string(),
  milestones: z.array(milestoneView),
  biddingDeadline: dateTimeView,
  deliveryDeadline: dateTimeView,
  rewardPoints: z.number(),
  allowRace: z.boolean(),
  publisherId: z.string(),
  departmentId: z.string(),
  departmentPath: z.array(z.string()),
  evaluators: z.array(z.strictObject({ userId: z.string(), name: z.string() })),
  bids: z.array(bidViewSchema),
  award: taskAwardViewSchema.nullable(),
  progress: z.array(taskProgressViewSchema),
  /** One entry per awarded team that has submitted (a race may have several). */
  results: z.array(taskResultsViewSchema),
  reviews: z.array(taskReviewViewSchema),
  /** The evaluators whose 评审 is awaited: the assigned evaluators not conflicted with an awarded team. */
  reviewersExpected: z.array(z.string()),
  verdict: z.enum(TASK_VERDICTS).nullable(),
  reward: taskRewardViewSchema.nullable(),
  history: z.array(taskHistoryEntrySchema),
  publishedAt: dateTimeView.nullable(),
  biddingClosedAt: dateTimeView.nullable(),
  awardedAt: dateTimeView.nullable(),
  resultsSubmittedAt: dateTimeView.nullable(),
  concludedAt: dateTimeView.nullable(),
  createdAt: dateTimeView,
  updatedAt: dateTimeView,
});
export type TaskView = z.infer<typeof taskViewSchema>;

/** A row of `GET /tasks` (and of its CSV). */
export const taskSummaryViewSchema = z.strictObject({
  id: z.string(),
  version: intView,
  status: z.enum(TASK_STATUSES),
  batchId: z.string(),
  title: z.string(),
  domain: z.enum(TASK_DOMAINS),
  flags: z.array(z.enum(TASK_FLAGS)),
  rewardPoints: z.number(),
  allowRace: z.boolean(),
  departmentId: z.string(),
  biddingDeadline: dateTimeView,
  deliveryDeadline: dateTimeView,
  bidCount: intView,
  verdict: z.enum(TASK_VERDICTS).nullable(),
  createdAt: dateTimeView,
  updatedAt: dateTimeView,
});
export type TaskSummaryView = z.infer<typeof taskSummaryViewSchema>;

/** `GET /tasks`: the board. */
export const taskSummaryPageViewSchema = pageSchema(taskSummaryViewSchema);

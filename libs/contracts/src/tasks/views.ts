import { z } from 'zod';
import { dateTimeView, dateView, intView, pageSchema } from '../view-schema';
import { attachedFileViewSchema } from '../files';
import {
  TASK_DOMAINS,
  TASK_FLAGS,
  TASK_STATUSES,
  TASK_VERDICTS,
  TEAM_INVITATION_STATES,
  TEAM_MEMBER_ROLES,
  TOLERANCE_DECISIONS,
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
  /** Repairs by the lead (edits, re-invitations), oldest first: who, when, what changed; empty before any. */
  history: z.array(
    z.strictObject({
      action: z.enum(['update', 'reinvite']),
      actorId: z.string(),
      actorName: z.string(),
      at: dateTimeView,
      /** What changed, in words (成员、份额、名称). */
      comment: z.string(),
      version: intView,
    }),
  ),
});
export type TeamView = z.infer<typeof teamViewSchema>;

/** `GET /teams/mine` (teams I lead or belong to) and `GET /invitations/mine` (teams awaiting my answer). */
export const teamPageViewSchema = pageSchema(teamViewSchema);

/** `GET /bids/mine`: one bid of one of my teams, with its task's title and status. */
export const myBidViewSchema = z.strictObject({
  bidId: z.string(),
  taskId: z.string(),
  taskTitle: z.string(),
  taskStatus: z.enum(TASK_STATUSES),
  teamId: z.string(),
  teamName: z.string(),
  leadId: z.string(),
  status: z.enum(['submitted', 'awarded', 'not_awarded']),
  version: intView,
  submittedAt: dateTimeView,
  updatedAt: dateTimeView,
});
export type MyBidView = z.infer<typeof myBidViewSchema>;
export const myBidPageViewSchema = pageSchema(myBidViewSchema);

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
  /**
   * Each criterion's trimmed mean (over the evaluations the score keeps), rounded so the four add up to `score`
   * exactly; null without any evaluation or while scores are not shown to the caller.
   */
  criteria: criteriaSchema.nullable(),
  /** The evaluators' totals diverge strongly (see the tasks domain's divergence rule). */
  divergent: z.boolean(),
  /** Highest minus lowest evaluator total, or null with fewer than two evaluations. */
  spread: z.number().nullable(),
  /** 1 = best among the task's bids; null while unscored. */
  rank: intView.nullable(),
  /**
   * Whether `score`, `criteria`, `divergent`, `spread` and `rank` are shown to the caller: to everyone with the
   * award; before it, to those who manage the task once every evaluation of the task is in.
   */
  scoresShown: z.boolean(),
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
  /**
   * 密封投标: while bidding is open the content (plan, expected results, milestones, commitment) is shown only to
   * the bidding team's members; to anyone else `sealed` is true and the content null. Public once bidding closes.
   */
  sealed: z.boolean(),
  plan: z.string().nullable(),
  expectedResults: z.string().nullable(),
  milestones: z.array(milestoneView).nullable(),
  commitment: z.string().nullable(),
  /** The plan's files (download at `GET /files/:fileId`); sealed like the content: null to others while bidding is open. */
  attachments: z.array(attachedFileViewSchema).nullable(),
  evaluation: bidEvaluationSummarySchema,
  /**
   * The individual evaluations: all of them once the task is awarded; before, only the caller's own (an
   * evaluator sees what they gave, never another evaluator's scores or comments).
   */
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
  /** The publisher's written reason (理由): required when a higher-ranked bid is passed over; null when none was given. */
  reason: z.string().nullable(),
  /** The scored bids ranked above an awarded bid that were not awarded. */
  passedOverBidIds: z.array(z.string()),
});

export const taskProgressViewSchema = z.strictObject({
  milestone: z.string(),
  note: z.string(),
  teamId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  /** Empty on reports made before files were stored. */
  attachments: z.array(attachedFileViewSchema),
  at: dateTimeView,
});

/**
 * A deliverable: a stored file (`fileId`; download at `GET /files/:fileId`); one typed in before files were stored
 * keeps its name (and hash, if given) with `fileId`, `mediaType` and `size` null.
 */
export const deliverableViewSchema = z.strictObject({
  fileId: z.string().nullable(),
  name: z.string(),
  mediaType: z.string().nullable(),
  size: intView.nullable(),
  sha256: z.string().nullable(),
  description: z.string().optional(),
});
export type DeliverableView = z.infer<typeof deliverableViewSchema>;

export const taskResultsViewSchema = z.strictObject({
  bidId: z.string(),
  teamId: z.string(),
  summary: z.string(),
  deliverables: z.array(deliverableViewSchema),
  submittedBy: z.string(),
  submittedAt: dateTimeView,
});

/**
 * One evaluator's 评审 of one awarded team's results. Sealed until the task concludes: before that an evaluator
 * sees only their own reviews and everyone else none (the counts are in `teamVerdicts`).
 */
export const taskReviewViewSchema = z.strictObject({
  evaluatorId: z.string(),
  evaluatorName: z.string(),
  /** The team judged; null for a review given before reviews named a team (it judged every awarded team). */
  teamId: z.string().nullable().optional(),
  verdict: z.enum(TASK_VERDICTS),
  comment: z.string(),
  /** The reviewer's decision on the team's 容错 application; null when the team did not apply. */
  tolerance: z.enum(TOLERANCE_DECISIONS).nullable().optional(),
  at: dateTimeView,
});

/** A team's 容错 application (public), and once the task concludes the reviewers' decision on it. */
export const taskToleranceViewSchema = z.strictObject({
  justification: z.string(),
  appliedBy: z.string(),
  appliedByName: z.string(),
  appliedAt: dateTimeView,
  /** Accepted when more reviewers accepted than rejected; null until the task concludes. */
  decision: z.enum(TOLERANCE_DECISIONS).nullable(),
});

/** 评审 of one awarded team: how many reviews are in, and once the task concludes the team's own verdict. */
export const taskTeamVerdictViewSchema = z.strictObject({
  bidId: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  /** The evaluators whose review of this team is awaited (assigned, not conflicted with this team). */
  reviewersExpected: z.array(z.string()),
  reviewCount: intView,
  /** Null until the task concludes (sealed). */
  verdict: z.enum(TASK_VERDICTS).nullable(),
  verdictTally: z.record(z.enum(TASK_VERDICTS), intView).nullable(),
  tolerance: taskToleranceViewSchema.nullable(),
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
      /** The team's own verdict (a race judges each team); absent for a task concluded before per-team verdicts. */
      verdict: z.enum(TASK_VERDICTS).optional(),
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
  /** Every unconflicted assigned evaluator has scored every bid (the award waits for it). */
  evaluationComplete: z.boolean(),
  /** The 评标 still awaited, by evaluator (names only, never a score), shown to those who manage the task; empty to others and once complete. */
  pendingEvaluations: z.array(z.strictObject({ evaluatorId: z.string(), evaluatorName: z.string(), bids: z.array(z.strictObject({ bidId: z.string(), teamName: z.string() })) })),
  award: taskAwardViewSchema.nullable(),
  progress: z.array(taskProgressViewSchema),
  /** One entry per awarded team that has submitted (a race may have several). */
  results: z.array(taskResultsViewSchema),
  reviews: z.array(taskReviewViewSchema),
  /** The evaluators whose 评审 is awaited for at least one awarded team (see `teamVerdicts` per team). */
  reviewersExpected: z.array(z.string()),
  /** Per awarded team: reviews in, 容错 application, and (after conclusion) its verdict. */
  teamVerdicts: z.array(taskTeamVerdictViewSchema).optional(),
  /** The best team's verdict (the only one without a race), once concluded. */
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

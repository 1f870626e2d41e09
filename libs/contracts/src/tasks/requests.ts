import { z } from 'zod';
import { exportCursor, listFormat } from '../export';
import { idSchema } from '../ids';
import { pageQuery } from '../directory/requests';
import { MAX_ATTACHMENTS, fileIdSchema, fileRefInput } from '../files';

/** The key-task marketplace (揭榜挂帅) of docs/DOMAIN.md §2: request bodies and queries of docs/API.md "Key tasks". */

export const TASK_STATUSES = ['draft', 'open', 'evaluating', 'in_progress', 'reviewing', 'concluded', 'withdrawn', 'unclaimed'] as const;
export const TASK_DOMAINS = ['ftp', 'institution', 'legacy', 'livelihood', 'industry'] as const;
/** 急/难/险/重. */
export const TASK_FLAGS = ['urgent', 'hard', 'risky', 'heavy'] as const;
/** Result verdicts of 评审, best first: `tolerated` is 容错 (failed despite due diligence). */
export const TASK_VERDICTS = ['excellent', 'pass', 'tolerated', 'fail'] as const;
export const TEAM_MEMBER_ROLES = ['lead', 'member'] as const;
/** A reviewer's decision on a team's 容错 application. */
export const TOLERANCE_DECISIONS = ['accepted', 'rejected'] as const;
/** A member joins a team only by accepting an invitation; the lead (the creator) is `accepted` from the start. */
export const TEAM_INVITATION_STATES = ['invited', 'accepted', 'declined'] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskDomain = (typeof TASK_DOMAINS)[number];
export type TaskFlag = (typeof TASK_FLAGS)[number];
export type TaskVerdict = (typeof TASK_VERDICTS)[number];
export type TeamMemberRole = (typeof TEAM_MEMBER_ROLES)[number];
export type ToleranceDecision = (typeof TOLERANCE_DECISIONS)[number];
export type TeamInvitationState = (typeof TEAM_INVITATION_STATES)[number];

/** The default 评标 rubric: the maximum points of each criterion; they sum to 100. */
export const EVALUATION_RUBRIC = { feasibility: 30, innovation: 20, capability: 30, benefit: 20 } as const;
export type EvaluationCriterion = keyof typeof EVALUATION_RUBRIC;
export const EVALUATION_CRITERIA = Object.keys(EVALUATION_RUBRIC) as EvaluationCriterion[];

/** Bounds shared by the schemas (and by the domain code that re-checks them). */
export const TASK_LIMITS = {
  titleLength: 200,
  nameLength: 200,
  longTextLength: 20_000,
  commentLength: 2_000,
  milestones: 20,
  evaluators: 15,
  teamMembers: 30,
  deliverables: 50,
  awardedBids: 20,
  maxRewardPoints: 1000,
} as const;

const id = idSchema;
const isoDate = z.iso.date('must be a date (YYYY-MM-DD)');
/** ISO 8601 date-time with `Z` or an offset (`+08:00`); the service stores it normalised to UTC. */
const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2025-06-30T16:00:00Z' });
const title = z.string().trim().min(1, 'is required').max(TASK_LIMITS.titleLength, `must be at most ${TASK_LIMITS.titleLength} characters`);
const name = z.string().trim().min(1, 'is required').max(TASK_LIMITS.nameLength, `must be at most ${TASK_LIMITS.nameLength} characters`);
const longText = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(TASK_LIMITS.longTextLength, 'must be at most 20,000 characters');
const optionalLongText = z.string().trim().max(TASK_LIMITS.longTextLength, 'must be at most 20,000 characters');
const comment = z.string().trim().max(TASK_LIMITS.commentLength, 'must be at most 2,000 characters');

/** Whether `value` has at most `places` decimal places (tolerant of binary floating point: 0.1 + 0.2). */
function hasAtMostDecimals(value: number, places: number): boolean {
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** Adds one issue per repeated element, at the element's index (`flags.2: is listed twice`). */
function uniqueBy<T>(key: (item: T) => string = String) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index], message: 'is listed twice' });
      seen.add(k);
    });
  };
}

export const milestoneInput = z.strictObject({ name, dueDate: isoDate });
const milestones = z
  .array(milestoneInput)
  .min(1, 'give at least one milestone')
  .max(TASK_LIMITS.milestones, `must have at most ${TASK_LIMITS.milestones} milestones`)
  .superRefine(uniqueBy((m) => m.name.trim()));

const flags = z.array(z.enum(TASK_FLAGS)).max(TASK_FLAGS.length).superRefine(uniqueBy());
const evaluatorIds = z
  .array(id)
  .min(1, 'assign at least one evaluator')
  .max(TASK_LIMITS.evaluators, `must have at most ${TASK_LIMITS.evaluators} evaluators`)
  .superRefine(uniqueBy());
const rewardPoints = z
  .number()
  .min(0, 'must be at least 0')
  .max(TASK_LIMITS.maxRewardPoints, `must be at most ${TASK_LIMITS.maxRewardPoints}`)
  .refine((v) => hasAtMostDecimals(v, 2), 'must have at most two decimals');

/** Delivery after bidding, where both are given (the service re-checks a PATCH against the stored values). */
function deadlinesInOrder(value: { biddingDeadline?: string; deliveryDeadline?: string }, ctx: z.RefinementCtx) {
  if (value.biddingDeadline === undefined || value.deliveryDeadline === undefined) return;
  const bidding = Date.parse(value.biddingDeadline);
  const delivery = Date.parse(value.deliveryDeadline);
  if (Number.isFinite(bidding) && Number.isFinite(delivery) && delivery <= bidding) {
    ctx.addIssue({ code: 'custom', path: ['deliveryDeadline'], message: 'must be after the bidding deadline' });
  }
}

// ---- batches ----------------------------------------------------------------------------------------------

export const createBatchInput = z.strictObject({
  name,
  description: optionalLongText.default(''),
});

// ---- tasks ------------------------------------------------------------------------------------------------

export const createTaskInput = z
  .strictObject({
    batchId: id,
    title,
    description: longText,
    domain: z.enum(TASK_DOMAINS),
    flags: flags.default([]),
    goals: longText,
    expectedResults: longText,
    milestones,
    biddingDeadline: isoDateTime,
    deliveryDeadline: isoDateTime,
    rewardPoints,
    evaluatorIds,
    allowRace: z.boolean().default(false),
  })
  .superRefine(deadlinesInOrder);

/** PATCH of a draft: any field of a task, plus the `version` it was read at (409 when stale). */
export const updateTaskInput = z
  .strictObject({
    version: z.number().int().min(1),
    batchId: id.optional(),
    title: title.optional(),
    description: longText.optional(),
    domain: z.enum(TASK_DOMAINS).optional(),
    flags: flags.optional(),
    goals: longText.optional(),
    expectedResults: longText.optional(),
    milestones: milestones.optional(),
    biddingDeadline: isoDateTime.optional(),
    deliveryDeadline: isoDateTime.optional(),
    rewardPoints: rewardPoints.optional(),
    evaluatorIds: evaluatorIds.optional(),
    allowRace: z.boolean().optional(),
  })
  .superRefine(deadlinesInOrder)
  .refine((value) => Object.keys(value).length > 1, 'give at least one field to change');

export const taskListQuery = pageQuery.extend({
  batchId: id.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  domain: z.enum(TASK_DOMAINS).optional(),
  /** A keyword: part of the title or the description, matched literally, case-insensitive. */
  q: z.string().trim().max(50, 'must be at most 50 characters').optional(),
  /** The board's order: oldest first unless told (`-` for descending). */
  sort: z
    .enum(['createdAt', '-createdAt', 'biddingDeadline', '-biddingDeadline', 'rewardPoints', '-rewardPoints'])
    .default('createdAt'),
  format: listFormat,
  cursor: exportCursor,
});

// ---- teams ------------------------------------------------------------------------------------------------

/**
 * A team member with a contribution share: a whole percent from 1 to 100 (integers only, as for record
 * participants). That the shares sum to 100, there is exactly one lead and the lead is the creator is checked
 * by the domain (services/tasks …/domain/shares.ts), which names the offending member.
 */
export const teamMemberInput = z.strictObject({
  userId: id,
  role: z.enum(TEAM_MEMBER_ROLES),
  share: z.number().int('must be a whole percent').min(1, 'must be at least 1').max(100, 'must be at most 100'),
});

export const createTeamInput = z.strictObject({
  name,
  members: z
    .array(teamMemberInput)
    .min(1, 'give at least the lead')
    .max(TASK_LIMITS.teamMembers, `must have at most ${TASK_LIMITS.teamMembers} members`),
});

/**
 * The lead repairs a team (`PATCH /teams/:id`): a new name, and/or the whole member list (the lead included). A member
 * left out is removed; a new one is invited; one whose role or share changes, or who had declined, is invited again.
 */
export const updateTeamInput = z
  .strictObject({
    version: z.number().int().min(1),
    name: name.optional(),
    members: z
      .array(teamMemberInput)
      .min(1, 'give at least the lead')
      .max(TASK_LIMITS.teamMembers, `must have at most ${TASK_LIMITS.teamMembers} members`)
      .optional(),
  })
  .refine((value) => value.name !== undefined || value.members !== undefined, 'give a name or members to change');

/** `POST /teams/:id/invitations`: the lead invites a member who declined again (same role and share). */
export const reinviteInput = z.strictObject({ userId: id });

/** `GET /teams/mine`, `GET /invitations/mine`, `GET /bids/mine`. */
export const mineQuery = pageQuery;

// ---- bids -------------------------------------------------------------------------------------------------

export const createBidInput = z.strictObject({
  teamId: id,
  /** 实施方案 */
  plan: longText,
  /** 预期成果 */
  expectedResults: longText,
  milestones,
  /** 军令状 */
  commitment: longText,
  /** Files uploaded with `POST /files?purpose=bid`, by id. */
  attachments: z.array(fileRefInput).max(MAX_ATTACHMENTS, `must have at most ${MAX_ATTACHMENTS} attachments`).default([]),
});

/** A team revises its bid until bidding closes; the team itself cannot change. */
export const updateBidInput = z
  .strictObject({
    version: z.number().int().min(1),
    plan: longText.optional(),
    expectedResults: longText.optional(),
    milestones: milestones.optional(),
    commitment: longText.optional(),
    /** The whole new list: files no longer listed are released. */
    attachments: z.array(fileRefInput).max(MAX_ATTACHMENTS, `must have at most ${MAX_ATTACHMENTS} attachments`).optional(),
  })
  .refine((value) => Object.keys(value).length > 1, 'give at least one field to change');

// ---- 评标 -------------------------------------------------------------------------------------------------

const criterionScore = (max: number) =>
  z
    .number()
    .min(0, 'must be at least 0')
    .max(max, `must be at most ${max}`)
    .refine((v) => hasAtMostDecimals(v, 1), 'must be a whole number or have one decimal (such as 27.5)');

/**
 * One evaluator's scores of one bid on the default rubric. Each criterion is from 0 to its maximum
 * (feasibility 30, innovation 20, capability 30, benefit 20) in steps of 0.1: whole numbers or one decimal.
 */
export const evaluationInput = z.strictObject({
  scores: z.strictObject({
    feasibility: criterionScore(EVALUATION_RUBRIC.feasibility),
    innovation: criterionScore(EVALUATION_RUBRIC.innovation),
    capability: criterionScore(EVALUATION_RUBRIC.capability),
    benefit: criterionScore(EVALUATION_RUBRIC.benefit),
  }),
  comment: comment.default(''),
});

// ---- delivery and 评审 --------------------------------------------------------------------------------------

/** Progress on one of the task's milestones, named as in the task. */
export const progressInput = z.strictObject({
  milestone: name,
  note: longText,
  /** Files uploaded with `POST /files?purpose=progress`, by id. */
  attachments: z.array(fileRefInput).max(MAX_ATTACHMENTS, `must have at most ${MAX_ATTACHMENTS} attachments`).default([]),
});

/** A deliverable is a file uploaded with `POST /files?purpose=result`, by id, with an optional note. */
export const deliverableInput = z.strictObject({
  fileId: fileIdSchema,
  description: comment.optional(),
});

export const resultsInput = z.strictObject({
  summary: longText,
  deliverables: z
    .array(deliverableInput)
    .max(TASK_LIMITS.deliverables, `must have at most ${TASK_LIMITS.deliverables} deliverables`)
    .default([]),
});

/** 评审 of a task's results (named `taskReviewInput`: records already exports `reviewInput`). */
export const taskReviewInput = z.strictObject({
  /** The awarded team whose results are judged; required when the task has more than one awarded team. */
  teamId: id.optional(),
  verdict: z.enum(TASK_VERDICTS),
  comment: comment.default(''),
  /** The reviewer's decision on the team's 容错 application; required when the team applied. */
  tolerance: z.enum(TOLERANCE_DECISIONS).optional(),
});

/** 容错: the lead of an awarded team applies before review, with a written justification. */
export const toleranceInput = z.strictObject({
  justification: longText,
});

/**
 * The bids to award: exactly one unless the task allows a race (checked by the domain with the task at hand).
 * `reason` is required (non-blank) when a higher-ranked bid is passed over; kept in the history and the award.
 */
export const awardInput = z.strictObject({
  bidIds: z
    .array(id)
    .min(1, 'give at least one bid')
    .max(TASK_LIMITS.awardedBids, `must have at most ${TASK_LIMITS.awardedBids} bids`)
    .superRefine(uniqueBy()),
  reason: comment.optional(),
});

export type CreateBatchInput = z.infer<typeof createBatchInput>;
export type CreateTaskInput = z.infer<typeof createTaskInput>;
export type UpdateTaskInput = z.infer<typeof updateTaskInput>;
export type TaskListQuery = z.infer<typeof taskListQuery>;
export type CreateTeamInput = z.infer<typeof createTeamInput>;
export type UpdateTeamInput = z.infer<typeof updateTeamInput>;
export type ReinviteInput = z.infer<typeof reinviteInput>;
export type MineQuery = z.infer<typeof mineQuery>;
export type CreateBidInput = z.infer<typeof createBidInput>;
export type UpdateBidInput = z.infer<typeof updateBidInput>;
export type EvaluationInput = z.infer<typeof evaluationInput>;
export type EvaluationScores = EvaluationInput['scores'];
export type ProgressInput = z.infer<typeof progressInput>;
export type ResultsInput = z.infer<typeof resultsInput>;
export type TaskReviewInput = z.infer<typeof taskReviewInput>;
export type AwardInput = z.infer<typeof awardInput>;
export type ToleranceInput = z.infer<typeof toleranceInput>;

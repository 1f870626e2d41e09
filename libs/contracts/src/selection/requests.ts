import { z } from 'zod';
import { listFormat } from '../export';
import { RANK_LEVELS } from '../caller';
import { idSchema } from '../ids';
import { GRADES } from '../appraisal/requests';

/**
 * 选人用人 (issue #22, docs/API.md "Selection"): selection rounds run by the organisation department (assessors and
 * admins: 提拔使用, 职级晋升, 评先评优) from the shortlist (or the award applications) to a decision per candidate, the
 * 任前公示 notice with objections (异议), and appeals (申诉) on the platform's own numbers. Owned by `services/selection`.
 */

/** 提拔使用, 职级晋升, 评先评优. */
export const ROUND_KINDS = ['promotion', 'rank_advance', 'award'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

/**
 * A round: (评先评优 only) `applying` 申报中 → `inspecting` 考察中 → `notice` 公示中 → `concluded` 已完成.
 * Promotion and rank rounds open in `inspecting`.
 */
export const ROUND_STATUSES = ['applying', 'inspecting', 'notice', 'concluded'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** A candidate is a cadre, or (评先评优: 先进集体) a department. */
export const CANDIDATE_TYPES = ['cadre', 'department'] as const;
export type CandidateType = (typeof CANDIDATE_TYPES)[number];

/** 考察对象 → 拟任人选 / 未入选; a selected candidate may be 已撤回 on an upheld objection. */
export const CANDIDATE_STATUSES = ['candidate', 'selected', 'not_selected', 'withdrawn'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** 待核查 → 核查中 → 属实 / 不属实. */
export const OBJECTION_STATUSES = ['open', 'investigating', 'upheld', 'rejected'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** 待推荐 → 已推荐 / 未推荐 (a recommended application may then be drawn into the round's candidates). */
export const APPLICATION_STATUSES = ['submitted', 'recommended', 'not_recommended'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** What a cadre may appeal: a returned or rejected record, a task verdict of their team, a points entry of theirs. */
export const APPEAL_SUBJECT_TYPES = ['record', 'verdict', 'score_entry'] as const;
export type AppealSubjectType = (typeof APPEAL_SUBJECT_TYPES)[number];

/** 待处理 → 申诉成立 / 驳回. */
export const APPEAL_STATUSES = ['pending', 'upheld', 'dismissed'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** What a concluded round gave a selected, not withdrawn candidate: 提拔使用 / 职级晋升 / 评先评优. */
export const OUTCOME_KINDS = ['promoted', 'advanced', 'awarded'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export const OUTCOME_OF_ROUND: Record<RoundKind, OutcomeKind> = { promotion: 'promoted', rank_advance: 'advanced', award: 'awarded' };

/** The round's history: every step, by whom, when. */
export const ROUND_ACTIONS = [
  'open',
  'apply',
  'recommend',
  'draw',
  'inspect',
  'decide',
  'publish_notice',
  'object',
  'investigate',
  'answer_objection',
  'withdraw',
  'conclude',
] as const;
export type RoundAction = (typeof ROUND_ACTIONS)[number];

export const SELECTION_LIMITS = {
  nameLength: 100,
  textLength: 2_000,
  /** An objection's or an appeal's reason: at least this many characters (a bare "不同意" says nothing to investigate). */
  reasonMinLength: 5,
  maxPositions: 50,
  maxPositionCount: 500,
  maxDepartments: 500,
  maxCandidates: 300,
  maxEvidenceRecords: 20,
  /** Working days a notice runs by default (任前公示 5 个工作日). */
  defaultNoticeDays: 5,
  maxNoticeDays: 15,
  /** Calendar days after the decision within which it may be appealed. */
  appealWindowDays: 15,
} as const;

const text = (min = 1) =>
  z
    .string()
    .trim()
    .min(min, min > 1 ? `must be at least ${min} characters` : 'must not be blank')
    .max(SELECTION_LIMITS.textLength, `must be at most ${SELECTION_LIMITS.textLength} characters`);
const name = z.string().trim().min(1, 'must not be blank').max(SELECTION_LIMITS.nameLength, `must be at most ${SELECTION_LIMITS.nameLength} characters`);

export const positionSchema = z.strictObject({
  /** 职位 (提拔使用: 区发改委副主任), 职级 (二级主任科员) or 奖项 (优秀公务员). Unique within the round. */
  name: z.string().trim().min(1, 'must not be blank').max(50, 'must be at most 50 characters'),
  /** How many may be selected for it. */
  count: z.number().int('must be a whole number').min(1, 'must be at least 1').max(SELECTION_LIMITS.maxPositionCount),
});
export type Position = z.infer<typeof positionSchema>;

/** The shortlist's filters the round draws with (analytics `GET /analytics/candidates`, per listed department). */
export const roundCriteriaSchema = z.strictObject({
  /** The scoring year whose points and evidence are read (default: the current year). */
  period: z.string().regex(/^20\d{2}$/, 'must be a year (YYYY)').optional(),
  withoutGrades: z.array(z.enum(GRADES)).max(8).default([]),
  gradeYears: z.number().int('must be a whole number').min(1).max(10).default(3),
  minSatisfaction: z.number().min(0).max(100).optional(),
  /** How many the shortlist draw takes at most (the best by points across the round's departments). */
  limit: z.number().int().min(1).max(100).default(20),
});
export type RoundCriteria = z.infer<typeof roundCriteriaSchema>;

/** `POST /selection/rounds` (assessor, admin). */
export const createRoundBody = z
  .strictObject({
    kind: z.enum(ROUND_KINDS),
    name,
    positions: z
      .array(positionSchema)
      .min(1, 'must list at least one position or award')
      .max(SELECTION_LIMITS.maxPositions)
      .refine((list) => new Set(list.map((p) => p.name)).size === list.length, 'must not list a name twice'),
    /** The rank level candidates are drawn at (the shortlist's `rankLevel`). */
    rankLevel: z.enum(RANK_LEVELS).optional(),
    /** Each with its subtree: where candidates come from and (评先评优) who may apply. */
    departmentIds: z.array(idSchema).min(1, 'must list at least one department').max(SELECTION_LIMITS.maxDepartments),
    criteria: roundCriteriaSchema.default({ withoutGrades: [], gradeYears: 3, limit: 20 }),
    /** Working days (Beijing, Monday to Friday) the 任前公示 runs. */
    noticeDays: z.number().int('must be a whole number').min(1, 'must be at least 1').max(SELECTION_LIMITS.maxNoticeDays).default(SELECTION_LIMITS.defaultNoticeDays),
    /** 评先评优 only (required there; 400 naming it otherwise): the last day (Beijing) applications are taken. */
    applyUntil: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'award' && !body.applyUntil) ctx.addIssue({ code: 'custom', path: ['applyUntil'], message: 'an award round (评先评优) needs the last day of applications' });
    if (body.kind !== 'award' && body.applyUntil) ctx.addIssue({ code: 'custom', path: ['applyUntil'], message: 'only an award round (评先评优) takes applications' });
  });
export type CreateRoundBody = z.infer<typeof createRoundBody>;

/** `GET /selection/rounds?status=&kind=&page=&pageSize=&format=` (assessor, admin). */
export const roundListQuery = z.strictObject({
  status: z.enum(ROUND_STATUSES).optional(),
  kind: z.enum(ROUND_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  format: listFormat,
});
export type RoundListQuery = z.infer<typeof roundListQuery>;

/**
 * `POST /selection/rounds/:id/candidates/draw` (assessor, admin). `shortlist`: the gateway reads the shortlist with
 * the round's criteria (or, with `cadreIds`, the evidence of exactly those cadres, each within the round's
 * departments: 400 naming `cadreIds.<i>` otherwise) and freezes it; `applications`: every recommended application not
 * drawn yet (an award round in 申报中 moves to 考察中: applications close).
 */
export const drawBody = z
  .strictObject({
    source: z.enum(['shortlist', 'applications']).default('shortlist'),
    cadreIds: z
      .array(idSchema)
      .min(1)
      .max(100)
      .refine((list) => new Set(list).size === list.length, 'must not list a person twice')
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (body.source === 'applications' && body.cadreIds) ctx.addIssue({ code: 'custom', path: ['cadreIds'], message: 'applications are drawn whole; name cadres only with source shortlist' });
  });
export type DrawBody = z.infer<typeof drawBody>;

/** `POST /selection/rounds/:id/candidates/:candidateId/inspection` (assessor, admin): a 考察 note. */
export const inspectionBody = z.strictObject({ note: text() });
export type InspectionBody = z.infer<typeof inspectionBody>;

/**
 * `POST /selection/rounds/:id/candidates/:candidateId/decision` (assessor, admin) while 考察中: selected (for one of
 * the round's positions; 400 naming `position` when missing or unknown; 409 naming it when its count is reached) or
 * not, with the reasons. May be changed until the notice is published; the history keeps every decision.
 */
export const decisionBody = z
  .strictObject({
    selected: z.boolean(),
    reason: text(),
    position: z.string().trim().min(1).max(50).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.selected && !body.position) ctx.addIssue({ code: 'custom', path: ['position'], message: 'a selected candidate needs the position or award' });
  });
export type DecisionBody = z.infer<typeof decisionBody>;

/** `POST /selection/rounds/:id/notice` (assessor, admin): publish the 任前公示 of the selected candidates. */
export const publishNoticeBody = z.strictObject({
  noticeDays: z.number().int('must be a whole number').min(1).max(SELECTION_LIMITS.maxNoticeDays).optional(),
});
export type PublishNoticeBody = z.infer<typeof publishNoticeBody>;

/** `POST /selection/rounds/:id/objections` (any signed-in user but the candidate, while the notice runs). */
export const objectionBody = z.strictObject({
  candidateId: idSchema,
  reason: text(SELECTION_LIMITS.reasonMinLength),
});
export type ObjectionBody = z.infer<typeof objectionBody>;

/** `POST /selection/rounds/:id/objections/:objectionId/investigate` (assessor, admin): 核查中, with a note. */
export const investigateBody = z.strictObject({ note: text() });
export type InvestigateBody = z.infer<typeof investigateBody>;

/**
 * `POST /selection/rounds/:id/objections/:objectionId/answer` (assessor, admin): 属实 (`upheld`) or 不属实
 * (`rejected`) with the answer; `withdrawCandidate` (only with `upheld`; 400 naming it otherwise) withdraws the candidate.
 */
export const answerObjectionBody = z
  .strictObject({
    outcome: z.enum(['upheld', 'rejected']),
    answer: text(),
    withdrawCandidate: z.boolean().default(false),
  })
  .superRefine((body, ctx) => {
    if (body.withdrawCandidate && body.outcome !== 'upheld') ctx.addIssue({ code: 'custom', path: ['withdrawCandidate'], message: 'only an upheld objection (属实) withdraws the candidate' });
  });
export type AnswerObjectionBody = z.infer<typeof answerObjectionBody>;

/**
 * `POST /selection/rounds/:id/applications` (评先评优, while 申报中 and up to `applyUntil`): a cadre for themselves
 * (`applicantType: cadre`), or a reviewer of the department's subtree for a department (`department`, with
 * `departmentId`: 先进集体). `award` names one of the round's positions; `recordIds` the applicant's verified records
 * as evidence (the cadre's own or those they took part in; a department's: records of its subtree).
 */
export const applicationBody = z
  .strictObject({
    applicantType: z.enum(CANDIDATE_TYPES),
    departmentId: idSchema.optional(),
    award: z.string().trim().min(1, 'must not be blank').max(50),
    statement: text(),
    recordIds: z
      .array(idSchema)
      .max(SELECTION_LIMITS.maxEvidenceRecords)
      .refine((list) => new Set(list).size === list.length, 'must not list a record twice')
      .default([]),
  })
  .superRefine((body, ctx) => {
    if (body.applicantType === 'department' && !body.departmentId) ctx.addIssue({ code: 'custom', path: ['departmentId'], message: 'a department application names the department' });
    if (body.applicantType === 'cadre' && body.departmentId) ctx.addIssue({ code: 'custom', path: ['departmentId'], message: 'a cadre applies for themselves (no department)' });
  });
export type ApplicationBody = z.infer<typeof applicationBody>;

/** `GET /selection/rounds/:id/applications?departmentId=&status=&format=` (reviewers of their subtree, assessors, admins). */
export const applicationListQuery = z.strictObject({
  departmentId: idSchema.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
  format: listFormat,
});
export type ApplicationListQuery = z.infer<typeof applicationListQuery>;

/** `POST /selection/rounds/:id/applications/:applicationId/recommend` (a reviewer of the applicant's department subtree, not the applicant). */
export const recommendBody = z.strictObject({ recommend: z.boolean(), comment: text() });
export type RecommendBody = z.infer<typeof recommendBody>;

/**
 * `POST /selection/appeals` (signed in): `record` a record of the caller's returned (退回) or rejected (不予通过),
 * `verdict` a concluded task (the verdict of the caller's team), `score_entry` a points entry of the caller (its id
 * as `GET /scores/:cadreId` lists it); within 15 days of the decision.
 */
export const appealBody = z.strictObject({
  subjectType: z.enum(APPEAL_SUBJECT_TYPES),
  subjectId: z.string().min(1).max(300),
  reason: text(SELECTION_LIMITS.reasonMinLength),
});
export type AppealBody = z.infer<typeof appealBody>;

/** `GET /selection/appeals?status=&mine=&page=&pageSize=&format=`: assessors and admins every appeal; anyone else their own. */
export const appealListQuery = z.strictObject({
  status: z.enum(APPEAL_STATUSES).optional(),
  /** `true`: only the caller's own appeals (also for an assessor). */
  mine: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  format: listFormat,
});
export type AppealListQuery = z.infer<typeof appealListQuery>;

/** `POST /selection/appeals/:id/decide` (an assessor, not the appellant). */
export const decideAppealBody = z.strictObject({ outcome: z.enum(['upheld', 'dismissed']), answer: text() });
export type DecideAppealBody = z.infer<typeof decideAppealBody>;

/** `GET /selection/outcomes?period=&departmentId=&kind=&format=` (assessors, admins): the outcomes of concluded rounds. */
export const outcomeListQuery = z.strictObject({
  period: z.string().regex(/^20\d{2}$/, 'must be a year (YYYY)').optional(),
  departmentId: idSchema.optional(),
  kind: z.enum(OUTCOME_KINDS).optional(),
  format: listFormat,
});
export type OutcomeListQuery = z.infer<typeof outcomeListQuery>;

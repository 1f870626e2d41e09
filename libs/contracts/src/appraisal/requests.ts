import { z } from 'zod';
import { listFormat } from '../export';
import { idSchema } from '../ids';

/**
 * 考评情况 and 群众公认 (issue #21, docs/API.md "Appraisal"): appraisal cycles with grades entered by a department's
 * appraisal officer (role `appraiser`, 考核专员) and reviewed by the organisation department (assessor), and the
 * 民主测评 survey whose ballots are anonymous (kept as per-group tallies, never beside the rater's identity).
 */

/** 年度考核, 平时考核 (by quarter), 专项考核. */
export const CYCLE_KINDS = ['annual', 'quarterly', 'special'] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

/** 年度 and 专项: 优秀 / 称职 / 基本称职 / 不称职 (best first). */
export const ANNUAL_GRADES = ['excellent', 'competent', 'basic', 'incompetent'] as const;
/** 平时 (quarterly): 好 / 较好 / 一般 / 较差 (best first). */
export const QUARTERLY_GRADES = ['good', 'fairly_good', 'average', 'poor'] as const;
export const GRADES = [...ANNUAL_GRADES, ...QUARTERLY_GRADES] as const;
export type AnnualGrade = (typeof ANNUAL_GRADES)[number];
export type QuarterlyGrade = (typeof QUARTERLY_GRADES)[number];
export type Grade = (typeof GRADES)[number];

/** The grades a cycle of `kind` uses, best first; the first is the one under the quota (优秀 / 好). */
export function gradesOf(kind: CycleKind): readonly Grade[] {
  return kind === 'quarterly' ? QUARTERLY_GRADES : ANNUAL_GRADES;
}

/** An appraisal (one cadre in one cycle): 未评定 → 待审核 → 已确认, or 已退回 and back to 待审核 (closed loop). */
export const APPRAISAL_STATUSES = ['pending', 'submitted', 'returned', 'confirmed'] as const;
export type AppraisalStatus = (typeof APPRAISAL_STATUSES)[number];

export const CYCLE_STATUSES = ['open', 'closed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** The survey's state: open while ballots are taken; closed (results computed and published) when closed. */
export const SURVEY_STATUSES = ['open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** Rater groups of 民主测评: 上级, 同级, 下级, 服务对象. */
export const RATER_GROUPS = ['superior', 'peer', 'subordinate', 'recipient'] as const;
export type RaterGroup = (typeof RATER_GROUPS)[number];

/** A rater's answer per criterion: 好 / 较好 / 一般 / 差, worth 100 / 80 / 60 / 40. */
export const CRITERION_ANSWERS = ['good', 'fairly_good', 'average', 'poor'] as const;
export type CriterionAnswer = (typeof CRITERION_ANSWERS)[number];
export const CRITERION_ANSWER_SCORES: Record<CriterionAnswer, number> = { good: 100, fairly_good: 80, average: 60, poor: 40 };

/** The overall answer: 满意 / 基本满意 / 不满意; 满意度 is the (group-weighted) share of 满意 and 基本满意. */
export const SATISFACTION_ANSWERS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type SatisfactionAnswer = (typeof SATISFACTION_ANSWERS)[number];

export const APPRAISAL_LIMITS = {
  nameLength: 100,
  commentLength: 2_000,
  maxDepartments: 500,
  maxCriteria: 10,
  maxRatersPerCadre: 200,
  maxMinRaters: 100,
} as const;

/** Weights are fractions (0–1, at most 4 decimals) that add up to 1. */
const weight = z
  .number()
  .min(0, 'must be at least 0')
  .max(1, 'must be at most 1 (a fraction: 0.2 is 20%)')
  .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, 'must have at most four decimals');
const sumsToOne = (weights: number[]) => Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-6;

export const surveyCriterionSchema = z.strictObject({
  /** `de`, `neng`, `qin`, `ji`, `lian`, or a code of the cycle's own. */
  code: z.string().regex(/^[a-z][a-z0-9_]{0,19}$/, 'must be a lower-case code such as de'),
  name: z.string().trim().min(1, 'must not be blank').max(20, 'must be at most 20 characters'),
  weight,
});
export type SurveyCriterion = z.infer<typeof surveyCriterionSchema>;

export const surveyGroupSchema = z.strictObject({
  group: z.enum(RATER_GROUPS),
  weight,
  /** A group's answers count (and show) only once at least this many of its raters voted. */
  minRaters: z.number().int('must be a whole number').min(1, 'must be at least 1').max(APPRAISAL_LIMITS.maxMinRaters, `must be at most ${APPRAISAL_LIMITS.maxMinRaters}`),
});
export type SurveyGroup = z.infer<typeof surveyGroupSchema>;

/** 德 能 勤 绩 廉. */
export const DEFAULT_SURVEY_CRITERIA: SurveyCriterion[] = [
  { code: 'de', name: '德', weight: 0.2 },
  { code: 'neng', name: '能', weight: 0.2 },
  { code: 'qin', name: '勤', weight: 0.15 },
  { code: 'ji', name: '绩', weight: 0.3 },
  { code: 'lian', name: '廉', weight: 0.15 },
];
export const DEFAULT_SURVEY_GROUPS: SurveyGroup[] = [
  { group: 'superior', weight: 0.3, minRaters: 1 },
  { group: 'peer', weight: 0.3, minRaters: 3 },
  { group: 'subordinate', weight: 0.2, minRaters: 3 },
  { group: 'recipient', weight: 0.2, minRaters: 3 },
];
/** The default quota of the best grade (优秀 / 好): at most 20% of a department's cadres in the cycle (rounded down). */
export const DEFAULT_TOP_GRADE_QUOTA = 0.2;

export const surveySettingsSchema = z.strictObject({
  criteria: z
    .array(surveyCriterionSchema)
    .min(1, 'must list at least one criterion')
    .max(APPRAISAL_LIMITS.maxCriteria, `must list at most ${APPRAISAL_LIMITS.maxCriteria} criteria`)
    .refine((list) => new Set(list.map((c) => c.code)).size === list.length, 'must not list a code twice')
    .refine((list) => sumsToOne(list.map((c) => c.weight)), 'weights must add up to 1')
    .default(DEFAULT_SURVEY_CRITERIA),
  groups: z
    .array(surveyGroupSchema)
    .min(1, 'must list at least one group')
    .refine((list) => new Set(list.map((g) => g.group)).size === list.length, 'must not list a group twice')
    .refine((list) => sumsToOne(list.map((g) => g.weight)), 'weights must add up to 1')
    .default(DEFAULT_SURVEY_GROUPS),
});
export type SurveySettings = z.infer<typeof surveySettingsSchema>;

/** A cycle's period: `YYYY` for 年度 and 专项, `YYYY-Qn` for 平时 (checked against `kind`: 400 naming `period`). */
export const cyclePeriod = z.string().regex(/^20\d{2}(-Q[1-4])?$/, 'must be a year (YYYY) or a quarter (YYYY-Q1 … YYYY-Q4)');

/** `POST /appraisal/cycles` (admin). */
export const createCycleBody = z.strictObject({
  kind: z.enum(CYCLE_KINDS),
  name: z.string().trim().min(1, 'must not be blank').max(APPRAISAL_LIMITS.nameLength, `must be at most ${APPRAISAL_LIMITS.nameLength} characters`),
  period: cyclePeriod,
  /** Each listed department with its whole subtree; a cadre is appraised in their own department's sheet. */
  departmentIds: z.array(idSchema).min(1, 'must list at least one department').max(APPRAISAL_LIMITS.maxDepartments),
  /** The best grade's quota, a fraction of each department's cadres (rounded down). */
  topGradeQuota: weight.default(DEFAULT_TOP_GRADE_QUOTA),
  /** A date the grades are due (Beijing date), informative. */
  dueDate: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
  /** With a 民主测评 survey; omitted: none. `{}` takes the default criteria and groups. */
  survey: surveySettingsSchema.optional(),
});
export type CreateCycleBody = z.infer<typeof createCycleBody>;

/** `GET /appraisal/cycles?status=&kind=&period=&page=&pageSize=`. */
export const cycleListQuery = z.strictObject({
  status: z.enum(CYCLE_STATUSES).optional(),
  kind: z.enum(CYCLE_KINDS).optional(),
  /** A year matches its quarters too. */
  period: z.string().regex(/^20\d{2}(-Q[1-4])?$/, 'must be a year or a quarter').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type CycleListQuery = z.infer<typeof cycleListQuery>;

/** `GET /appraisal/cycles/:id/sheet?departmentId=&format=`. */
export const sheetQuery = z.strictObject({
  departmentId: idSchema,
  format: listFormat,
});
export type SheetQuery = z.infer<typeof sheetQuery>;

/** `PUT /appraisal/cycles/:id/grades/:cadreId` (the department's appraiser): enter or revise a grade → 待审核. */
export const gradeBody = z.strictObject({
  grade: z.enum(GRADES),
  comment: z.string().trim().min(1, 'must not be blank').max(APPRAISAL_LIMITS.commentLength),
  /** The appraisal's version as read (409 when stale). */
  version: z.number().int().min(0),
});
export type GradeBody = z.infer<typeof gradeBody>;

/** `POST /appraisal/cycles/:id/grades/:cadreId/review` (assessor). A return needs a comment. */
export const reviewGradeBody = z
  .strictObject({
    decision: z.enum(['confirm', 'return']),
    comment: z.string().trim().max(APPRAISAL_LIMITS.commentLength).default(''),
    version: z.number().int().min(0),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'return' && !body.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'a return needs a comment (退回理由)' });
  });
export type ReviewGradeBody = z.infer<typeof reviewGradeBody>;

/** `POST /appraisal/cycles/:id/ballots` (an assigned rater, while the survey is open). */
export const ballotBody = z.strictObject({
  cadreId: idSchema,
  /** One answer per criterion of the cycle (400 naming `scores.<code>` for a missing or unknown one). */
  scores: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,19}$/, 'must be a criterion code'), z.enum(CRITERION_ANSWERS)),
  satisfaction: z.enum(SATISFACTION_ANSWERS),
});
export type BallotBody = z.infer<typeof ballotBody>;

/** `PUT /appraisal/cycles/:id/survey/raters/:cadreId`: the whole rater list of one cadre (a rater who voted stays). */
export const ratersBody = z.strictObject({
  raters: z
    .array(z.strictObject({ userId: idSchema, group: z.enum(RATER_GROUPS) }))
    .max(APPRAISAL_LIMITS.maxRatersPerCadre)
    .refine((list) => new Set(list.map((r) => r.userId)).size === list.length, 'must not list a person twice'),
});
export type RatersBody = z.infer<typeof ratersBody>;

/** `GET /appraisal/cycles/:id/survey?departmentId=&format=`: participation, and the results once closed. */
export const surveyQuery = sheetQuery;

/** `GET /appraisal/cadres/:cadreId?period=&format=`: the combined appraisal view (综合考评) of one cadre and year. */
export const cadreAppraisalQuery = z.strictObject({
  period: z.string().regex(/^20\d{2}$/, 'must be a year (YYYY, 2000–2099)').optional(),
  format: listFormat,
});
export type CadreAppraisalQuery = z.infer<typeof cadreAppraisalQuery>;

/** The year a cycle's period falls in (`2026-Q3` → `2026`). */
export function periodYear(period: string): string {
  return period.slice(0, 4);
}

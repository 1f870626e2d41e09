import { z } from 'zod';
import { RANK_LEVELS } from '../caller';
import { dateTimeView, dateView, intView, pageSchema } from '../view-schema';
import { APPRAISAL_STATUSES, CRITERION_ANSWERS, CYCLE_KINDS, CYCLE_STATUSES, GRADES, RATER_GROUPS, SURVEY_STATUSES, surveyCriterionSchema, surveyGroupSchema } from './requests';

/** A department's progress in a cycle: how many cadres, graded how far, and the best grade's quota. */
export const cycleDepartmentViewSchema = z.strictObject({
  departmentId: z.string(),
  departmentName: z.string(),
  cadres: intView.min(0),
  byStatus: z.strictObject({ pending: intView, submitted: intView, returned: intView, confirmed: intView }),
  /** The best grade (优秀 / 好) entered (submitted or confirmed) and its maximum: floor(quota × cadres). */
  topGrade: z.strictObject({ grade: z.enum(GRADES), used: intView.min(0), max: intView.min(0) }),
});
export type CycleDepartmentView = z.infer<typeof cycleDepartmentViewSchema>;

export const cycleViewSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(CYCLE_KINDS),
  kindLabel: z.string(),
  name: z.string(),
  period: z.string(),
  status: z.enum(CYCLE_STATUSES),
  statusLabel: z.string(),
  topGradeQuota: z.number(),
  dueDate: dateView.nullable(),
  /** The departments the admin listed (each with its subtree). */
  departmentIds: z.array(z.string()),
  /** Every department with cadres in the cycle, as the caller may see them (an appraiser: their subtree). */
  departments: z.array(cycleDepartmentViewSchema),
  survey: z
    .strictObject({
      status: z.enum(SURVEY_STATUSES),
      criteria: z.array(surveyCriterionSchema),
      groups: z.array(surveyGroupSchema),
      closedAt: dateTimeView.nullable(),
    })
    .nullable(),
  createdBy: z.strictObject({ id: z.string(), name: z.string() }),
  createdAt: dateTimeView,
  closedAt: dateTimeView.nullable(),
  version: intView,
});
export type CycleView = z.infer<typeof cycleViewSchema>;
export const cyclePageSchema = pageSchema(cycleViewSchema);

/** One step of an appraisal's history (评定, 退回, 修改, 确认). */
export const appraisalHistoryEntrySchema = z.strictObject({
  at: dateTimeView,
  action: z.enum(['grade', 'revise', 'return', 'confirm']),
  actionLabel: z.string(),
  by: z.strictObject({ id: z.string(), name: z.string() }),
  grade: z.enum(GRADES).nullable(),
  comment: z.string(),
});

export const appraisalViewSchema = z.strictObject({
  /** `<cycleId>:<cadreId>`. */
  id: z.string(),
  cycleId: z.string(),
  cadreId: z.string(),
  name: z.string(),
  title: z.string(),
  rankLevel: z.enum(RANK_LEVELS).nullable(),
  departmentId: z.string(),
  departmentName: z.string(),
  grade: z.enum(GRADES).nullable(),
  gradeLabel: z.string(),
  comment: z.string(),
  status: z.enum(APPRAISAL_STATUSES),
  statusLabel: z.string(),
  version: intView,
  updatedAt: dateTimeView.nullable(),
  history: z.array(appraisalHistoryEntrySchema),
});
export type AppraisalView = z.infer<typeof appraisalViewSchema>;

/** `GET /appraisal/cycles/:id/sheet?departmentId=`: one department's appraisals (评定表). */
export const sheetViewSchema = z.strictObject({
  cycle: z.strictObject({ id: z.string(), name: z.string(), kind: z.enum(CYCLE_KINDS), period: z.string(), status: z.enum(CYCLE_STATUSES) }),
  department: cycleDepartmentViewSchema,
  /** The grades this cycle uses, best first, with their labels. */
  grades: z.array(z.strictObject({ grade: z.enum(GRADES), label: z.string() })),
  items: z.array(appraisalViewSchema),
});
export type SheetView = z.infer<typeof sheetViewSchema>;

/** A survey result of one cadre (shown only once the survey is closed; a group below its minimum is left out). */
export const surveyResultViewSchema = z.strictObject({
  cycleId: z.string(),
  cycleName: z.string(),
  period: z.string(),
  cadreId: z.string(),
  /** Whether at least one group reached its minimum (else no score is shown). */
  shown: z.boolean(),
  groups: z.array(z.strictObject({ group: z.enum(RATER_GROUPS), label: z.string(), weight: z.number(), invited: intView, voted: intView, counted: z.boolean() })),
  /** Per criterion, 0–100, weighted over the counted groups; null when not shown. */
  criteria: z.array(z.strictObject({ code: z.string(), name: z.string(), weight: z.number(), score: z.number().nullable() })),
  /** Σ criterion weight × score, 0–100 (two decimals). */
  overall: z.number().nullable(),
  /** 满意度: the weighted share of 满意 and 基本满意, in percent (two decimals). */
  satisfaction: z.number().nullable(),
});
export type SurveyResultView = z.infer<typeof surveyResultViewSchema>;

/**
 * One cadre of a survey: the raters and whether each voted (never what), and the result once closed. Also what
 * `PUT /appraisal/cycles/:id/survey/raters/:cadreId` answers (the cadre's rater list after the change).
 */
export const surveyCadreViewSchema = z.strictObject({
  cadreId: z.string(),
  name: z.string(),
  invited: intView,
  voted: intView,
  /** The raters and whether each voted (never what). */
  raters: z.array(z.strictObject({ userId: z.string(), name: z.string(), group: z.enum(RATER_GROUPS), groupLabel: z.string(), voted: z.boolean() })),
  result: surveyResultViewSchema.nullable(),
});
export type SurveyCadreView = z.infer<typeof surveyCadreViewSchema>;

/** `GET /appraisal/cycles/:id/survey?departmentId=`: per cadre the participation, and the result once closed. */
export const surveyViewSchema = z.strictObject({
  cycle: z.strictObject({ id: z.string(), name: z.string(), status: z.enum(CYCLE_STATUSES), surveyStatus: z.enum(SURVEY_STATUSES) }),
  departmentId: z.string(),
  departmentName: z.string(),
  items: z.array(surveyCadreViewSchema),
});
export type SurveyView = z.infer<typeof surveyViewSchema>;

/** `POST /appraisal/cycles/:id/ballots`: 201 `{counted: true}` (nothing of the ballot comes back). */
export const ballotReceiptViewSchema = z.strictObject({ counted: z.literal(true) });
export type BallotReceiptView = z.infer<typeof ballotReceiptViewSchema>;

/** `POST /appraisal/cycles/:id/survey/close`: the survey closed (idempotent), with how many cadres' results were computed. */
export const surveyCloseViewSchema = z.strictObject({ cycleId: z.string(), surveyStatus: z.literal('closed'), closedAt: dateTimeView, results: intView.min(0) });
export type SurveyCloseView = z.infer<typeof surveyCloseViewSchema>;

/** `GET /appraisal/ballots/mine`: whom the caller is asked to rate, in open surveys. */
export const myBallotsViewSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      cycleId: z.string(),
      cycleName: z.string(),
      cadreId: z.string(),
      name: z.string(),
      title: z.string(),
      departmentName: z.string(),
      group: z.enum(RATER_GROUPS),
      groupLabel: z.string(),
      voted: z.boolean(),
      criteria: z.array(surveyCriterionSchema),
    }),
  ),
  /** The answers a ballot takes, with labels, for the form. */
  answers: z.array(z.strictObject({ answer: z.enum(CRITERION_ANSWERS), label: z.string(), score: z.number() })),
});
export type MyBallotsView = z.infer<typeof myBallotsViewSchema>;

/**
 * `GET /appraisal/cadres/:cadreId?period=`: the combined appraisal view (综合考评) of one cadre and year, composed by
 * the gateway from scoring (points with their entries and evidence: records and tasks) and appraisal (grades, 测评).
 */
export const cadreAppraisalViewSchema = z.strictObject({
  cadre: z.strictObject({ id: z.string(), name: z.string(), departmentId: z.string(), departmentName: z.string(), title: z.string(), rankLevel: z.enum(RANK_LEVELS).nullable() }),
  period: z.string(),
  points: z.strictObject({
    total: z.number(),
    participation: z.number(),
    contribution: z.number(),
    /** Points given for grades by the scoring standard (`appraisalGradePoints`). */
    appraisal: z.number(),
    /** Each entry as `GET /scores/:id` lists it, with its source (record, task or appraisal) and explanation. */
    entries: z.array(z.strictObject({ source: z.strictObject({ type: z.string(), id: z.string(), title: z.string() }), item: z.string(), itemName: z.string(), points: z.number(), explanation: z.string(), link: z.string().nullable() })),
  }),
  /** The year's appraisals (confirmed ones count; the others are shown with their status). */
  grades: z.array(
    z.strictObject({
      cycleId: z.string(),
      cycleName: z.string(),
      kind: z.enum(CYCLE_KINDS),
      kindLabel: z.string(),
      period: z.string(),
      grade: z.enum(GRADES).nullable(),
      gradeLabel: z.string(),
      status: z.enum(APPRAISAL_STATUSES),
      statusLabel: z.string(),
      comment: z.string(),
      history: z.array(appraisalHistoryEntrySchema),
    }),
  ),
  surveys: z.array(surveyResultViewSchema),
  /** 揭榜挂帅: the tasks the cadre's teams were awarded, with verdicts and points, from the points' task entries. */
  tasks: z.array(z.strictObject({ taskId: z.string(), title: z.string(), verdict: z.string().nullable(), verdictLabel: z.string(), points: z.number(), link: z.string() })),
});
export type CadreAppraisalView = z.infer<typeof cadreAppraisalViewSchema>;

/** What `rpc.appraisal.cadre.get` answers (the appraisal part of the combined view). */
export const cadreAppraisalPartSchema = cadreAppraisalViewSchema.pick({ cadre: true, period: true, grades: true, surveys: true });
export type CadreAppraisalPart = z.infer<typeof cadreAppraisalPartSchema>;

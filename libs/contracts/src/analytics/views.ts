import { z } from 'zod';
import { CYCLE_KINDS, GRADES } from '../appraisal/requests';
import { OUTCOME_KINDS, ROUND_KINDS } from '../selection/requests';
import { RANK_LEVELS } from '../caller';
import { dateTimeView, dateView, intView } from '../view-schema';

/**
 * What the analytics service answers (docs/API.md "Analytics"). Read models are built from events only, so every
 * figure lags the owning service by the time an event takes to arrive (`asOf` says how far the models got).
 *
 * Attribution rules, the same in every figure:
 * - a record counts in the month (`YYYY-MM`, UTC+8) and department it was filed in (status as it stands now);
 * - a verification counts in the month it happened; its review time is from the last submission to verification,
 *   rounded down to the minute below one day, to the hour below 30 days, to the day beyond (`durationKey`);
 *   median and 90th percentile are nearest-rank over those rounded times;
 * - the review backlog is every record waiting for review or assessment now (`submitted`, `reviewed`), whatever
 *   its period; its age is counted in whole days since its last submission (UTC+8 days);
 * - a task counts in the year it was published and under its publishing department;
 * - points are the scoring service's (after the yearly cap), under the cadre's department when last scored.
 */

const counts = z.record(z.string(), intView);
const rankLevel = z.enum(RANK_LEVELS).nullable();

export const analyticsScopeViewSchema = z.strictObject({
  /** The subtree the figures cover. */
  departmentId: z.string(),
  departmentName: z.string(),
});
export type AnalyticsScopeView = z.infer<typeof analyticsScopeViewSchema>;

export const durationSummaryViewSchema = z.strictObject({
  count: intView,
  /** Minutes, nearest-rank over the rounded review times; null without verifications. */
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});

export const backlogViewSchema = z.strictObject({
  /** Records waiting for review or assessment now. */
  count: intView,
  /** The oldest waiting submission's day (`YYYY-MM-DD`, UTC+8); null when nothing waits. */
  oldestSubmittedOn: dateView.nullable(),
  /** Whole days the oldest has waited; null when nothing waits. */
  oldestAgeDays: z.number().nullable(),
  /** Median age in whole days; null when nothing waits. */
  medianAgeDays: z.number().nullable(),
});

export const pointsBinViewSchema = z.strictObject({
  /** Lower bound in points (inclusive); the bin is [from, from + width). */
  from: z.number(),
  to: z.number(),
  cadres: intView,
});
export type PointsBinView = z.infer<typeof pointsBinViewSchema>;

/**
 * The work-inbox items (待办, docs/API.md "Inbox") open and past their due time now (催办), whatever the period, as the
 * notifications service reports them (stream NOTIFICATIONS): by kind (`record_review`, `task_award`… see INBOX_KINDS)
 * and by department. An item counts under the department of its object (the record's, the publishing department's).
 */
export const overdueViewSchema = z.strictObject({
  /** Overdue items of the scope's subtree. */
  total: intView,
  byKind: counts,
  /** Every department of the scope with overdue items, its own (not subtree) counts, as `records.byDepartment`; most first. */
  byDepartment: z.array(z.strictObject({ departmentId: z.string(), departmentName: z.string(), total: intView, byKind: counts })),
});
export type OverdueView = z.infer<typeof overdueViewSchema>;

export const overviewViewSchema = z.strictObject({
  period: z.string(),
  scope: analyticsScopeViewSchema,
  records: z.strictObject({
    total: intView,
    byItem: counts,
    byStatus: counts,
    byMonth: counts,
    /** Every department of the scope that has records in the period, with its own (not subtree) counts: filed, and of those verified now. */
    byDepartment: z.array(z.strictObject({ departmentId: z.string(), departmentName: z.string(), total: intView, verified: intView })),
  }),
  review: z.strictObject({
    /** Verifications (研判 confirmed) per month of the period. */
    verifiedByMonth: counts,
    /** Verifications that happened in the period (a record revoked later still counts: the review work was done). */
    verified: intView,
    /** Returns (退回) of the records filed in the period, each return once. */
    returned: intView,
    /** Records filed in the period that stand rejected. */
    rejected: intView,
    submissionToVerification: durationSummaryViewSchema,
    backlog: backlogViewSchema,
  }),
  tasks: z.strictObject({
    /** Tasks published in the period. */
    published: intView,
    byDomain: counts,
    byStatus: counts,
    /** Awarded (in progress, reviewing or concluded). */
    claimed: intView,
    concluded: intView,
    /** claimed / published, 0–1, 4 decimals (0 when nothing was published). */
    shareClaimed: z.number(),
    shareConcluded: z.number(),
  }),
  points: z.strictObject({
    /** Cadres of the scope (active users with the cadre role, from the directory). */
    cadres: intView,
    /** Of which with a score in the period. */
    scored: intView,
    total: z.number(),
    /** total / cadres, 2 decimals. */
    average: z.number(),
    /** Cadres by points in bins of `binWidth`; cadres without a score count in the bin of 0. */
    binWidth: z.number(),
    histogram: z.array(pointsBinViewSchema),
  }),
  overdue: overdueViewSchema,
  /** When the models last applied an event of each stream (ISO), for staleness. */
  asOf: z.record(z.string(), dateTimeView.nullable()),
});
export type OverviewView = z.infer<typeof overviewViewSchema>;

const departmentFigures = {
  cadres: intView,
  records: intView,
  verified: intView,
  /** verified / cadres, 2 decimals (0 without cadres). */
  verifiedPerCadre: z.number(),
  points: z.number(),
  /** points / cadres, 2 decimals. */
  averagePoints: z.number(),
  backlog: intView,
};

export const departmentRowViewSchema = z.strictObject({
  departmentId: z.string(),
  departmentName: z.string(),
  parentId: z.string().nullable(),
  /** 0 for the root. */
  depth: intView,
  /** The department's own figures (its subdepartments have their own rows). */
  ...departmentFigures,
  oldestBacklogSubmittedOn: dateView.nullable(),
  oldestBacklogAgeDays: z.number().nullable(),
  /** The same figures for the department and everything under it (equal to the own figures for a leaf). */
  subtree: z.strictObject(departmentFigures),
});
export type DepartmentRowView = z.infer<typeof departmentRowViewSchema>;

export const departmentsViewSchema = z.strictObject({
  period: z.string(),
  scope: analyticsScopeViewSchema,
  items: z.array(departmentRowViewSchema),
  total: intView,
});
export type DepartmentsView = z.infer<typeof departmentsViewSchema>;

export const portraitRadarPointSchema = z.strictObject({
  /** First-level item code, or `TASK`. */
  item: z.string(),
  name: z.string(),
  points: z.number(),
});
export type PortraitRadarPoint = z.infer<typeof portraitRadarPointSchema>;

export const portraitTimelineEntrySchema = z.strictObject({
  kind: z.enum(['record', 'task']),
  id: z.string(),
  title: z.string(),
  /** Verification (record) or conclusion (task), ISO. */
  at: dateTimeView,
  /** Record: second-level item; task: domain. */
  category: z.string(),
  /** Record: 评级 (rating) and confirmed impact level; task: verdict. */
  rating: z.string().nullable(),
  impactLevel: z.string().nullable(),
  role: z.enum(['lead', 'member']),
  share: z.number(),
  /** The points this source gave the cadre in the period (after the cap); null when scoring has not reported it. */
  points: z.number().nullable(),
});
export type PortraitTimelineEntry = z.infer<typeof portraitTimelineEntrySchema>;

export const portraitTrendPointSchema = z.strictObject({
  /** `YYYY-MM`. */
  month: z.string(),
  cadre: z.number(),
  /** Average per cadre of the cadre's department (subtree). */
  department: z.number(),
  /** Average per cadre city-wide. */
  city: z.number(),
});

/** A confirmed grade (已确认 only: submitted or returned grades are nowhere in analytics). */
export const appraisalGradeEntrySchema = z.strictObject({
  cycleId: z.string(),
  cycleName: z.string(),
  kind: z.enum(CYCLE_KINDS),
  /** 年度考核 / 平时考核 / 专项考核. */
  kindLabel: z.string(),
  /** The cycle's period: `YYYY` or `YYYY-Qn`. */
  period: z.string(),
  grade: z.enum(GRADES),
  /** 优秀 / 称职 / … / 较差. */
  gradeLabel: z.string(),
});
export type AppraisalGradeEntry = z.infer<typeof appraisalGradeEntrySchema>;

/** A shown 民主测评 result (of a closed survey with at least one group counted); scores 0–100. */
export const appraisalSurveyEntrySchema = z.strictObject({
  cycleId: z.string(),
  cycleName: z.string(),
  period: z.string(),
  overall: z.number().nullable(),
  /** 满意度, percent. */
  satisfaction: z.number().nullable(),
  criteria: z.array(z.strictObject({ code: z.string(), name: z.string(), score: z.number().nullable() })),
});
export type AppraisalSurveyEntry = z.infer<typeof appraisalSurveyEntrySchema>;

export const portraitViewSchema = z.strictObject({
  cadre: z.strictObject({
    id: z.string(),
    name: z.string(),
    departmentId: z.string(),
    departmentName: z.string(),
    rankLevel,
    title: z.string(),
  }),
  period: z.string(),
  total: z.number(),
  radar: z.array(portraitRadarPointSchema),
  /** The items with the most points, best first (at most 3, only items with points). */
  strengths: z.array(portraitRadarPointSchema),
  /** Verified records and concluded tasks, newest first. */
  timeline: z.array(portraitTimelineEntrySchema),
  trend: z.array(portraitTrendPointSchema),
  teams: z.array(z.strictObject({ teamId: z.string(), teamName: z.string(), role: z.string(), memberIds: z.array(z.string()), formedAt: dateTimeView })),
  /** People the cadre worked with on verified records and teams, most shared first. */
  collaborators: z.array(z.strictObject({ userId: z.string(), name: z.string(), together: intView })),
  /** 考评情况, whatever the period: confirmed grades of every year and shown 测评 results, newest first. */
  appraisal: z.strictObject({
    grades: z.array(appraisalGradeEntrySchema),
    surveys: z.array(appraisalSurveyEntrySchema),
  }),
  /** 选人用人, whatever the period: the cadre's outcomes of concluded rounds (提拔使用, 职级晋升, 评先评优), newest first. */
  outcomes: z.array(
    z.strictObject({
      roundId: z.string(),
      roundName: z.string(),
      kind: z.enum(ROUND_KINDS),
      kindLabel: z.string(),
      outcome: z.enum(OUTCOME_KINDS),
      outcomeLabel: z.string(),
      position: z.string(),
      concludedAt: dateTimeView,
    }),
  ),
});
export type PortraitView = z.infer<typeof portraitViewSchema>;

export const candidateEvidenceViewSchema = z.strictObject({
  /** The cadre's verified records of the period with the most points (at most 5). */
  records: z.array(
    z.strictObject({
      recordId: z.string(),
      title: z.string(),
      itemCode: z.string(),
      rating: z.string().nullable(),
      impactLevel: z.string().nullable(),
      verifiedAt: dateTimeView,
      points: z.number().nullable(),
    }),
  ),
  /** Concluded tasks of the period (at most 5), most points first. */
  tasks: z.array(
    z.strictObject({
      taskId: z.string(),
      title: z.string(),
      verdict: z.string().nullable(),
      role: z.string(),
      share: z.number(),
      concludedAt: dateTimeView,
      points: z.number().nullable(),
    }),
  ),
  /** How the cadre's verified records of the period were rated. */
  ratings: counts,
  verifiedRecords: intView,
  concludedTasks: intView,
});

export const candidateViewSchema = z.strictObject({
  rank: intView,
  cadreId: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  rankLevel,
  title: z.string(),
  points: z.number(),
  byItem: z.record(z.string(), z.number()),
  evidence: candidateEvidenceViewSchema,
  /** Confirmed grades of the `gradeYears` years up to the period, newest first. */
  grades: z.array(appraisalGradeEntrySchema),
  /** 满意度 of the latest shown 测评 of a year up to the period; null without one. */
  satisfaction: z.number().nullable(),
  /**
   * The cadre's place by points among every cadre of the period city-wide (1 = most points; ties share the better
   * place), of `cityCadres`; `topDecile`: `cityRank` ≤ ceil(cityCadres / 10) (the "凭实绩" measure of selection).
   */
  cityRank: intView,
  cityCadres: intView,
  topDecile: z.boolean(),
});
export type CandidateView = z.infer<typeof candidateViewSchema>;

export const candidatesViewSchema = z.strictObject({
  period: z.string(),
  rankLevel,
  scope: analyticsScopeViewSchema,
  items: z.array(candidateViewSchema),
  /** Cadres matching the filters (ranked or not). */
  total: intView,
});
export type CandidatesView = z.infer<typeof candidatesViewSchema>;

const gradeCounts = z.record(z.string(), counts);

export const appraisalCriterionAverageSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  /** The mean of the cadres' scores (0–100, 2 decimals) over the shown results with a score for it. */
  average: z.number(),
  /** Shown results with a score for this criterion. */
  cadres: intView,
});

const surveyFigures = {
  /** Cadres with a shown 测评 result in the period (one per cycle). */
  cadres: intView,
  /** Mean 满意度 (percent, 2 decimals) over those results; null without any. */
  satisfaction: z.number().nullable(),
  criteria: z.array(appraisalCriterionAverageSchema),
};

/**
 * `GET /analytics/appraisal`: confirmed grades of the period's cycles (their `year`) by kind and grade, and the shown
 * 测评 results of the period by criterion. A grade or result counts under the department the cadre was in when
 * graded (or surveyed); a returned grade counts nowhere.
 */
export const analyticsAppraisalViewSchema = z.strictObject({
  period: z.string(),
  scope: analyticsScopeViewSchema,
  grades: z.strictObject({
    /** Confirmed grades of the scope's subtree: `{ <cycle kind>: { <grade>: n } }`. */
    byKind: gradeCounts,
    total: intView,
    /** Every department of the scope with confirmed grades, its own (not subtree) counts, in the scope's order. */
    byDepartment: z.array(z.strictObject({ departmentId: z.string(), departmentName: z.string(), total: intView, byKind: gradeCounts })),
  }),
  surveys: z.strictObject({
    /** The scope's subtree. */
    ...surveyFigures,
    /** Every department of the scope with shown results, its own figures. */
    byDepartment: z.array(z.strictObject({ departmentId: z.string(), departmentName: z.string(), ...surveyFigures })),
  }),
  asOf: z.record(z.string(), dateTimeView.nullable()),
});
export type AnalyticsAppraisalView = z.infer<typeof analyticsAppraisalViewSchema>;

export const REBUILD_STATES = ['idle', 'replaying', 'writing', 'catching-up', 'swapped', 'failed'] as const;

/** `POST /analytics/rebuild` (admin) answers 202 with this; `GET /analytics/rebuild` reports progress. */
export const rebuildViewSchema = z.strictObject({
  generation: intView,
  state: z.enum(REBUILD_STATES),
  startedAt: dateTimeView.nullable(),
  finishedAt: dateTimeView.nullable(),
  /** Events replayed so far, by stream. */
  events: counts,
  eventsPerSecond: z.number().nullable(),
  error: z.string().nullable(),
  /** The generation the reads currently use. */
  liveGeneration: intView,
  /** The last stream sequence the live models applied, by stream: compare with the stream's last sequence for the lag. */
  positions: counts,
});
export type RebuildView = z.infer<typeof rebuildViewSchema>;

const outcomeCounts = { promoted: intView, advanced: intView, awarded: intView, total: intView };

/**
 * `GET /analytics/selection?period=&departmentId=`: the outcomes of the rounds concluded in the year `period` (Beijing),
 * under the department the candidate was in when drawn: counts per kind, "凭实绩" (of the selected cadres whose
 * evidence was known, the share within the best tenth city-wide by points when drawn), and the days from a round's
 * opening to its decisions (the notice published).
 */
export const analyticsSelectionViewSchema = z.strictObject({
  period: z.string(),
  scope: analyticsScopeViewSchema,
  /** The scope's subtree. */
  outcomes: z.strictObject(outcomeCounts),
  /** Every department of the scope with outcomes, its own counts, most first. */
  byDepartment: z.array(z.strictObject({ departmentId: z.string(), departmentName: z.string(), ...outcomeCounts })),
  merit: z.strictObject({
    /** Selected cadres (not departments) with a known place in points. */
    selected: intView,
    topDecile: intView,
    /** topDecile / selected in percent (2 decimals); null without any. */
    share: z.number().nullable(),
  }),
  rounds: z.strictObject({
    /** Rounds concluded in the period with an outcome in the scope. */
    concluded: intView,
    /** Mean and median days (1 decimal) from opening to the decisions; null without rounds. */
    averageDaysToDecision: z.number().nullable(),
    medianDaysToDecision: z.number().nullable(),
  }),
  asOf: z.record(z.string(), dateTimeView.nullable()),
});
export type AnalyticsSelectionView = z.infer<typeof analyticsSelectionViewSchema>;

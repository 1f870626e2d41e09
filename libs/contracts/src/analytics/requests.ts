import { z } from 'zod';
import { listFormat } from '../export';
import { GRADES, type Grade } from '../appraisal/requests';
import { RANK_LEVELS } from '../caller';
import { idSchema } from '../ids';
import { currentScoringYear } from '../scoring/requests';

/**
 * Queries of docs/API.md "Analytics". A period is one calendar year (`YYYY`, UTC+8, as everywhere in the platform);
 * omitted, the current one. Every table answers `format=csv` as well.
 */
export const analyticsPeriod = z.string().regex(/^20\d{2}$/, 'must be a year (YYYY, 2000–2099)');
const format = listFormat;

/** `GET /analytics/overview?period=&departmentId=`: the caller's scope, or a department subtree within it. */
export const overviewQuery = z.strictObject({
  period: analyticsPeriod.default(() => currentScoringYear()),
  departmentId: idSchema.optional(),
  format,
});

/** `GET /analytics/departments?period=&departmentId=`: one row per department of the scope. */
export const departmentsQuery = overviewQuery;

/** `GET /analytics/cadres/:id/portrait?period=`. */
export const portraitQuery = z.strictObject({
  period: analyticsPeriod.default(() => currentScoringYear()),
  format,
});

const splitGrades = (value: string) =>
  value
    .split(',')
    .map((grade) => grade.trim())
    .filter(Boolean);

/** Comma-separated grades (`basic,incompetent`); a repeated parameter is taken as one list. 400 naming the unknown ones. */
const gradeList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value.join(',') : value))
  .superRefine((value, ctx) => {
    const unknown = splitGrades(value).filter((grade) => !(GRADES as readonly string[]).includes(grade));
    if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown grade ${unknown.join(', ')} (grades are ${GRADES.join(', ')})` });
  })
  .transform((value) => [...new Set(splitGrades(value))] as Grade[]);

/**
 * `GET /analytics/candidates?rankLevel=&departmentId=&period=&limit=&withoutGrades=&gradeYears=&minSatisfaction=`: the
 * shortlist (选人用人参考). `withoutGrades` leaves out anyone with such a confirmed grade in the `gradeYears` years up to
 * `period`; `minSatisfaction` keeps only those whose latest shown 测评 满意度 (of a year up to `period`) reaches it.
 */
export const candidatesQuery = z.strictObject({
  rankLevel: z.enum(RANK_LEVELS).optional(),
  departmentId: idSchema.optional(),
  period: analyticsPeriod.default(() => currentScoringYear()),
  limit: z.coerce.number().int().min(1).max(100, 'must be at most 100').default(20),
  withoutGrades: gradeList.optional(),
  gradeYears: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(10, 'must be at most 10').default(3),
  minSatisfaction: z.coerce.number().min(0, 'must be at least 0').max(100, 'must be at most 100').optional(),
  format,
});

/** `GET /analytics/appraisal?period=&departmentId=`: grades by department, 测评 by criterion (same scope rules as the overview). */
export const analyticsAppraisalQuery = overviewQuery;

/** `GET /analytics/selection?period=&departmentId=`: outcomes of selection (same scope rules as the overview). */
export const analyticsSelectionQuery = overviewQuery;
export type AnalyticsSelectionQuery = z.infer<typeof analyticsSelectionQuery>;

/**
 * What `rpc.analytics.candidates` takes beside the public query: `cadreIds` (internal, from the gateway's selection
 * draw) answers exactly those cadres (each once, in that order; unknown ones left out), ignoring `limit` and the
 * filters but `period` and `gradeYears`.
 */
export type CandidatesRpcPayload = CandidatesQuery & { cadreIds?: string[] };

export type OverviewQuery = z.infer<typeof overviewQuery>;
export type DepartmentsQuery = z.infer<typeof departmentsQuery>;
export type PortraitQuery = z.infer<typeof portraitQuery>;
export type CandidatesQuery = z.infer<typeof candidatesQuery>;
export type AnalyticsAppraisalQuery = z.infer<typeof analyticsAppraisalQuery>;

import { z } from 'zod';
import { RANK_LEVELS } from '../caller';
import { idSchema } from '../ids';
import { currentScoringYear } from '../scoring/requests';

/**
 * Queries of docs/API.md "Analytics". A period is one calendar year (`YYYY`, UTC+8, as everywhere in the platform);
 * omitted, the current one. Every table answers `format=csv` as well.
 */
export const analyticsPeriod = z.string().regex(/^20\d{2}$/, 'must be a year (YYYY, 2000–2099)');
const format = z.enum(['json', 'csv']).default('json');

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

/** `GET /analytics/candidates?rankLevel=&departmentId=&period=&limit=`: the shortlist (选人用人参考). */
export const candidatesQuery = z.strictObject({
  rankLevel: z.enum(RANK_LEVELS).optional(),
  departmentId: idSchema.optional(),
  period: analyticsPeriod.default(() => currentScoringYear()),
  limit: z.coerce.number().int().min(1).max(100, 'must be at most 100').default(20),
  format,
});

export type OverviewQuery = z.infer<typeof overviewQuery>;
export type DepartmentsQuery = z.infer<typeof departmentsQuery>;
export type PortraitQuery = z.infer<typeof portraitQuery>;
export type CandidatesQuery = z.infer<typeof candidatesQuery>;

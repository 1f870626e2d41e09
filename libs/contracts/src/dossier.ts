import { z } from 'zod';
import { RANK_LEVELS } from './caller';
import { analyticsPeriod } from './analytics/requests';
import { currentScoringYear } from './scoring/requests';
import { dateTimeView, intView } from './view-schema';

/**
 * 实绩档案 (docs/API.md "Analytics"): a cadre's record of achievement for one calendar year, composed by the gateway
 * from the portrait (analytics), the score (scoring), the records (records) and the city-wide place (analytics'
 * shortlist, for those who may read it). Every row keeps the id of what it shows (record, task, cycle), never printed.
 */

/** `GET /cadres/:id/dossier?period=` and `GET /cadres/:id/dossier.pdf?period=`: one year (`YYYY`, UTC+8), the current one by default. */
export const dossierQuery = z.strictObject({
  period: analyticsPeriod.default(() => currentScoringYear()),
});
export type DossierQuery = z.infer<typeof dossierQuery>;

export const dossierViewSchema = z.strictObject({
  cadre: z.strictObject({
    id: z.string(),
    name: z.string(),
    departmentId: z.string(),
    departmentName: z.string(),
    title: z.string(),
    rankLevel: z.enum(RANK_LEVELS).nullable(),
    /** 处级 / 科级 / 科员. */
    rankLabel: z.string(),
  }),
  /** `YYYY`. */
  period: z.string(),
  generatedAt: dateTimeView,
  generatedBy: z.strictObject({ id: z.string(), name: z.string() }),
  points: z.strictObject({
    total: z.number(),
    participation: z.number(),
    contribution: z.number(),
    /** Points for confirmed grades (考核等次). */
    appraisal: z.number(),
    /** By first-level item (tasks under `TASK` 揭榜挂帅, grades under `APPRAISAL` 考核等次), most points first. */
    byItem: z.array(z.strictObject({ item: z.string(), name: z.string(), points: z.number() })),
    /** The place by points among every cadre of the year city-wide; null when the caller may not read it (assessors and admins may). */
    cityRank: intView.nullable(),
    cityCadres: intView.nullable(),
  }),
  /** The verified records of the year (verified in it), newest first. */
  records: z.array(
    z.strictObject({
      recordId: z.string(),
      title: z.string(),
      itemCode: z.string(),
      /** 一级 / 二级, from the current taxonomy. */
      itemName: z.string(),
      /** The record's own period (`YYYY-MM-DD`); null when the records service does not show the record to the caller. */
      periodStart: z.string().nullable(),
      periodEnd: z.string().nullable(),
      impactLevel: z.string().nullable(),
      impactLevelLabel: z.string(),
      rating: z.string().nullable(),
      ratingLabel: z.string(),
      role: z.enum(['lead', 'member']),
      /** The cadre's share, percent. */
      share: z.number(),
      verifiedAt: dateTimeView,
      points: z.number().nullable(),
    }),
  ),
  /** 揭榜挂帅: the tasks concluded in the year that the cadre's team carried, newest first. */
  tasks: z.array(
    z.strictObject({
      taskId: z.string(),
      title: z.string(),
      role: z.enum(['lead', 'member']),
      /** 牵头 / 成员. */
      roleLabel: z.string(),
      verdict: z.string().nullable(),
      verdictLabel: z.string(),
      share: z.number(),
      concludedAt: dateTimeView,
      points: z.number().nullable(),
    }),
  ),
  appraisal: z.strictObject({
    /** Confirmed grades of the year's cycles, newest first. */
    grades: z.array(z.strictObject({ cycleId: z.string(), cycleName: z.string(), kindLabel: z.string(), period: z.string(), grade: z.string(), gradeLabel: z.string() })),
    /** 民主测评 results of the year's closed surveys: overall score (0–100) and 满意度 (percent). */
    surveys: z.array(z.strictObject({ cycleId: z.string(), cycleName: z.string(), period: z.string(), overall: z.number().nullable(), satisfaction: z.number().nullable() })),
  }),
});
export type DossierView = z.infer<typeof dossierViewSchema>;

import { z } from 'zod';
import { IMPACT_LEVELS, RATINGS } from '../records/requests';
import { TASK_VERDICTS } from '../tasks/requests';
import { ANNUAL_GRADES, QUARTERLY_GRADES } from '../appraisal/requests';

/**
 * The scoring standard (评分标准) of docs/DOMAIN.md §3: versioned data, the body of `POST /scoring/standards` (a new
 * draft version). Every value is required except `note`; a client edits a copy of the current standard.
 *
 * Units: points are points (the ledger keeps integer hundredths, docs/DOMAIN.md §3); multipliers are factors;
 * shares are fractions of 1 (`participationShare: 0.2` is 20 %; the contribution share is 1 − it).
 */

/** Bounds shared by the schema and by the domain code that re-checks them. */
export const SCORING_LIMITS = {
  /** Base points, the yearly cap: 0–1000 points, at most 2 decimals. */
  maxPoints: 1000,
  /** Every multiplier: 0–10, at most 4 decimals. */
  maxMultiplier: 10,
  /** First-level items with their own base points. */
  maxItems: 50,
  noteLength: 2_000,
} as const;

/** The key of `byItem` under which task points (揭榜挂帅) are summed, next to the first-level item codes. */
export const TASK_ITEM_KEY = 'TASK';

/** The key of `byItem` under which the points for confirmed appraisal grades (考核等次) are summed. */
export const APPRAISAL_ITEM_KEY = 'APPRAISAL';

/** Whether `value` has at most `places` decimal places (tolerant of binary floating point: 0.1 + 0.2). */
function hasAtMostDecimals(value: number, places: number): boolean {
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

const points = z
  .number()
  .min(0, 'must be at least 0')
  .max(SCORING_LIMITS.maxPoints, `must be at most ${SCORING_LIMITS.maxPoints}`)
  .refine((v) => hasAtMostDecimals(v, 2), 'must have at most two decimals');
const multiplier = z
  .number()
  .min(0, 'must be at least 0')
  .max(SCORING_LIMITS.maxMultiplier, `must be at most ${SCORING_LIMITS.maxMultiplier}`)
  .refine((v) => hasAtMostDecimals(v, 4), 'must have at most four decimals');
const share = z
  .number()
  .min(0, 'must be at least 0')
  .max(1, 'must be at most 1 (a fraction: 0.2 is 20%)')
  .refine((v) => hasAtMostDecimals(v, 4), 'must have at most four decimals');
/** Points per grade of one cycle kind's scale, every grade required, nothing else. */
function pointsOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.strictObject(Object.fromEntries(values.map((v) => [v, points])) as { [K in T[number]]: typeof points });
}

/**
 * Points for a confirmed grade by cycle kind (docs/API.md "Scoring"): 年度 优秀 10 / 称职 5, 平时 好 2 / 较好 1,
 * 专项 优秀 5 / 称职 2, the rest 0. Also what a standard stored before grades gave points (or a body without the
 * field) reads as.
 */
export const DEFAULT_APPRAISAL_GRADE_POINTS = {
  annual: { excellent: 10, competent: 5, basic: 0, incompetent: 0 },
  quarterly: { good: 2, fairly_good: 1, average: 0, poor: 0 },
  special: { excellent: 5, competent: 2, basic: 0, incompetent: 0 },
} as const satisfies Record<string, Record<string, number>>;

/** A fresh copy of the default grade points (a default must never be shared and mutated). */
function defaultAppraisalGradePoints() {
  return {
    annual: { ...DEFAULT_APPRAISAL_GRADE_POINTS.annual },
    quarterly: { ...DEFAULT_APPRAISAL_GRADE_POINTS.quarterly },
    special: { ...DEFAULT_APPRAISAL_GRADE_POINTS.special },
  };
}

export const appraisalGradePointsSchema = z.strictObject({
  annual: pointsOf(ANNUAL_GRADES),
  quarterly: pointsOf(QUARTERLY_GRADES),
  special: pointsOf(ANNUAL_GRADES),
});
export type AppraisalGradePoints = z.infer<typeof appraisalGradePointsSchema>;

/** A first-level item code, as the taxonomy allows them (`INVEST`): the taxonomy is data, so any such code. */
const firstLevelCode = z.string().regex(/^[A-Z]{2,20}$/, 'must be a first-level item code such as INVEST');

/** One multiplier per value of an enumeration, every value required, nothing else. */
function multipliersOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.strictObject(Object.fromEntries(values.map((v) => [v, multiplier])) as { [K in T[number]]: typeof multiplier });
}

export const scoringStandardBody = z.strictObject({
  /** Base points of a record by its first-level item; `default` for the items not listed. */
  itemBasePoints: z.strictObject({
    default: points,
    byFirstLevel: z
      .record(firstLevelCode, points)
      .refine((value) => Object.keys(value).length <= SCORING_LIMITS.maxItems, `must list at most ${SCORING_LIMITS.maxItems} items`),
  }),
  /** By the impact level the assessor confirmed. */
  impactMultipliers: multipliersOf(IMPACT_LEVELS),
  /** By the assessor's rating (研判等级); `none` (不予认定) is verified without points. */
  ratingMultipliers: multipliersOf(RATINGS),
  /** The part of a record's (and a task's) points split equally among all participants (参与度); the rest is split by share (贡献度). */
  participationShare: share,
  /** By the task's 评审 verdict. */
  taskVerdictMultipliers: multipliersOf(TASK_VERDICTS),
  /** Applied to a task's points when it has any 急难险重 flag. */
  flagMultiplier: multiplier,
  /** The team leader's (牵头人) bonus, as a fraction of the task's points, on top of the split. */
  leaderBonusShare: share,
  /** Points a cadre earns at most per first-level item per calendar year, from records only (not tasks). */
  yearlyCapPerItem: points,
  /**
   * Points for a confirmed appraisal grade (考核等次), by the cycle's kind and the grade: 0–1000, 2 decimals. Not
   * under the yearly cap. Omitted (a client or a standard from before grades gave points): the defaults.
   */
  appraisalGradePoints: appraisalGradePointsSchema.default(defaultAppraisalGradePoints),
  /** The date from which the standard is meant to apply (informative: activation recomputes everything). */
  effectiveFrom: z.iso.date('must be a date (YYYY-MM-DD)'),
  note: z.string().trim().max(SCORING_LIMITS.noteLength, 'must be at most 2,000 characters').default(''),
});

export type ScoringStandard = z.infer<typeof scoringStandardBody>;

/** The default standard of docs/DOMAIN.md §3 (version 1 on first start). */
export const DEFAULT_SCORING_STANDARD: ScoringStandard = {
  itemBasePoints: { default: 5, byFirstLevel: { INVEST: 8, PROJECT: 8, REFORM: 8, FTP: 8, SAFETY: 8 } },
  impactMultipliers: { unit: 1, district: 1.5, city: 2, province: 3, national: 4 },
  ratingMultipliers: { excellent: 1.5, good: 1.2, pass: 1.0, none: 0 },
  participationShare: 0.2,
  taskVerdictMultipliers: { excellent: 1.2, pass: 1.0, tolerated: 0.3, fail: 0 },
  flagMultiplier: 1.5,
  leaderBonusShare: 0.1,
  yearlyCapPerItem: 60,
  appraisalGradePoints: defaultAppraisalGradePoints(),
  effectiveFrom: '2000-01-01',
  note: 'DOMAIN.md §3 默认评分标准',
};

export const SCORING_STANDARD_STATUSES = ['draft', 'active', 'retired'] as const;

/** `/scoring/standards/:version`: a positive integer. */
export const standardVersionParam = z.coerce.number().int('must be a whole number').min(1, 'must be at least 1');

import { z } from 'zod';
import { RANK_LEVELS } from '../caller';
import { dateTimeView, intView } from '../view-schema';
import { SCORING_STANDARD_STATUSES, scoringStandardBody } from './standard';

/**
 * What the API answers for scoring (docs/API.md "Scoring"). Points are shown as numbers with at most 2 decimals
 * (`19.2` is 19.20 points); the ledger stores integer hundredths (`1920`), and every sum is taken over the
 * hundredths before it is turned into points, so no total carries floating-point noise.
 */

export const LEDGER_PARTS = ['participation', 'contribution', 'bonus', 'reversal', 'appraisal'] as const;
/**
 * 参与度 (split equally), 贡献度 (split by share), the 牵头人's bonus, the reversal of a revoked record's entry (or of a
 * returned grade's), or the points for a confirmed appraisal grade (考核等次).
 */
export type LedgerPart = (typeof LEDGER_PARTS)[number];

/** A verified record, a concluded task, or a confirmed appraisal grade (`id` the appraisal's, `<cycleId>:<cadreId>`). */
export const LEDGER_SOURCE_TYPES = ['record', 'task', 'appraisal'] as const;
export type LedgerSourceType = (typeof LEDGER_SOURCE_TYPES)[number];

/** A scoring standard as stored: the body of `POST /scoring/standards` plus its version and lifecycle. */
export const scoringStandardViewSchema = scoringStandardBody.extend({
  version: intView,
  /** One standard is `active` at a time; activating another retires it. */
  status: z.enum(SCORING_STANDARD_STATUSES),
  createdBy: z.string(),
  createdAt: dateTimeView,
  activatedAt: dateTimeView.nullable(),
});
export type ScoringStandardView = z.infer<typeof scoringStandardViewSchema>;

/** `GET /scoring/standards`: every version. */
export const scoringStandardListViewSchema = z.array(scoringStandardViewSchema);

/** A year (`YYYY`) or `rolling3`. */
const periodView = z.string();

/** One ledger entry (积分明细), with where it came from and why. */
export const ledgerEntryViewSchema = z.strictObject({
  id: z.string(),
  cadreId: z.string(),
  /** The entry's points, 2 decimals (negative for a reversal). */
  points: z.number(),
  /** The same in integer hundredths, as stored. */
  hundredths: intView,
  /**
   * What the entry counts towards the score, in integer hundredths (like `hundredths`): the same as `hundredths`
   * unless the yearly cap per item cut it (see `ScoreView.capped`).
   */
  counted: intView,
  part: z.enum(LEDGER_PARTS),
  /**
   * The record (at the version that was verified), the task (at the version that concluded) or the appraisal (at the
   * version that confirmed the grade; its title the cycle's name) it comes from, with its title as it was then (what
   * people read instead of an id or a version).
   */
  source: z.strictObject({ type: z.enum(LEDGER_SOURCE_TYPES), id: z.string(), version: intView, title: z.string().optional() }),
  /** The record's second-level item (`INVEST-03`); absent for task entries. */
  itemCode: z.string().optional(),
  /** The record's first-level item (`INVEST`); absent for task entries. */
  firstLevelCode: z.string().optional(),
  /** The scoring standard version the entry was computed with. */
  standardVersion: intView,
  /** The calendar year (`YYYY`, UTC+8) the points belong to: that of the verification or the conclusion. */
  period: z.string(),
  /**
   * In Chinese, with the source's title and the item's name, e.g.
   * `纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；贡献度 80% 按分工 50% → 7.68`,
   * `任务《……》：奖励 100 ×1.5（急难险重：难），评审 合格 ×1 = 150.00；牵头人加分 10% → 15.00`,
   * `考核《2026年度考核》：年度考核 优秀 → 10.00`.
   */
  explanation: z.string(),
  /** When the source event happened (verification, conclusion, confirmation, revocation, return). */
  occurredAt: dateTimeView,
  createdAt: dateTimeView,
});
export type LedgerEntryView = z.infer<typeof ledgerEntryViewSchema>;

/** A first-level item whose record points of one year exceeded the yearly cap. */
export const cappedItemViewSchema = z.strictObject({
  firstLevelCode: z.string(),
  /** `YYYY`. */
  year: z.string(),
  /** Points the item's (unrevoked) record entries would give without the cap. */
  earned: z.number(),
  /** Points counted: the cap. */
  counted: z.number(),
  cap: z.number(),
});

/** `GET /scores/:cadreId?period=`: the score, explained down to its entries. */
export const scoreViewSchema = z.strictObject({
  cadreId: z.string(),
  /** `YYYY` or `rolling3`. */
  period: periodView,
  /** participation + contribution + bonus + reversal + appraisal. */
  total: z.number(),
  participation: z.number(),
  contribution: z.number(),
  bonus: z.number(),
  /** The (negative) sum of the reversals of revoked records (and reopened ones). */
  reversal: z.number(),
  /**
   * Points for confirmed appraisal grades (考核等次, by the standard's `appraisalGradePoints`), net of the grades
   * returned since (their reversals count here, not under `reversal`); the same as `byItem.APPRAISAL`.
   */
  appraisal: z.number(),
  /** Points by first-level item code, task points under `TASK`, grade points under `APPRAISAL`; sums to `total`. */
  byItem: z.record(z.string(), z.number()),
  capped: z.array(cappedItemViewSchema),
  /** Every entry of the period, newest first. */
  entries: z.array(ledgerEntryViewSchema),
  /** The active standard the score was computed with. */
  standardVersion: intView,
  updatedAt: dateTimeView,
});
export type ScoreView = z.infer<typeof scoreViewSchema>;

export const rankingItemViewSchema = z.strictObject({
  /** Competition ranking: equal points share a rank, the next rank skips (1, 2, 2, 4). */
  rank: intView,
  cadreId: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentName: z.string().optional(),
  rankLevel: z.enum(RANK_LEVELS),
  points: z.number(),
  /** The share of the ranked cadres with strictly fewer points, 0–100, 2 decimals. */
  percentile: z.number(),
  /** Places gained (positive) or lost (negative) since the previous ranking of the same period and scope; null when new. */
  change: intView.nullable(),
});
export type RankingItemView = z.infer<typeof rankingItemViewSchema>;

/** `GET /rankings?period=&scope=`. */
export const rankingViewSchema = z.strictObject({
  items: z.array(rankingItemViewSchema),
  total: intView,
  page: intView,
  pageSize: intView,
  period: periodView,
  scope: z.string(),
  calculatedAt: dateTimeView,
  standardVersion: intView,
});
export type RankingView = z.infer<typeof rankingViewSchema>;

export const RECALCULATION_JOB_STATES = ['waiting', 'active', 'completed', 'failed'] as const;

/** `POST /rankings/recalculate` answers 202 with the job to follow at `GET /rankings/jobs/:jobId`. */
export const jobAcceptedViewSchema = z.strictObject({ jobId: z.string() });
export type JobAcceptedView = z.infer<typeof jobAcceptedViewSchema>;

/** `POST /scoring/standards/:version/activate` answers 202 with the version and the job that recomputes everything. */
export const activationViewSchema = jobAcceptedViewSchema.extend({ version: intView });
export type ActivationView = z.infer<typeof activationViewSchema>;

/** `GET /rankings/jobs/:jobId`. */
export const recalculationJobViewSchema = z.strictObject({
  jobId: z.string(),
  state: z.enum(RECALCULATION_JOB_STATES),
  /** 0–100. */
  progress: z.number(),
  startedAt: dateTimeView.nullable(),
  finishedAt: dateTimeView.nullable(),
  /** How many cadre scores and rankings were recalculated. */
  result: z.strictObject({ cadres: intView, rankings: intView, timingsMs: z.record(z.string(), z.number()).optional() }).optional(),
  failedReason: z.string().optional(),
});
export type RecalculationJobView = z.infer<typeof recalculationJobViewSchema>;

/** `POST /scoring/standards/:version/dry-run`: what activating the version would change, without changing anything. */
export const dryRunViewSchema = z.strictObject({
  version: intView,
  /** The period compared (`YYYY` or `rolling3`). */
  period: periodView,
  /**
   * At most 200 cadres, the largest |delta| first (then by cadreId), each named: the cadre's name, department and its
   * name from the directory (absent for a cadre or department the directory does not know).
   */
  cadres: z.array(
    z.strictObject({
      cadreId: z.string(),
      name: z.string().optional(),
      departmentId: z.string().optional(),
      departmentName: z.string().optional(),
      before: z.number(),
      after: z.number(),
      delta: z.number(),
    }),
  ),
  /** Over all cadres: total points before and after, and how many cadres' totals change. */
  totals: z.strictObject({ before: z.number(), after: z.number(), moved: intView }),
});
export type DryRunView = z.infer<typeof dryRunViewSchema>;

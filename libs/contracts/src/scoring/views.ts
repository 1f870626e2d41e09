import type { RankLevel } from '../caller';
import type { ScoringStandard, ScoringStandardStatus } from './standard';

/**
 * What the API answers for scoring (API.md "Scoring"). Points are shown as numbers with at most 2 decimals
 * (`19.2` is 19.20 points); the ledger stores integer hundredths (`1920`), and every sum is taken over the
 * hundredths before it is turned into points, so no total carries floating-point noise.
 */

export const LEDGER_PARTS = ['participation', 'contribution', 'bonus', 'reversal'] as const;
/** 参与度 (split equally), 贡献度 (split by share), the 牵头人's bonus, or the reversal of a revoked record's entry. */
export type LedgerPart = (typeof LEDGER_PARTS)[number];

export const LEDGER_SOURCE_TYPES = ['record', 'task'] as const;
export type LedgerSourceType = (typeof LEDGER_SOURCE_TYPES)[number];

/** A scoring standard as stored: the body of `POST /scoring/standards` plus its version and lifecycle. */
export interface ScoringStandardView extends ScoringStandard {
  version: number;
  /** One standard is `active` at a time; activating another retires it. */
  status: ScoringStandardStatus;
  createdBy: string;
  createdAt: string;
  activatedAt: string | null;
}

/** One ledger entry (积分明细), with where it came from and why. */
export interface LedgerEntryView {
  id: string;
  cadreId: string;
  /** The entry's points, 2 decimals (negative for a reversal). */
  points: number;
  /** The same in integer hundredths, as stored. */
  hundredths: number;
  /**
   * What the entry counts towards the score, in integer hundredths (like `hundredths`): the same as `hundredths`
   * unless the yearly cap per item cut it (see `ScoreView.capped`).
   */
  counted: number;
  part: LedgerPart;
  /** The record (at the version that was verified) or the task (at the version that concluded) it comes from. */
  source: { type: LedgerSourceType; id: string; version: number };
  /** The record's second-level item (`INVEST-03`); absent for task entries. */
  itemCode?: string;
  /** The record's first-level item (`INVEST`); absent for task entries. */
  firstLevelCode?: string;
  /** The scoring standard version the entry was computed with. */
  standardVersion: number;
  /** The calendar year (`YYYY`, UTC+8) the points belong to: that of the verification or the conclusion. */
  period: string;
  /** e.g. `INVEST-03 city ×2, rated 良好 ×1.2 = 19.20 (base 8); 贡献度 80% by 50% share → 7.68`. */
  explanation: string;
  /** When the source event happened (verification, conclusion, revocation). */
  occurredAt: string;
  createdAt: string;
}

/** A first-level item whose record points of one year exceeded the yearly cap. */
export interface CappedItemView {
  firstLevelCode: string;
  /** `YYYY`. */
  year: string;
  /** Points the item's (unrevoked) record entries would give without the cap. */
  earned: number;
  /** Points counted: the cap. */
  counted: number;
  cap: number;
}

/** `GET /scores/:cadreId?period=`: the score, explained down to its entries. */
export interface ScoreView {
  cadreId: string;
  /** `YYYY` or `rolling3`. */
  period: string;
  /** participation + contribution + bonus + reversal. */
  total: number;
  participation: number;
  contribution: number;
  bonus: number;
  /** The (negative) sum of the reversals of revoked records. */
  reversal: number;
  /** Points by first-level item code, and task points under `TASK`; sums to `total`. */
  byItem: Record<string, number>;
  capped: CappedItemView[];
  /** Every entry of the period, newest first. */
  entries: LedgerEntryView[];
  /** The active standard the score was computed with. */
  standardVersion: number;
  updatedAt: string;
}

export interface RankingItemView {
  /** Competition ranking: equal points share a rank, the next rank skips (1, 2, 2, 4). */
  rank: number;
  cadreId: string;
  name: string;
  departmentId: string;
  departmentName?: string;
  rankLevel: RankLevel;
  points: number;
  /** The share of the ranked cadres with strictly fewer points, 0–100, 2 decimals. */
  percentile: number;
  /** Places gained (positive) or lost (negative) since the previous ranking of the same period and scope; null when new. */
  change: number | null;
}

/** `GET /rankings?period=&scope=`. */
export interface RankingView {
  items: RankingItemView[];
  total: number;
  page: number;
  pageSize: number;
  period: string;
  scope: string;
  calculatedAt: string;
  standardVersion: number;
}

export const RECALCULATION_JOB_STATES = ['waiting', 'active', 'completed', 'failed'] as const;
export type RecalculationJobState = (typeof RECALCULATION_JOB_STATES)[number];

/** `GET /rankings/jobs/:jobId` (and `POST /rankings/recalculate` answers 202 `{ jobId }`). */
export interface RecalculationJobView {
  jobId: string;
  state: RecalculationJobState;
  /** 0–100. */
  progress: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** How many cadre scores and rankings were recalculated. */
  result?: { cadres: number; rankings: number; timingsMs?: Record<string, number> };
  failedReason?: string;
}

/** `POST /scoring/standards/:version/dry-run`: what activating the version would change, without changing anything. */
export interface DryRunView {
  version: number;
  /** The period compared (`YYYY` or `rolling3`). */
  period: string;
  /** At most 200 cadres, the largest |delta| first (then by cadreId). */
  cadres: { cadreId: string; before: number; after: number; delta: number }[];
  /** Over all cadres: total points before and after, and how many cadres' totals change. */
  totals: { before: number; after: number; moved: number };
}

import type { RankLevel } from '../caller';

/**
 * What the analytics service answers (API.md "Analytics"). Read models are built from events only, so every
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

export interface AnalyticsScopeView {
  /** The subtree the figures cover. */
  departmentId: string;
  departmentName: string;
}

export interface DurationSummaryView {
  count: number;
  /** Minutes, nearest-rank over the rounded review times; null without verifications. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface BacklogView {
  /** Records waiting for review or assessment now. */
  count: number;
  /** The oldest waiting submission's day (`YYYY-MM-DD`, UTC+8); null when nothing waits. */
  oldestSubmittedOn: string | null;
  /** Whole days the oldest has waited; null when nothing waits. */
  oldestAgeDays: number | null;
  /** Median age in whole days; null when nothing waits. */
  medianAgeDays: number | null;
}

export interface PointsBinView {
  /** Lower bound in points (inclusive); the bin is [from, from + width). */
  from: number;
  to: number;
  cadres: number;
}

export interface OverviewView {
  period: string;
  scope: AnalyticsScopeView;
  records: {
    total: number;
    byItem: Record<string, number>;
    byStatus: Record<string, number>;
    byMonth: Record<string, number>;
    /** Every department of the scope that has records in the period, with its own (not subtree) counts: filed, and of those verified now. */
    byDepartment: { departmentId: string; departmentName: string; total: number; verified: number }[];
  };
  review: {
    /** Verifications (研判 confirmed) per month of the period. */
    verifiedByMonth: Record<string, number>;
    /** Verifications that happened in the period (a record revoked later still counts: the review work was done). */
    verified: number;
    /** Returns (退回) of the records filed in the period, each return once. */
    returned: number;
    /** Records filed in the period that stand rejected. */
    rejected: number;
    submissionToVerification: DurationSummaryView;
    backlog: BacklogView;
  };
  tasks: {
    /** Tasks published in the period. */
    published: number;
    byDomain: Record<string, number>;
    byStatus: Record<string, number>;
    /** Awarded (in progress, reviewing or concluded). */
    claimed: number;
    concluded: number;
    /** claimed / published, 0–1, 4 decimals (0 when nothing was published). */
    shareClaimed: number;
    shareConcluded: number;
  };
  points: {
    /** Cadres of the scope (active users with the cadre role, from the directory). */
    cadres: number;
    /** Of which with a score in the period. */
    scored: number;
    total: number;
    /** total / cadres, 2 decimals. */
    average: number;
    /** Cadres by points in bins of `binWidth`; cadres without a score count in the bin of 0. */
    binWidth: number;
    histogram: PointsBinView[];
  };
  /** When the models last applied an event of each stream (ISO), for staleness. */
  asOf: Record<string, string | null>;
}

export interface DepartmentRowView {
  departmentId: string;
  departmentName: string;
  parentId: string | null;
  /** 0 for the root. */
  depth: number;
  /** The department's own figures (its subdepartments have their own rows). */
  cadres: number;
  records: number;
  verified: number;
  /** verified / cadres, 2 decimals (0 without cadres). */
  verifiedPerCadre: number;
  points: number;
  /** points / cadres, 2 decimals. */
  averagePoints: number;
  backlog: number;
  oldestBacklogSubmittedOn: string | null;
  oldestBacklogAgeDays: number | null;
  /** The same figures for the department and everything under it (equal to the own figures for a leaf). */
  subtree: { cadres: number; records: number; verified: number; verifiedPerCadre: number; points: number; averagePoints: number; backlog: number };
}

export interface DepartmentsView {
  period: string;
  scope: AnalyticsScopeView;
  items: DepartmentRowView[];
  total: number;
}

export interface PortraitRadarPoint {
  /** First-level item code, or `TASK`. */
  item: string;
  name: string;
  points: number;
}

export interface PortraitTimelineEntry {
  kind: 'record' | 'task';
  id: string;
  title: string;
  /** Verification (record) or conclusion (task), ISO. */
  at: string;
  /** Record: second-level item; task: domain. */
  category: string;
  /** Record: 评级 (rating) and confirmed impact level; task: verdict. */
  rating: string | null;
  impactLevel: string | null;
  role: 'lead' | 'member';
  share: number;
  /** The points this source gave the cadre in the period (after the cap); null when scoring has not reported it. */
  points: number | null;
}

export interface PortraitTrendPoint {
  month: string;
  cadre: number;
  /** Average per cadre of the cadre's department (subtree). */
  department: number;
  /** Average per cadre city-wide. */
  city: number;
}

export interface PortraitView {
  cadre: {
    id: string;
    name: string;
    departmentId: string;
    departmentName: string;
    rankLevel: RankLevel | null;
    title: string;
  };
  period: string;
  total: number;
  radar: PortraitRadarPoint[];
  /** The items with the most points, best first (at most 3, only items with points). */
  strengths: PortraitRadarPoint[];
  /** Verified records and concluded tasks, newest first. */
  timeline: PortraitTimelineEntry[];
  trend: PortraitTrendPoint[];
  teams: { teamId: string; teamName: string; role: string; memberIds: string[]; formedAt: string }[];
  /** People the cadre worked with on verified records and teams, most shared first. */
  collaborators: { userId: string; name: string; together: number }[];
}

export interface CandidateEvidenceView {
  /** The cadre's verified records of the period with the most points (at most 5). */
  records: { recordId: string; title: string; itemCode: string; rating: string | null; impactLevel: string | null; verifiedAt: string; points: number | null }[];
  /** Concluded tasks of the period (at most 5), most points first. */
  tasks: { taskId: string; title: string; verdict: string | null; role: string; share: number; concludedAt: string; points: number | null }[];
  /** How the cadre's verified records of the period were rated. */
  ratings: Record<string, number>;
  verifiedRecords: number;
  concludedTasks: number;
}

export interface CandidateView {
  rank: number;
  cadreId: string;
  name: string;
  departmentId: string;
  departmentName: string;
  rankLevel: RankLevel | null;
  title: string;
  points: number;
  byItem: Record<string, number>;
  evidence: CandidateEvidenceView;
}

export interface CandidatesView {
  period: string;
  rankLevel: RankLevel | null;
  scope: AnalyticsScopeView;
  items: CandidateView[];
  /** Cadres matching the filters (ranked or not). */
  total: number;
}

/** `POST /analytics/rebuild` (admin) answers 202 with this; `GET /analytics/rebuild` reports progress. */
export interface RebuildView {
  generation: number;
  state: 'idle' | 'replaying' | 'writing' | 'catching-up' | 'swapped' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  /** Events replayed so far, by stream. */
  events: Record<string, number>;
  eventsPerSecond: number | null;
  error: string | null;
  /** The generation the reads currently use. */
  liveGeneration: number;
  /** The last stream sequence the live models applied, by stream: compare with the stream's last sequence for the lag. */
  positions: Record<string, number>;
}

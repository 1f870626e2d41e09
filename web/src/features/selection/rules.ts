import type { CreateRoundBody, FrozenEvidence, Grade, RankLevel, RoundCandidateView, RoundKind, RoundStatus, RoundView } from '@cadre/contracts';

// Values of the contracts are not imported (types only, see vite.config.mts): the few this feature needs are here.

export const ROUND_KIND_LIST = ['promotion', 'rank_advance', 'award'] as const satisfies readonly RoundKind[];
export const ROUND_STATUS_LIST = ['applying', 'inspecting', 'notice', 'concluded'] as const satisfies readonly RoundStatus[];
export const OUTCOME_KIND_LIST = ['promoted', 'advanced', 'awarded'] as const;
export const RANK_LEVEL_LIST = ['division', 'section', 'staff'] as const satisfies readonly RankLevel[];
export const EXCLUDABLE_GRADES = ['basic', 'incompetent', 'average', 'poor'] as const satisfies readonly Grade[];
export const DEFAULT_NOTICE_DAYS = 5;
export const MAX_NOTICE_DAYS = 15;
export const REASON_MIN_LENGTH = 5;

export const ROUND_STATUS_COLORS: Record<RoundStatus, string> = { applying: 'cyan', inspecting: 'processing', notice: 'orange', concluded: 'default' };
export const CANDIDATE_STATUS_COLORS: Record<RoundCandidateView['status'], string> = { candidate: 'blue', selected: 'green', not_selected: 'default', withdrawn: 'red' };
export const OBJECTION_STATUS_COLORS: Record<string, string> = { open: 'orange', investigating: 'processing', upheld: 'red', rejected: 'default' };

/** What the 发起选任 form holds (the criteria's percent and lists as the fields take them). */
export interface RoundFormValues {
  kind: RoundKind;
  name: string;
  positions: { name: string; count: number }[];
  rankLevel?: RankLevel;
  departmentIds: string[];
  /** Nested as the body has them, so a 400's `criteria.limit` lands on its field. */
  criteria: { period?: string; withoutGrades?: Grade[]; gradeYears?: number; minSatisfaction?: number | null; limit?: number };
  noticeDays?: number;
  applyUntil?: string;
}

/** The body of `POST /selection/rounds` from the form: names trimmed, blanks left out, `applyUntil` for awards only. */
export function roundBody(values: RoundFormValues): CreateRoundBody {
  const given = values.criteria ?? {};
  const criteria: CreateRoundBody['criteria'] = {
    withoutGrades: given.withoutGrades ?? [],
    gradeYears: given.gradeYears ?? 3,
    limit: given.limit ?? 20,
    ...(given.period ? { period: given.period } : {}),
    ...(given.minSatisfaction !== undefined && given.minSatisfaction !== null ? { minSatisfaction: given.minSatisfaction } : {}),
  };
  return {
    kind: values.kind,
    name: values.name.trim(),
    positions: (values.positions ?? []).map((p) => ({ name: (p?.name ?? '').trim(), count: p?.count })),
    ...(values.rankLevel ? { rankLevel: values.rankLevel } : {}),
    departmentIds: values.departmentIds ?? [],
    criteria,
    noticeDays: values.noticeDays ?? DEFAULT_NOTICE_DAYS,
    ...(values.kind === 'award' && values.applyUntil ? { applyUntil: values.applyUntil } : {}),
  };
}

/** The steps a round of this kind goes through (申报中 only for awards) and where it stands. */
export function roundSteps(kind: RoundKind, status: RoundStatus): { steps: RoundStatus[]; current: number } {
  const steps: RoundStatus[] = kind === 'award' ? [...ROUND_STATUS_LIST] : ['inspecting', 'notice', 'concluded'];
  return { steps, current: Math.max(0, steps.indexOf(status)) };
}

/** 全市名次 `12/340`, or — for a department or a cadre without points. */
export function cityRankText(evidence: Pick<FrozenEvidence, 'cityRank' | 'cityCadres'>): string {
  return evidence.cityRank !== null && evidence.cityCadres !== null ? `${evidence.cityRank}/${evidence.cityCadres}` : '—';
}

/** Points to two decimals, — when none. */
export function pointsText(points: number | null | undefined): string {
  return points === null || points === undefined ? '—' : (Math.round(points * 100) / 100).toFixed(2);
}

/** The positions (or awards) still open for a selection: not yet full, or the one this candidate already holds. */
export function openPositions(round: Pick<RoundView, 'positions'>, holding: string | null | undefined): string[] {
  return round.positions.filter((p) => p.selected < p.count || p.name === holding).map((p) => p.name);
}

/** Decisions are taken (and changed) while the round is 考察中. */
export const decidable = (round: Pick<RoundView, 'status'>) => round.status === 'inspecting';

/** Drawing from the shortlist or naming cadres: 考察中; from the applications: also 申报中 (which it closes). */
export function drawSources(round: Pick<RoundView, 'status' | 'kind'>): { shortlist: boolean; applications: boolean } {
  return {
    shortlist: round.status === 'inspecting',
    applications: round.kind === 'award' && (round.status === 'applying' || round.status === 'inspecting'),
  };
}

/** The notice can be published once every candidate is decided and at least one is selected (the API says so too). */
export function publishable(round: Pick<RoundView, 'status' | 'counts'>): boolean {
  return round.status === 'inspecting' && round.counts.undecided === 0 && round.counts.selected > 0;
}

/** The years offered for the criteria's scoring period: this year and the two before. */
export function periodChoices(now = new Date()): string[] {
  const year = Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
  return [year, year - 1, year - 2].map(String);
}

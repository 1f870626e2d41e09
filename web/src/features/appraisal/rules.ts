import type { AppraisalStatus, CycleKind, Grade, RaterGroup, SurveyCriterion, SurveyGroup } from '@cadre/contracts';

// Values of the contracts are not imported (types only, see vite.config.mts): the few this feature needs are here.

export const CYCLE_KIND_LIST = ['annual', 'quarterly', 'special'] as const satisfies readonly CycleKind[];
export const ANNUAL_GRADE_LIST = ['excellent', 'competent', 'basic', 'incompetent'] as const satisfies readonly Grade[];
export const QUARTERLY_GRADE_LIST = ['good', 'fairly_good', 'average', 'poor'] as const satisfies readonly Grade[];
export const GRADE_LIST = [...ANNUAL_GRADE_LIST, ...QUARTERLY_GRADE_LIST] as const;
export const RATER_GROUP_LIST = ['superior', 'peer', 'subordinate', 'recipient'] as const satisfies readonly RaterGroup[];
export const SATISFACTION_LIST = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const CRITERION_ANSWER_LIST = ['good', 'fairly_good', 'average', 'poor'] as const;

export const DEFAULT_CRITERIA: SurveyCriterion[] = [
  { code: 'de', name: '德', weight: 0.2 },
  { code: 'neng', name: '能', weight: 0.2 },
  { code: 'qin', name: '勤', weight: 0.15 },
  { code: 'ji', name: '绩', weight: 0.3 },
  { code: 'lian', name: '廉', weight: 0.15 },
];
export const DEFAULT_GROUPS: SurveyGroup[] = [
  { group: 'superior', weight: 0.3, minRaters: 1 },
  { group: 'peer', weight: 0.3, minRaters: 3 },
  { group: 'subordinate', weight: 0.2, minRaters: 3 },
  { group: 'recipient', weight: 0.2, minRaters: 3 },
];

/** The grades of a cycle kind, best first (the first is under the quota). */
export function gradesOf(kind: CycleKind): readonly Grade[] {
  return kind === 'quarterly' ? QUARTERLY_GRADE_LIST : ANNUAL_GRADE_LIST;
}

/** The sum of weights given in percent (the form's unit), to two decimals. */
export function percentSum(weights: readonly (number | null | undefined)[]): number {
  return Math.round(weights.reduce<number>((sum, w) => sum + (Number(w) || 0), 0) * 100) / 100;
}

/** Percent (20) → fraction (0.2), at most four decimals as the API takes. */
export function toFraction(percent: number): number {
  return Math.round(percent * 100) / 10_000;
}

/** Fraction (0.2) → percent (20). */
export function toPercent(fraction: number): number {
  return Math.round(fraction * 10_000) / 100;
}

/** A period of the cycle's kind: `YYYY` (年度, 专项) or `YYYY-Qn` (平时). */
export function periodOf(kind: CycleKind, year: number, quarter?: number): string {
  return kind === 'quarterly' ? `${year}-Q${quarter ?? 1}` : String(year);
}

/** `2026-Q3` → `2026年第3季度`, `2026` → `2026年度`. */
export function periodLabel(period: string): string {
  const match = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!match) return period;
  return match[2] ? `${match[1]}年第${match[2]}季度` : `${match[1]}年度`;
}

/**
 * Whether giving `grade` to a cadre of the sheet stays within the best grade's quota: `used` counts the best grades
 * entered (submitted or confirmed); the cadre's own best grade is already among them.
 */
export function withinQuota(grade: Grade, top: { grade: Grade; used: number; max: number }, current: { grade: Grade | null; status: AppraisalStatus }): boolean {
  if (grade !== top.grade) return true;
  const alreadyCounted = current.grade === top.grade && (current.status === 'submitted' || current.status === 'confirmed');
  return alreadyCounted || top.used < top.max;
}

/** Whether an appraisal can be graded (entered or revised) by its appraiser in an open cycle. */
export function gradable(status: AppraisalStatus, cycleOpen: boolean): boolean {
  return cycleOpen && status !== 'confirmed';
}

/** Percent of cadres whose grade is confirmed. */
export function progressPercent(department: { cadres: number; byStatus: { confirmed: number } }): number {
  return department.cadres ? Math.round((department.byStatus.confirmed / department.cadres) * 100) : 0;
}

/** The current year and quarter in Beijing time. */
export function beijingNow(now = Date.now()): { year: number; quarter: number } {
  const at = new Date(now + 8 * 3_600_000);
  return { year: at.getUTCFullYear(), quarter: Math.floor(at.getUTCMonth() / 3) + 1 };
}

export const STATUS_COLORS: Record<AppraisalStatus, string> = { pending: 'default', submitted: 'processing', returned: 'error', confirmed: 'success' };

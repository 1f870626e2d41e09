import { DEFAULT_APPRAISAL_GRADE_POINTS, gradesOf, type CycleKind, type ImpactLevel, type Rating, type ScoringStandard, type TaskFlag, type TaskVerdict } from '@cadre/contracts';

/**
 * Point arithmetic of docs/DOMAIN.md §3. Points are computed unrounded and turned into integer hundredths once per
 * ledger entry, by `toHundredths`; every sum afterwards is a sum of integers.
 */

/**
 * Points → integer hundredths, rounding halves away from zero (docs/DOMAIN.md §3). Binary floating point is
 * absorbed by first taking the scaled value to 12 significant digits: 19.2 × 100 = 1919.9999999999998 is
 * 1920, 1.005 × 100 = 100.49999999999999 is a half (→ 101). So 1/3 → 33, 2/3 → 67, 0.125 → 13, −0.005 → −1.
 * Throws on NaN and ±Infinity; never returns −0.
 */
export function toHundredths(points: number): number {
  if (!Number.isFinite(points)) throw new RangeError(`points must be a finite number, not ${points}`);
  const scaled = Number((Math.abs(points) * 100).toPrecision(12));
  const rounded = Math.sign(points) * Math.floor(scaled + 0.5);
  return rounded === 0 ? 0 : rounded;
}

/** Integer hundredths → points (`1920` → `19.2`). */
export function toPoints(hundredths: number): number {
  return hundredths / 100;
}

/** `1920` → `'19.20'`, `-5` → `'-0.05'`: for explanations. */
export function formatHundredths(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The base points of a first-level item: its own, or the standard's default. */
export function basePoints(standard: ScoringStandard, firstLevelCode: string): number {
  const table = standard.itemBasePoints.byFirstLevel;
  return Object.prototype.hasOwnProperty.call(table, firstLevelCode) ? table[firstLevelCode] : standard.itemBasePoints.default;
}

function multiplierOf<K extends string>(table: Record<K, number>, key: string, what: string): number {
  if (!Object.prototype.hasOwnProperty.call(table, key)) throw new RangeError(`unknown ${what}: ${key}`);
  return table[key as K];
}

export interface RecordPointsInput {
  firstLevelCode: string;
  /** The level the assessor confirmed (docs/DOMAIN.md §1: the claimed one when the assessor kept it). */
  confirmedImpactLevel: ImpactLevel | string;
  rating: Rating | string;
}

/**
 * A verified record's points, unrounded: base points of its first-level item × impact multiplier × rating
 * multiplier. `INVEST` at `city` rated `good` under the default standard: 8 × 2 × 1.2 = 19.2.
 * Throws on an impact level or rating the standard does not know.
 */
export function recordPoints(standard: ScoringStandard, input: RecordPointsInput): number {
  return (
    basePoints(standard, input.firstLevelCode) *
    multiplierOf(standard.impactMultipliers, input.confirmedImpactLevel, 'impact level') *
    multiplierOf(standard.ratingMultipliers, input.rating, 'rating')
  );
}

export interface TaskPointsInput {
  rewardPoints: number;
  verdict: TaskVerdict | string;
  flags: readonly (TaskFlag | string)[];
}

/**
 * A concluded task's points, unrounded: base reward × verdict multiplier × the flag multiplier when the task has
 * any 急难险重 flag. Reward 100, flag `hard`, verdict `pass` under the default standard: 100 × 1.0 × 1.5 = 150.
 */
export function taskPoints(standard: ScoringStandard, input: TaskPointsInput): number {
  if (!Number.isFinite(input.rewardPoints) || input.rewardPoints < 0) throw new RangeError(`reward points must be at least 0, not ${input.rewardPoints}`);
  const flagged = input.flags.length > 0 ? standard.flagMultiplier : 1;
  return input.rewardPoints * multiplierOf(standard.taskVerdictMultipliers, input.verdict, 'verdict') * flagged;
}

/**
 * A confirmed grade's points: the standard's `appraisalGradePoints` for the cycle's kind and the grade (年度 优秀 →
 * 10 under the default standard); the defaults for a standard stored before grades gave points. Not split, not
 * capped. Throws on a kind the standard does not know or a grade of the other scale (平时 优秀).
 */
export function gradePoints(standard: Pick<ScoringStandard, 'appraisalGradePoints'> | Partial<Pick<ScoringStandard, 'appraisalGradePoints'>>, cycleKind: CycleKind | string, grade: string): number {
  const table: Record<string, Record<string, number>> = standard.appraisalGradePoints ?? DEFAULT_APPRAISAL_GRADE_POINTS;
  const byGrade = Object.prototype.hasOwnProperty.call(table, cycleKind) ? table[cycleKind] : undefined;
  if (!byGrade) throw new RangeError(`unknown cycle kind: ${cycleKind}`);
  if (!(gradesOf(cycleKind as CycleKind) as readonly string[]).includes(grade)) throw new RangeError(`grade ${grade} is not of the ${cycleKind} scale`);
  return multiplierOf(byGrade, grade, 'grade');
}

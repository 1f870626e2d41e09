import type { AppraisalGradeV1, AppraisalSurveyResultV1, CycleKind, Grade } from '@cadre/contracts';
import type { Cell } from './cells';

/**
 * An appraisal (one cadre in one cycle, `<cycleId>:<cadreId>`) as analytics knows it: its latest state. Only a
 * `confirmed` grade counts anywhere; a return (even of a confirmed grade) takes it out again.
 */
export interface GradeFact {
  id: string;
  version: number;
  cycleId: string;
  cycleKind: CycleKind;
  cycleName: string;
  period: string;
  year: string;
  cadreId: string;
  departmentId: string;
  grade: Grade | null;
  status: string;
  /** When it reached its present state (the confirmation, for a confirmed grade). */
  at: string;
}

/** A cadre's 测评 result of one cycle, as the appraisal service published it when the survey closed. */
export interface SurveyFact {
  id: string;
  version: number;
  cycleId: string;
  cycleName: string;
  period: string;
  year: string;
  cadreId: string;
  departmentId: string;
  shown: boolean;
  overall: number | null;
  satisfaction: number | null;
  criteria: { code: string; name: string; score: number | null }[];
  at: string;
}

/** The fact after an event, or null when the event is not newer than it (a redelivery, a late copy). */
export function foldGrade(fact: GradeFact | null, data: AppraisalGradeV1): GradeFact | null {
  if (fact && fact.version >= data.version) return null;
  return {
    id: data.appraisalId,
    version: data.version,
    cycleId: data.cycleId,
    cycleKind: data.cycleKind,
    cycleName: data.cycleName,
    period: data.period,
    year: data.year,
    cadreId: data.cadreId,
    departmentId: data.departmentId,
    grade: data.grade,
    status: data.status,
    at: data.occurredAt,
  };
}

export function foldSurvey(fact: SurveyFact | null, data: AppraisalSurveyResultV1): SurveyFact | null {
  if (fact && fact.version >= data.version) return null;
  return {
    id: surveyIdOf(data),
    version: data.version,
    cycleId: data.cycleId,
    cycleName: data.cycleName,
    period: data.period,
    year: data.year,
    cadreId: data.cadreId,
    departmentId: data.departmentId,
    shown: data.shown,
    overall: data.overall,
    satisfaction: data.satisfaction,
    criteria: data.criteria.map((c) => ({ code: c.code, name: c.name, score: c.score })),
    at: data.occurredAt,
  };
}

export function surveyIdOf(data: Pick<AppraisalSurveyResultV1, 'cycleId' | 'cadreId'>): string {
  if (typeof data.cycleId !== 'string' || !data.cycleId || typeof data.cadreId !== 'string' || !data.cadreId) throw new Error('a survey result without a cycleId or a cadreId');
  return `${data.cycleId}:${data.cadreId}`;
}

/** A cadre's appraisal entries (`rows/rappr|<cadre>`): the portrait and the shortlist read them. */
export interface CadreGradeEntry {
  cycleName: string;
  kind: CycleKind;
  period: string;
  year: string;
  grade: Grade;
  at: string;
}

export interface CadreSurveyEntry {
  cycleName: string;
  period: string;
  year: string;
  overall: number | null;
  satisfaction: number | null;
  criteria: { code: string; name: string; score: number | null }[];
  at: string;
}

/** Scores are kept in hundredths: whole numbers add and subtract back to exactly zero. */
export const hundredths = (score: number) => Math.round(score * 100);

/**
 * A criterion's name as a path segment (names are free text: a `.` or `$` cannot be a key). Counted per name, so a
 * result removed takes its name's count with it; the reader shows the name most results gave.
 */
export const nameKey = (name: string) => Buffer.from(name, 'utf8').toString('base64url') || '_';
export const nameOfKey = (key: string) => (key === '_' ? '' : Buffer.from(key, 'base64url').toString('utf8'));

/**
 * What a confirmed grade adds (the APPRAISAL stream feeds these documents only):
 * - `rows/rgrd|<year>|<dept>`: `<kind>.<grade>` +1 under the department the cadre was graded in (own counts);
 * - `rows/rappr|<cadre>`: `grades.<cycleId>`, the entry of the portrait and the shortlist.
 */
export function gradeCells(fact: GradeFact): Cell[] {
  if (fact.status !== 'confirmed' || !fact.grade) return [];
  const entry: CadreGradeEntry = { cycleName: fact.cycleName, kind: fact.cycleKind, period: fact.period, year: fact.year, grade: fact.grade, at: fact.at };
  return [
    { collection: 'rows', doc: `rgrd|${fact.year}|${fact.departmentId}`, path: `${fact.cycleKind}.${fact.grade}`, value: 1 },
    { collection: 'rows', doc: `rappr|${fact.cadreId}`, path: `grades.${fact.cycleId}`, value: entry },
  ];
}

/**
 * What a shown 测评 result adds:
 * - `rows/rsvy|<year>|<dept>`: `cadres` +1; per criterion with a score `criteria.<code>.sum` (hundredths), `.n`, and
 *   `.names.<name key>`; `satisfaction.sum` / `.n`;
 * - `rows/rappr|<cadre>`: `surveys.<cycleId>`.
 */
export function surveyCells(fact: SurveyFact): Cell[] {
  if (!fact.shown) return [];
  const doc = `rsvy|${fact.year}|${fact.departmentId}`;
  const cells: Cell[] = [{ collection: 'rows', doc, path: 'cadres', value: 1 }];
  for (const criterion of fact.criteria) {
    if (criterion.score === null) continue;
    cells.push(
      { collection: 'rows', doc, path: `criteria.${criterion.code}.sum`, value: hundredths(criterion.score) },
      { collection: 'rows', doc, path: `criteria.${criterion.code}.n`, value: 1 },
      { collection: 'rows', doc, path: `criteria.${criterion.code}.names.${nameKey(criterion.name)}`, value: 1 },
    );
  }
  if (fact.satisfaction !== null) {
    cells.push({ collection: 'rows', doc, path: 'satisfaction.sum', value: hundredths(fact.satisfaction) }, { collection: 'rows', doc, path: 'satisfaction.n', value: 1 });
  }
  const entry: CadreSurveyEntry = { cycleName: fact.cycleName, period: fact.period, year: fact.year, overall: fact.overall, satisfaction: fact.satisfaction, criteria: fact.criteria, at: fact.at };
  cells.push({ collection: 'rows', doc: `rappr|${fact.cadreId}`, path: `surveys.${fact.cycleId}`, value: entry });
  return cells;
}

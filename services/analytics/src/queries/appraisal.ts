import {
  CYCLE_KIND_LABELS,
  GRADE_LABELS,
  type AnalyticsAppraisalView,
  type AppraisalGradeEntry,
  type AppraisalSurveyEntry,
  type Grade,
} from '@cadre/contracts';
import { nameOfKey, type CadreGradeEntry, type CadreSurveyEntry } from '../projection/domain/appraisal';
import type { ModelStore } from '../projection/model-store';
import type { Department, PeopleDirectory } from '../directory/people-directory';
import { docs, num, ratio, type Doc } from './read';
import type { Scope } from '../domain/access';

/** What the models hold of one cadre's appraisal (`rows/rappr|<cadre>`, held in memory). */
export interface CadreAppraisal {
  grades: Record<string, CadreGradeEntry>;
  surveys: Record<string, CadreSurveyEntry>;
}

export const appraisalDocId = (cadreId: string) => `rappr|${cadreId}`;

export async function cadreAppraisals(store: ModelStore, cadreIds: string[]): Promise<Map<string, CadreAppraisal>> {
  const found = await docs(store, 'rows', cadreIds.map(appraisalDocId));
  return new Map(cadreIds.map((id) => [id, appraisalOf(found.get(appraisalDocId(id)) ?? null)]));
}

function appraisalOf(doc: Doc): CadreAppraisal {
  return {
    grades: (doc?.grades as Record<string, CadreGradeEntry> | undefined) ?? {},
    surveys: (doc?.surveys as Record<string, CadreSurveyEntry> | undefined) ?? {},
  };
}

/** Newest first: by year, then when it was decided (an annual grade is confirmed after the year's quarters), then period. */
const newestFirst = <T extends { year: string; period: string; at: string }>(a: [string, T], b: [string, T]) =>
  b[1].year.localeCompare(a[1].year) || b[1].at.localeCompare(a[1].at) || b[1].period.localeCompare(a[1].period) || a[0].localeCompare(b[0]);

/** Confirmed grades, newest first; of the years `fromYear`–`toYear` when given. */
export function gradeEntries(appraisal: CadreAppraisal, years?: { from: string; to: string }): AppraisalGradeEntry[] {
  return Object.entries(appraisal.grades)
    .filter(([, g]) => !years || (g.year >= years.from && g.year <= years.to))
    .sort(newestFirst)
    .map(([cycleId, g]) => ({
      cycleId,
      cycleName: g.cycleName,
      kind: g.kind,
      kindLabel: CYCLE_KIND_LABELS[g.kind] ?? g.kind,
      period: g.period,
      grade: g.grade,
      gradeLabel: GRADE_LABELS[g.grade] ?? g.grade,
    }));
}

/** Shown 测评 results, newest first; of years up to `toYear` when given. */
export function surveyEntries(appraisal: CadreAppraisal, toYear?: string): AppraisalSurveyEntry[] {
  return Object.entries(appraisal.surveys)
    .filter(([, s]) => !toYear || s.year <= toYear)
    .sort(newestFirst)
    .map(([cycleId, s]) => ({ cycleId, cycleName: s.cycleName, period: s.period, overall: s.overall, satisfaction: s.satisfaction, criteria: s.criteria.map((c) => ({ code: c.code, name: c.name, score: c.score })) }));
}

/** The years a shortlist looks at for grades: the `gradeYears` years up to `period`. */
export function gradeWindow(period: string, gradeYears: number): { from: string; to: string } {
  return { from: String(Number(period) - gradeYears + 1), to: period };
}

/** Whether a cadre passes the shortlist's appraisal filters. */
export function passesAppraisal(grades: AppraisalGradeEntry[], satisfaction: number | null, filters: { withoutGrades?: Grade[]; minSatisfaction?: number }): boolean {
  if (filters.withoutGrades?.length && grades.some((g) => filters.withoutGrades!.includes(g.grade))) return false;
  if (filters.minSatisfaction !== undefined && (satisfaction === null || satisfaction < filters.minSatisfaction)) return false;
  return true;
}

type KindCounts = Record<string, Record<string, number>>;

function addKinds(into: KindCounts, doc: Doc): number {
  let total = 0;
  for (const [kind, byGrade] of Object.entries(doc ?? {})) {
    if (kind === '_id' || kind === 'seq' || !byGrade || typeof byGrade !== 'object') continue;
    for (const [grade, n] of Object.entries(byGrade as Record<string, unknown>)) {
      if (typeof n !== 'number' || !n) continue;
      into[kind] ??= {};
      into[kind][grade] = (into[kind][grade] ?? 0) + n;
      total += n;
    }
  }
  return total;
}

interface SurveySums {
  cadres: number;
  satisfaction: { sum: number; n: number };
  criteria: Map<string, { sum: number; n: number; names: Map<string, number> }>;
}

const emptySums = (): SurveySums => ({ cadres: 0, satisfaction: { sum: 0, n: 0 }, criteria: new Map() });

function addSurvey(into: SurveySums, doc: Doc): void {
  if (!doc) return;
  into.cadres += num(doc, 'cadres');
  const satisfaction = doc.satisfaction as Doc;
  into.satisfaction.sum += num(satisfaction, 'sum');
  into.satisfaction.n += num(satisfaction, 'n');
  for (const [code, c] of Object.entries((doc.criteria as Record<string, Record<string, unknown>> | undefined) ?? {})) {
    let found = into.criteria.get(code);
    if (!found) into.criteria.set(code, (found = { sum: 0, n: 0, names: new Map() }));
    found.sum += num(c, 'sum');
    found.n += num(c, 'n');
    for (const [key, n] of Object.entries((c.names as Record<string, number> | undefined) ?? {})) if (n) found.names.set(key, (found.names.get(key) ?? 0) + n);
  }
}

/** Averages of hundredths, 2 decimals. */
const averageOf = (sum: number, n: number) => ratio(sum / 100, n);

function surveyFigures(sums: SurveySums) {
  const criteria = [...sums.criteria]
    .filter(([, c]) => c.n > 0)
    .map(([code, c]) => {
      const name = [...c.names].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
      return { code, name: name === undefined ? code : nameOfKey(name), average: averageOf(c.sum, c.n), cadres: c.n };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  return { cadres: sums.cadres, satisfaction: sums.satisfaction.n ? averageOf(sums.satisfaction.sum, sums.satisfaction.n) : null, criteria };
}

/**
 * `GET /analytics/appraisal`: the scope's departments' own grade counts (`rows/rgrd|<year>|<dept>`) and 测评 sums
 * (`rows/rsvy|<year>|<dept>`), both held in memory; the scope's figures are their sums.
 */
export async function appraisalAnalytics(store: ModelStore, directory: PeopleDirectory, scope: Scope, period: string, asOf: Record<string, string | null>): Promise<AnalyticsAppraisalView> {
  const seen = new Set<string>();
  const departments: Department[] = scope.roots.flatMap((root) => directory.subtree(root.id)).filter((d) => !seen.has(d.id) && seen.add(d.id));
  const rows = await docs(store, 'rows', departments.flatMap((d) => [`rgrd|${period}|${d.id}`, `rsvy|${period}|${d.id}`]));
  const byKind: KindCounts = {};
  let total = 0;
  const all = emptySums();
  const gradeRows: AnalyticsAppraisalView['grades']['byDepartment'] = [];
  const surveyRows: AnalyticsAppraisalView['surveys']['byDepartment'] = [];
  for (const d of departments) {
    const grades = rows.get(`rgrd|${period}|${d.id}`) ?? null;
    const own: KindCounts = {};
    const n = addKinds(own, grades);
    addKinds(byKind, grades);
    total += n;
    if (n) gradeRows.push({ departmentId: d.id, departmentName: d.name, total: n, byKind: own });
    const survey = rows.get(`rsvy|${period}|${d.id}`) ?? null;
    addSurvey(all, survey);
    const sums = emptySums();
    addSurvey(sums, survey);
    if (sums.cadres) surveyRows.push({ departmentId: d.id, departmentName: d.name, ...surveyFigures(sums) });
  }
  return {
    period,
    scope: scope.view,
    grades: { byKind, total, byDepartment: gradeRows },
    surveys: { ...surveyFigures(all), byDepartment: surveyRows },
    asOf,
  };
}

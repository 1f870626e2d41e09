import type { ApplicationView, CandidateView, DrawnCandidate, FrozenEvidence, RoundView } from '@cadre/contracts';
import { problems } from '@cadre/platform';

/**
 * The draw of a round's candidates as the gateway composes it (docs/ARCHITECTURE.md "Selection": frozen evidence,
 * composed by the gateway): the shortlist's query per department from the round's criteria, the rows merged into the
 * best `limit` by points, and each row or application turned into the `DrawnCandidate` the selection service stores.
 */

/**
 * What `RPC.analytics.candidates` is asked: the public query as a client would send it (the service parses it with
 * `candidatesQuery`) and the internal `cadreIds` (`CandidatesRpcPayload`).
 */
export type ShortlistPayload = Record<string, string | number | string[]>;

/** Where a department sits in the tree (root → itself), for the candidate's `departmentPath`. */
export type DepartmentPaths = ReadonlyMap<string, string[]>;

/** The shortlist's query of one department with the round's criteria and rank level (`RPC.analytics.candidates`). */
export function shortlistQuery(round: Pick<RoundView, 'criteria' | 'rankLevel'>, departmentId: string): ShortlistPayload {
  const { criteria } = round;
  return {
    departmentId,
    limit: criteria.limit,
    gradeYears: criteria.gradeYears,
    ...(criteria.period ? { period: criteria.period } : {}),
    ...(round.rankLevel ? { rankLevel: round.rankLevel } : {}),
    ...(criteria.withoutGrades.length ? { withoutGrades: criteria.withoutGrades.join(',') } : {}),
    ...(criteria.minSatisfaction !== undefined ? { minSatisfaction: criteria.minSatisfaction } : {}),
  };
}

/** The evidence of exactly these cadres (named ones, applicants): only the period and the grade years count. */
export function namedCadresQuery(round: Pick<RoundView, 'criteria'>, cadreIds: string[]): ShortlistPayload {
  return {
    cadreIds,
    gradeYears: round.criteria.gradeYears,
    ...(round.criteria.period ? { period: round.criteria.period } : {}),
  };
}

export interface ShortlistAnswer {
  period: string;
  items: CandidateView[];
}

export interface ShortlistRow {
  period: string;
  row: CandidateView;
}

/**
 * The shortlists of the round's departments as one: each cadre once (departments listed with their subtrees may
 * overlap), most points first (then the better city-wide place, then the id, so the same answers draw the same
 * names), the best `limit`.
 */
export function mergeShortlists(answers: ShortlistAnswer[], limit: number): ShortlistRow[] {
  const byCadre = new Map<string, ShortlistRow>();
  for (const answer of answers) {
    for (const row of answer.items) if (!byCadre.has(row.cadreId)) byCadre.set(row.cadreId, { period: answer.period, row });
  }
  return [...byCadre.values()]
    .sort((a, b) => b.row.points - a.row.points || a.row.cityRank - b.row.cityRank || a.row.cadreId.localeCompare(b.row.cadreId))
    .slice(0, limit);
}

/**
 * The rows of named cadres in the order named: 400 naming `cadreIds.<i>` for each the analytics answer does not
 * contain (unknown, or not a cadre it knows for the period).
 */
export function namedRows(cadreIds: string[], answer: ShortlistAnswer): ShortlistRow[] {
  const byCadre = new Map(answer.items.map((row) => [row.cadreId, row]));
  const found = cadreIds.map((id) => byCadre.get(id));
  const missing = found.flatMap((row, index) => (row ? [] : [{ path: `cadreIds.${index}`, message: 'no such cadre with figures for the round’s period' }]));
  if (missing.length) throw problems.invalid(missing, '部分指定人员没有本期的实绩数据');
  return found.flatMap((row) => (row ? [{ period: answer.period, row }] : []));
}

/** A cadre's shortlist row, frozen: what the decision-makers read, whatever happens later. */
export function drawnCadre(entry: ShortlistRow, paths: DepartmentPaths, capturedAt: string, applicationId: string | null = null): DrawnCandidate {
  const { row, period } = entry;
  return {
    type: 'cadre',
    candidateId: row.cadreId,
    name: row.name,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    departmentPath: pathOf(paths, row.departmentId),
    rankLevel: row.rankLevel,
    title: row.title,
    applicationId,
    evidence: {
      capturedAt,
      period,
      points: row.points,
      byItem: row.byItem,
      cityRank: row.cityRank,
      cityCadres: row.cityCadres,
      topDecile: row.topDecile,
      evidence: row.evidence,
      grades: row.grades,
      satisfaction: row.satisfaction,
    },
  };
}

/**
 * An application drawn: a cadre applicant with their shortlist row (when analytics knows them for the period), a
 * department (先进集体), or a cadre without figures, with the application's records as the evidence and no points.
 */
export function drawnApplication(application: ApplicationView, row: ShortlistRow | undefined, paths: DepartmentPaths, capturedAt: string, period: string): DrawnCandidate {
  if (application.applicantType === 'cadre' && row) return drawnCadre(row, paths, capturedAt, application.id);
  const ownDepartment = application.applicantType === 'department' ? application.applicantId : application.departmentId;
  return {
    type: application.applicantType,
    candidateId: application.applicantId,
    name: application.applicantName,
    departmentId: application.departmentId,
    departmentName: application.departmentName,
    departmentPath: pathOf(paths, ownDepartment),
    rankLevel: null,
    title: '',
    applicationId: application.id,
    evidence: recordsOnlyEvidence(application, capturedAt, period),
  };
}

function recordsOnlyEvidence(application: ApplicationView, capturedAt: string, period: string): FrozenEvidence {
  const records = application.records.map((record) => ({
    recordId: record.recordId,
    title: record.title,
    itemCode: record.itemCode,
    rating: null,
    impactLevel: null,
    verifiedAt: record.verifiedAt ?? capturedAt,
    points: null,
  }));
  return {
    capturedAt,
    period,
    points: null,
    byItem: {},
    cityRank: null,
    cityCadres: null,
    topDecile: null,
    // The application's records are verified ones (checked when it was filed): counted as such.
    evidence: { records, tasks: [], ratings: {}, verifiedRecords: records.length, concludedTasks: 0 },
    grades: [],
    satisfaction: null,
  };
}

function pathOf(paths: DepartmentPaths, departmentId: string): string[] {
  return paths.get(departmentId) ?? [departmentId];
}

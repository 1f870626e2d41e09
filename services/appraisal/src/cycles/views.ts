import {
  APPRAISAL_ACTION_LABELS,
  APPRAISAL_STATUS_LABELS,
  CYCLE_KIND_LABELS,
  CYCLE_STATUS_LABELS,
  GRADE_LABELS,
  RANK_LEVELS,
  gradesOf,
  labelOf,
  type AppraisalView,
  type CycleDepartmentView,
  type CycleView,
  type RankLevel,
} from '@cadre/contracts';
import type { ReplicaUser } from '@cadre/directory';
import type { CycleDocument, DepartmentProgress, SheetDocument } from './cycle.schema';
import { progressOf } from './progress';
import { topGradeMax, topGradeOf, type HistoryStep, type SheetEntry } from './domain/sheet';

const iso = (at: Date | string | null | undefined): string | null => (at ? new Date(at).toISOString() : null);

export function rankLevelOf(value: string | null | undefined): RankLevel | null {
  return value && (RANK_LEVELS as readonly string[]).includes(value) ? (value as RankLevel) : null;
}

/** A department's progress: cadres, counts by status and the best grade's quota. */
export function departmentView(cycle: CycleDocument, sheet: SheetDocument, departmentName: string): CycleDepartmentView {
  return progressView(cycle, sheet.departmentId, progressOf(cycle, sheet), departmentName);
}

/** A department's progress from its kept summary. */
export function progressView(cycle: CycleDocument, departmentId: string, progress: DepartmentProgress, departmentName: string): CycleDepartmentView {
  return {
    departmentId,
    departmentName,
    cadres: progress.cadres,
    byStatus: { ...progress.byStatus },
    topGrade: { grade: topGradeOf(cycle.kind), used: progress.topUsed, max: topGradeMax(cycle.topGradeQuota, progress.cadres) },
  };
}

export function cycleView(cycle: CycleDocument, departments: CycleDepartmentView[]): CycleView {
  const surveyClosed = !!cycle.surveyClosedAt || cycle.status === 'closed';
  return {
    id: cycle._id,
    kind: cycle.kind,
    kindLabel: CYCLE_KIND_LABELS[cycle.kind],
    name: cycle.name,
    period: cycle.period,
    status: cycle.status,
    statusLabel: CYCLE_STATUS_LABELS[cycle.status],
    topGradeQuota: cycle.topGradeQuota,
    dueDate: cycle.dueDate ?? null,
    departmentIds: cycle.departmentIds,
    departments,
    survey: cycle.survey
      ? {
          status: surveyClosed ? 'closed' : 'open',
          criteria: cycle.survey.criteria,
          groups: cycle.survey.groups,
          closedAt: surveyClosed ? iso(cycle.surveyClosedAt ?? cycle.closedAt) : null,
        }
      : null,
    createdBy: { id: cycle.createdBy.id, name: cycle.createdBy.name },
    createdAt: iso(cycle.createdAt)!,
    closedAt: iso(cycle.closedAt),
    version: cycle.version,
  };
}

export function historyView(steps: HistoryStep[], names: Map<string, string>): AppraisalView['history'] {
  return steps.map((s) => ({
    at: iso(s.at)!,
    action: s.action,
    actionLabel: APPRAISAL_ACTION_LABELS[s.action],
    by: { id: s.byId, name: names.get(s.byId) ?? s.byName },
    grade: s.grade ?? null,
    comment: s.comment ?? '',
  }));
}

/** One appraisal, names as the directory replica has them now (the roster's copy when it has none). */
export function appraisalView(
  sheet: SheetDocument,
  entry: SheetEntry,
  people: Map<string, ReplicaUser>,
  departmentName: string,
): AppraisalView {
  const cadre = people.get(entry.cadreId);
  const names = new Map([...people].map(([id, u]) => [id, u.name]));
  return {
    id: `${sheet.cycleId}:${entry.cadreId}`,
    cycleId: sheet.cycleId,
    cadreId: entry.cadreId,
    name: cadre?.name ?? entry.name,
    title: cadre?.title ?? entry.title ?? '',
    rankLevel: rankLevelOf(cadre?.rankLevel ?? entry.rankLevel),
    departmentId: sheet.departmentId,
    departmentName,
    grade: entry.grade ?? null,
    gradeLabel: labelOf(GRADE_LABELS, entry.grade),
    comment: entry.comment ?? '',
    status: entry.status,
    statusLabel: APPRAISAL_STATUS_LABELS[entry.status],
    version: entry.version,
    updatedAt: iso(entry.updatedAt),
    history: historyView(entry.history ?? [], names),
  };
}

export function gradesList(kind: CycleDocument['kind']) {
  return gradesOf(kind).map((grade) => ({ grade, label: GRADE_LABELS[grade] }));
}

/** The people an entry names (the cadre and everyone in its history). */
export function peopleOf(entries: SheetEntry[]): string[] {
  return [...new Set(entries.flatMap((e) => [e.cadreId, ...(e.history ?? []).map((h) => h.byId)]))];
}

import { gradesOf, type AppraisalStatus, type CycleKind, type Grade } from '@cadre/contracts';

/** One step of an appraisal's history. */
export interface HistoryStep {
  at: Date;
  action: 'grade' | 'revise' | 'return' | 'confirm';
  byId: string;
  byName: string;
  grade: Grade | null;
  comment: string;
}

/** One cadre's appraisal in a sheet (the department's 评定表). */
export interface SheetEntry {
  cadreId: string;
  /** As the roster took them (the views prefer the directory replica's current values). */
  name: string;
  title: string;
  rankLevel: string | null;
  grade: Grade | null;
  comment: string;
  status: AppraisalStatus;
  /** Grows with each change of this entry (0 while never graded). */
  version: number;
  updatedAt: Date | null;
  history: HistoryStep[];
}

export interface Actor {
  userId: string;
  name: string;
}

/** A refusal of a domain rule; the use case turns it into a 409 (or 400 for `field`). */
export class GradingRefusal extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'GradingRefusal';
  }
}

/** The best grade of a cycle's scale (优秀 / 好): the one under the quota. */
export function topGradeOf(kind: CycleKind): Grade {
  return gradesOf(kind)[0]!;
}

/** floor(quota × cadres), robust to binary fractions (0.29 × 100 is 29). */
export function topGradeMax(quota: number, cadres: number): number {
  return Math.floor(quota * cadres + 1e-9);
}

/** Entries holding the best grade entered: submitted or confirmed. */
export function topGradeUsed(entries: Iterable<SheetEntry>, top: Grade, except?: string): number {
  let used = 0;
  for (const e of entries) if (e.cadreId !== except && e.grade === top && (e.status === 'submitted' || e.status === 'confirmed')) used++;
  return used;
}

export function countByStatus(entries: Iterable<SheetEntry>): Record<AppraisalStatus, number> {
  const counts: Record<AppraisalStatus, number> = { pending: 0, submitted: 0, returned: 0, confirmed: 0 };
  for (const e of entries) counts[e.status]++;
  return counts;
}

function quotaFull(kind: CycleKind, cadres: number, max: number): GradingRefusal {
  const label = kind === 'quarterly' ? '好' : '优秀';
  return new GradingRefusal(`${label}名额已满：本单位 ${cadres} 名干部，上限 ${max} 名`);
}

export interface SheetRules {
  kind: CycleKind;
  topGradeQuota: number;
}

/**
 * An appraiser enters or revises a grade (from 未评定, 待审核 or 已退回) → 待审核. Refuses a grade of the other scale
 * (field `grade`), a stale version, a confirmed appraisal, and the best grade past the department's quota.
 */
export function gradeEntry(
  rules: SheetRules,
  entries: Record<string, SheetEntry>,
  cadreId: string,
  input: { grade: Grade; comment: string; version: number },
  actor: Actor,
  at: Date,
): SheetEntry {
  const entry = entries[cadreId];
  if (!entry) throw new GradingRefusal('No such appraisal.');
  if (!gradesOf(rules.kind).includes(input.grade)) {
    throw new GradingRefusal(`must be one of ${gradesOf(rules.kind).join(', ')} (the grades of this cycle)`, 'grade');
  }
  if (input.version !== entry.version) throw new GradingRefusal(`Stale version: the appraisal is at version ${entry.version}.`);
  if (entry.status === 'confirmed') throw new GradingRefusal('该评定已确认，不能修改（需考核部门先退回）');
  const top = topGradeOf(rules.kind);
  if (input.grade === top) {
    const cadres = Object.keys(entries).length;
    const max = topGradeMax(rules.topGradeQuota, cadres);
    if (topGradeUsed(Object.values(entries), top, cadreId) + 1 > max) throw quotaFull(rules.kind, cadres, max);
  }
  const action = entry.status === 'pending' ? 'grade' : 'revise';
  return {
    ...entry,
    grade: input.grade,
    comment: input.comment,
    status: 'submitted',
    version: entry.version + 1,
    updatedAt: at,
    history: [...entry.history, { at, action, byId: actor.userId, byName: actor.name, grade: input.grade, comment: input.comment }],
  };
}

/**
 * The assessor confirms a 待审核 appraisal (the quota checked again) or returns a 待审核 or 已确认 one (with a comment).
 */
export function reviewEntry(
  rules: SheetRules,
  entries: Record<string, SheetEntry>,
  cadreId: string,
  input: { decision: 'confirm' | 'return'; comment: string; version: number },
  actor: Actor,
  at: Date,
): SheetEntry {
  const entry = entries[cadreId];
  if (!entry) throw new GradingRefusal('No such appraisal.');
  if (input.version !== entry.version) throw new GradingRefusal(`Stale version: the appraisal is at version ${entry.version}.`);
  if (input.decision === 'confirm') {
    if (entry.status !== 'submitted') throw new GradingRefusal(`只能确认待审核的评定（当前：${statusText(entry.status)}）`);
    const top = topGradeOf(rules.kind);
    if (entry.grade === top) {
      const cadres = Object.keys(entries).length;
      const max = topGradeMax(rules.topGradeQuota, cadres);
      if (topGradeUsed(Object.values(entries), top, cadreId) + 1 > max) throw quotaFull(rules.kind, cadres, max);
    }
  } else {
    if (entry.status !== 'submitted' && entry.status !== 'confirmed') throw new GradingRefusal(`只能退回待审核或已确认的评定（当前：${statusText(entry.status)}）`);
    if (!input.comment) throw new GradingRefusal('a return needs a comment (退回理由)', 'comment');
  }
  const status = input.decision === 'confirm' ? 'confirmed' : 'returned';
  return {
    ...entry,
    status,
    version: entry.version + 1,
    updatedAt: at,
    history: [...entry.history, { at, action: input.decision, byId: actor.userId, byName: actor.name, grade: entry.grade, comment: input.comment }],
  };
}

function statusText(status: AppraisalStatus): string {
  return { pending: '未评定', submitted: '待审核', returned: '已退回', confirmed: '已确认' }[status];
}

/** A fresh entry of the roster. */
export function pendingEntry(cadre: { cadreId: string; name: string; title: string; rankLevel: string | null }): SheetEntry {
  return { ...cadre, grade: null, comment: '', status: 'pending', version: 0, updatedAt: null, history: [] };
}

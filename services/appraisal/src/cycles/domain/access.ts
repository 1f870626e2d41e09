import { isWithinSubtree, type Caller } from '@cadre/contracts';

const has = (caller: Caller, role: string) => caller.roles.includes(role as never);

/** Assessors and admins see every department of a cycle. */
export function seesAll(caller: Caller): boolean {
  return has(caller, 'assessor') || has(caller, 'admin');
}

/** Whether the caller may see a department's appraisals (sheet, progress): appraisers and reviewers of its subtree, assessors, admins. */
export function maySeeDepartment(caller: Caller, departmentPath: readonly string[]): boolean {
  if (seesAll(caller)) return true;
  return (has(caller, 'appraiser') || has(caller, 'reviewer')) && isWithinSubtree(departmentPath, caller.departmentId);
}

/** Whether the caller holds a role that may see some sheet at all (403 otherwise). */
export function maySeeSheets(caller: Caller): boolean {
  return seesAll(caller) || has(caller, 'appraiser') || has(caller, 'reviewer');
}

export type Refusal = { status: 403; detail: string } | null;

/** An appraiser of the cadre's department subtree, never the cadre. */
export function mayGrade(caller: Caller, cadreId: string, departmentPath: readonly string[]): Refusal {
  if (!has(caller, 'appraiser')) return { status: 403, detail: '只有考核专员可以评定等次' };
  if (caller.userId === cadreId) return { status: 403, detail: '不能评定自己的等次' };
  if (!isWithinSubtree(departmentPath, caller.departmentId)) return { status: 403, detail: '只能评定本单位（含下级单位）干部的等次' };
  return null;
}

/** An assessor, never the cadre. */
export function mayReview(caller: Caller, cadreId: string): Refusal {
  if (!has(caller, 'assessor')) return { status: 403, detail: '只有考核部门（assessor）可以审核评定' };
  if (caller.userId === cadreId) return { status: 403, detail: '不能审核自己的评定' };
  return null;
}

/** The combined view of a cadre: the cadre, reviewers and appraisers of their subtree, assessors, admins. */
export function maySeeCadre(caller: Caller, cadreId: string, departmentPath: readonly string[]): boolean {
  return caller.userId === cadreId || maySeeDepartment(caller, departmentPath);
}

import { isWithinSubtree, type Caller, type CandidateType } from '@cadre/contracts';
import type { Applicant, ApplicationEntry } from './application';

const has = (caller: Caller, role: string) => caller.roles.includes(role as never);

/** The organisation department (assessors and admins) sees every application. */
export function seesAll(caller: Caller): boolean {
  return has(caller, 'assessor') || has(caller, 'admin');
}

/** Who may list a round's applications at all: reviewers (their subtree), assessors, admins. */
export function mayListApplications(caller: Caller): boolean {
  return seesAll(caller) || has(caller, 'reviewer');
}

/** Whether the caller sees an application of a department with this path. */
export function maySeeApplication(caller: Caller, departmentPath: readonly string[]): boolean {
  return seesAll(caller) || (has(caller, 'reviewer') && isWithinSubtree(departmentPath, caller.departmentId));
}

/** A refusal (403) in Chinese, or null. */
export type Refusal = string | null;

/** A cadre applies for themselves; a reviewer for a department of their subtree (先进集体). */
export function maySubmit(caller: Caller, applicantType: CandidateType, applicant: Applicant): Refusal {
  if (applicantType === 'cadre') {
    if (!has(caller, 'cadre')) return '只有干部本人可以申报个人奖项';
    if (applicant.id !== caller.userId) return '干部只能为本人申报';
    return null;
  }
  if (!has(caller, 'reviewer')) return '只有本单位（含上级单位）的审核人可以为单位申报';
  if (!isWithinSubtree(applicant.departmentPath, caller.departmentId)) return '只能为本单位（含下级单位）申报集体奖项';
  return null;
}

/** A reviewer of the applicant's department subtree, never the applicant nor who submitted it. */
export function mayRecommend(caller: Caller, entry: ApplicationEntry): Refusal {
  if (!has(caller, 'reviewer')) return '只有审核人可以提出推荐意见';
  if (caller.userId === entry.applicantId) return '不能推荐自己的申报';
  if (caller.userId === entry.submittedBy.id) return '不能推荐自己提交的申报';
  if (!isWithinSubtree(entry.departmentPath, caller.departmentId)) return '只能推荐本单位（含下级单位）的申报';
  return null;
}

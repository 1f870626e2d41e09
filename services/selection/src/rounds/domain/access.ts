import type { Caller } from '@cadre/contracts';
import { problems } from '@cadre/platform';

/** The organisation department (组织部): assessors and admins manage and read every round. */
export function isOrganisation(caller: Pick<Caller, 'roles'>): boolean {
  return caller.roles.includes('assessor') || caller.roles.includes('admin');
}

/** 403 unless the caller manages rounds (every command but the objection, and every read but notices and mine). */
export function requireOrganisation(caller: Pick<Caller, 'roles'>, what = '管理选任工作'): void {
  if (!isOrganisation(caller)) throw problems.forbidden(`只有组织部门（考核部门、管理员）可以${what}`);
}

/** A candidate never objects to themselves. */
export function requireNotCandidate(callerId: string, candidateId: string): void {
  if (callerId === candidateId) throw problems.forbidden('不能对自己提出异议');
}

/** Whether a department path lies within one of the round's departments (each with its subtree). */
export function withinRound(departmentIds: readonly string[], departmentPath: readonly string[]): boolean {
  return departmentIds.some((id) => departmentPath.includes(id));
}

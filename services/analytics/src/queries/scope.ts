import type { AnalyticsScopeView, Caller } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { Department, PeopleDirectory, Person } from '../directory/people-directory';

/** Who reads what (API.md "Analytics"): the one place these rules live. */
export const mayReadCityWide = (caller: Caller) => caller.roles.includes('admin') || caller.roles.includes('assessor');

export interface Scope {
  /** The roots of the subtrees covered (normally one department). */
  roots: Department[];
  view: AnalyticsScopeView;
}

/**
 * The subtree an overview or a departments table covers: city-wide for assessors and admins, the reviewer's own
 * department subtree for reviewers; a `departmentId` narrows it and must lie within it (403 otherwise).
 */
export function dashboardScope(directory: PeopleDirectory, caller: Caller, departmentId: string | undefined): Scope {
  const cityWide = mayReadCityWide(caller);
  if (!cityWide && !caller.roles.includes('reviewer')) throw problems.forbidden('Dashboards are for reviewers, assessors and administrators.');
  if (departmentId) {
    const department = directory.department(departmentId);
    if (!department) throw problems.notFound('No such department.');
    if (!cityWide && !department.path.includes(caller.departmentId)) throw problems.forbidden('A reviewer sees their own department subtree only.');
    return scopeOf([department]);
  }
  if (cityWide) return scopeOf(directory.roots());
  const own = directory.department(caller.departmentId) ?? { id: caller.departmentId, name: '', parentId: null, path: caller.departmentPath, version: 0 };
  return scopeOf([own]);
}

/** The subtree a candidate shortlist covers (assessors and admins only). */
export function shortlistScope(directory: PeopleDirectory, caller: Caller, departmentId: string | undefined): Scope {
  if (!mayReadCityWide(caller)) throw problems.forbidden('The candidate shortlist is for assessors and administrators.');
  if (!departmentId) return scopeOf(directory.roots());
  const department = directory.department(departmentId);
  if (!department) throw problems.notFound('No such department.');
  return scopeOf([department]);
}

/** A portrait is for the cadre, and those who may see their score: reviewers of their subtree, assessors, admins. */
export function mayReadPortrait(caller: Caller, person: Person): boolean {
  if (caller.userId === person.id || mayReadCityWide(caller)) return true;
  return caller.roles.includes('reviewer') && person.departmentPath.includes(caller.departmentId);
}

function scopeOf(roots: Department[]): Scope {
  if (roots.length === 1) return { roots, view: { departmentId: roots[0]!.id, departmentName: roots[0]!.name } };
  return { roots, view: { departmentId: '*', departmentName: roots.map((r) => r.name).join('、') || '全部' } };
}

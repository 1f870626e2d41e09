import { isWithinSubtree, type AnalyticsScopeView, type Caller } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { Department, Person } from '../directory/people-directory';

/**
 * Who reads what in analytics (docs/API.md "Analytics"): the one place these rules live.
 * - Dashboards (overview, departments): assessors and admins city-wide, reviewers their own department subtree.
 * - The candidate shortlist: assessors and admins.
 * - A portrait: the cadre, and those who may see their score (reviewers and appraisers of their subtree, assessors,
 *   admins).
 * - Rebuilding the models, and following a rebuild: admins.
 */

/** What the rules read of the directory. */
export interface DepartmentLookup {
  department(id: string): Department | undefined;
  /** Departments without a parent (normally the city). */
  roots(): Department[];
}

export interface Scope {
  /** The roots of the subtrees covered (normally one department). */
  roots: Department[];
  view: AnalyticsScopeView;
}

const has = (caller: Caller, role: string) => caller.roles.includes(role as never);

export const mayReadCityWide = (caller: Caller) => has(caller, 'admin') || has(caller, 'assessor');

/**
 * The subtree an overview or a departments table covers: city-wide for assessors and admins, the reviewer's own
 * department subtree for reviewers; a `departmentId` narrows it and must lie within it (403 otherwise).
 */
export function dashboardScope(directory: DepartmentLookup, caller: Caller, departmentId: string | undefined): Scope {
  const cityWide = mayReadCityWide(caller);
  if (!cityWide && !has(caller, 'reviewer')) throw problems.forbidden('Dashboards are for reviewers, assessors and administrators.');
  if (departmentId) {
    const department = directory.department(departmentId);
    if (!department) throw problems.notFound('No such department.');
    if (!cityWide && !isWithinSubtree(department.path, caller.departmentId)) throw problems.forbidden('A reviewer sees their own department subtree only.');
    return scopeOf([department]);
  }
  if (cityWide) return scopeOf(directory.roots());
  const own = directory.department(caller.departmentId) ?? { id: caller.departmentId, name: '', parentId: null, path: caller.departmentPath, version: 0 };
  return scopeOf([own]);
}

/** The subtree a candidate shortlist covers (assessors and admins only). */
export function shortlistScope(directory: DepartmentLookup, caller: Caller, departmentId: string | undefined): Scope {
  if (!mayReadCityWide(caller)) throw problems.forbidden('The candidate shortlist is for assessors and administrators.');
  if (!departmentId) return scopeOf(directory.roots());
  const department = directory.department(departmentId);
  if (!department) throw problems.notFound('No such department.');
  return scopeOf([department]);
}

/** A portrait is for the cadre, and those who may see their score: reviewers and appraisers of their subtree, assessors, admins. */
export function mayReadPortrait(caller: Caller, person: Pick<Person, 'id' | 'departmentPath'>): boolean {
  if (caller.userId === person.id || mayReadCityWide(caller)) return true;
  return (has(caller, 'reviewer') || has(caller, 'appraiser')) && isWithinSubtree(person.departmentPath, caller.departmentId);
}

/** Rebuilding the read models from the streams, and following a rebuild. */
export const mayRebuild = (caller: Caller) => has(caller, 'admin');

function scopeOf(roots: Department[]): Scope {
  if (roots.length === 1) return { roots, view: { departmentId: roots[0]!.id, departmentName: roots[0]!.name } };
  return { roots, view: { departmentId: '*', departmentName: roots.map((r) => r.name).join('、') || '全部' } };
}

/** A scope as an answer-cache key: the ids of its roots. */
export const scopeKey = (scope: Scope) => scope.roots.map((root) => root.id).join(',');

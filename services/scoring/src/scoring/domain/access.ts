import { isWithinSubtree, type Caller } from '@cadre/contracts';
import { problems, requireCaller } from '@cadre/platform';

/**
 * Who may do what in scoring (docs/DOMAIN.md "People and roles", docs/API.md "Scoring"): the one place these rules live.
 * - A score: the cadre, reviewers and appraisers (考核专员: they grade the cadre, with the points in view) whose
 *   department subtree holds the cadre's department, assessors and admins.
 * - Rankings and standards are read by anyone signed in.
 * - Standards are managed (drafted, dry run, activated) and rankings recalculated (and their jobs followed) by
 *   admins only.
 */

const has = (caller: Caller, role: string) => caller.roles.includes(role as never);

/** Assessors and admins read every cadre's score, city-wide. */
export function readsScoresCityWide(caller: Caller): boolean {
  return has(caller, 'assessor') || has(caller, 'admin');
}

/** Reviewers and appraisers read the scores of their department subtree. */
function readsScoresOfSubtree(caller: Caller): boolean {
  return has(caller, 'reviewer') || has(caller, 'appraiser');
}

/** Whether `mayReadScore` needs the cadre's department: only when a reviewer or appraiser reads another cadre's score. */
export function scoreAccessNeedsDepartment(caller: Caller, cadreId: string): boolean {
  return caller.userId !== cadreId && !readsScoresCityWide(caller) && readsScoresOfSubtree(caller);
}

/**
 * A score (`GET /scores/:cadreId`). `cadreDepartmentPath` is the cadre's department path as the directory knows it
 * (null when it does not know the cadre: then only the cadre, assessors and admins may read).
 */
export function mayReadScore(caller: Caller, cadreId: string, cadreDepartmentPath: readonly string[] | null): boolean {
  if (caller.userId === cadreId || readsScoresCityWide(caller)) return true;
  return readsScoresOfSubtree(caller) && !!cadreDepartmentPath && isWithinSubtree(cadreDepartmentPath, caller.departmentId);
}

/**
 * Whether `GET /scores/:cadreId` names a cadre (404 otherwise, rather than a score of zeros that says nothing): the
 * caller themself (their token proves them), a user the directory knows with the cadre role, or anyone the ledger
 * holds entries for (a former cadre keeps their history).
 */
export function isKnownCadre(caller: Caller, cadreId: string, directoryRoles: readonly string[] | null, hasLedgerEntries: boolean): boolean {
  return caller.userId === cadreId || hasLedgerEntries || (directoryRoles ?? []).includes('cadre');
}

export const NO_SUCH_CADRE = 'No such cadre.';

export const SCORE_REFUSAL = 'Only the cadre, reviewers and appraisers of the cadre’s department, assessors and admins see this score.';

/** Drafting, dry-running and activating a scoring standard. */
export function mayManageStandards(caller: Caller): boolean {
  return has(caller, 'admin');
}

/** Recalculating the rankings and following a recalculation (or activation) job. */
export function mayRecalculateRankings(caller: Caller): boolean {
  return has(caller, 'admin');
}

export const ADMIN_ONLY = 'Only an admin may do this.';

/** The signed-in caller (401 otherwise), when `allowed` says they may (403 otherwise). */
export function requireAllowed(caller: Caller | undefined, allowed: (caller: Caller) => boolean, refusal = ADMIN_ONLY): Caller {
  const who = requireCaller(caller);
  if (!allowed(who)) throw problems.forbidden(refusal);
  return who;
}

import { isWithinSubtree, type Caller } from '@cadre/contracts';
import { problems } from '@cadre/platform';

/**
 * Who may see and change what of a survey (docs/API.md "Appraisal"): appraisers of the department's subtree,
 * assessors and admins see participation and results; appraisers of the cadre's department subtree and admins
 * edit raters (never the cadre their own); only admins close a survey. Raters see only their own ballots.
 */
const isAdmin = (caller: Caller) => caller.roles.includes('admin');
const isAssessor = (caller: Caller) => caller.roles.includes('assessor');
const isAppraiserOf = (caller: Caller, departmentPath: readonly string[]) => caller.roles.includes('appraiser') && isWithinSubtree(departmentPath, caller.departmentId);

/** `GET …/survey?departmentId=` of a department whose path (root → it) is `departmentPath`. */
export function canViewSurvey(caller: Caller, departmentPath: readonly string[]): boolean {
  return isAdmin(caller) || isAssessor(caller) || isAppraiserOf(caller, departmentPath);
}

export function assertCanViewSurvey(caller: Caller, departmentPath: readonly string[]): void {
  if (!canViewSurvey(caller, departmentPath)) throw problems.forbidden('Only appraisers of this department, assessors and admins see its survey.');
}

/** `PUT …/survey/raters/:cadreId`. */
export function assertCanEditRaters(caller: Caller, cadre: { cadreId: string; departmentPath: readonly string[] }): void {
  if (caller.userId === cadre.cadreId) throw problems.forbidden('A cadre does not choose their own raters.');
  if (!isAdmin(caller) && !isAppraiserOf(caller, cadre.departmentPath)) {
    throw problems.forbidden("Only appraisers of the cadre's department and admins edit raters.");
  }
}

/** `POST …/survey/close`. */
export function assertCanCloseSurvey(caller: Caller): void {
  if (!isAdmin(caller)) throw problems.forbidden('Only admins close a survey.');
}

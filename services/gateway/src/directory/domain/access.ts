import type { Caller, Role } from '@cadre/contracts';
import { problems } from '@cadre/platform';

/**
 * Who may do what in the directory (docs/DOMAIN.md, "People and roles"). Every rule is city-wide: an administrator
 * manages every department and user whatever their own department is, and no other role manages anything, not
 * even within its own department subtree. Reading the department tree and one's own profile needs only a signed-in
 * caller (the auth guard's authentication), so it has no rule here.
 */

/** The roles that manage departments and users (the routes' `@Roles` guard refuses the others before validation). */
export const DIRECTORY_MANAGERS: readonly Role[] = ['admin'];

export type Decision = { allowed: true } | { allowed: false; reason: string };

const allowed: Decision = { allowed: true };
const managers = (caller: Pick<Caller, 'roles'>) => DIRECTORY_MANAGERS.some((role) => caller.roles.includes(role));
const needsManager: Decision = { allowed: false, reason: `This needs one of the roles: ${DIRECTORY_MANAGERS.join(', ')}.` };

/** Create, rename, recode or move a department (a move carries its subtree and its users along). */
export function mayManageDepartments(caller: Pick<Caller, 'roles'>): Decision {
  return managers(caller) ? allowed : needsManager;
}

/** Create a user, or change one: department, roles, rank, title, deactivation, a new password. */
export function mayManageUsers(caller: Pick<Caller, 'roles'>): Decision {
  return managers(caller) ? allowed : needsManager;
}

/** List or export users (any department: there is no department-scoped listing). */
export function mayListUsers(caller: Pick<Caller, 'roles'>): Decision {
  return managers(caller) ? allowed : needsManager;
}

/** Read one user: an administrator, or the user themself (a colleague of the same department may not). */
export function mayReadUser(caller: Pick<Caller, 'roles' | 'userId'>, userId: string): Decision {
  if (managers(caller) || caller.userId === userId) return allowed;
  return { allowed: false, reason: 'Only administrators may read other users.' };
}

/** A refused decision as the 403 the caller gets. */
export function enforce(decision: Decision): void {
  if (!decision.allowed) throw problems.forbidden(decision.reason);
}

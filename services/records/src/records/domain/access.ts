import { isWithinSubtree, type Caller, type Role } from '@cadre/contracts';

/**
 * Every role and department rule of the records service: who files, edits, submits, reviews, assesses, revokes,
 * answers a share, publishes the taxonomy, sees and lists. Use cases ask here and nowhere else.
 */

/** What the access rules need of a record. */
export interface RecordAccessFacts {
  cadreId: string;
  departmentPath: string[];
  participantIds: string[];
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

const has = (caller: Caller, role: Role) => caller.roles.includes(role);
const allowed: Decision = { allowed: true };
const refused = (reason: string): Decision => ({ allowed: false, reason });

export function takesPart(caller: Caller, record: RecordAccessFacts): boolean {
  return record.cadreId === caller.userId || record.participantIds.includes(caller.userId);
}

/**
 * Visibility (docs/API.md): cadres see their own records and those they take part in; reviewers their department
 * subtree; assessors and admins all. A record the caller may not see answers 404, never 403.
 */
export function canSee(caller: Caller, record: RecordAccessFacts): boolean {
  if (has(caller, 'admin') || has(caller, 'assessor')) return true;
  if (takesPart(caller, record)) return true;
  return has(caller, 'reviewer') && isWithinSubtree(record.departmentPath, caller.departmentId);
}

/** Filing (报送): cadres only. */
export function mayFile(caller: Caller): Decision {
  return has(caller, 'cadre') ? allowed : refused('Only cadres file records.');
}

/** Editing a draft: the filer alone (co-participants answer their share instead). */
export function mayEdit(caller: Caller, record: RecordAccessFacts): Decision {
  return record.cadreId === caller.userId ? allowed : refused('Only the filer edits a record.');
}

/** Submitting: the filer alone. */
export function maySubmit(caller: Caller, record: RecordAccessFacts): Decision {
  return record.cadreId === caller.userId ? allowed : refused('Only the filer submits a record.');
}

/** Withdrawing a submitted record before review (撤回): the filer alone. */
export function mayWithdraw(caller: Caller, record: RecordAccessFacts): Decision {
  return record.cadreId === caller.userId ? allowed : refused('Only the filer withdraws a record.');
}

/** Deleting a draft: the filer alone. */
export function mayDelete(caller: Caller, record: RecordAccessFacts): Decision {
  return record.cadreId === caller.userId ? allowed : refused('Only the filer deletes a record.');
}

/** Review (审核): a reviewer of the filer's department subtree who neither filed nor takes part. */
export function mayReview(caller: Caller, record: RecordAccessFacts): Decision {
  if (!has(caller, 'reviewer')) return refused('Only reviewers review records.');
  if (takesPart(caller, record)) return refused('Nobody reviews a record they filed or take part in.');
  if (!isWithinSubtree(record.departmentPath, caller.departmentId)) return refused('The record is outside your department.');
  return allowed;
}

/** Assessment (研判): an assessor, city-wide, who neither filed nor takes part. */
export function mayAssess(caller: Caller, record: RecordAccessFacts): Decision {
  if (!has(caller, 'assessor')) return refused('Only assessors assess records.');
  if (takesPart(caller, record)) return refused('Nobody assesses a record they filed or take part in.');
  return allowed;
}

/** Revocation of a verified record: administrators, whatever their department. */
export function mayRevoke(caller: Caller): Decision {
  return has(caller, 'admin') ? allowed : refused('Only administrators revoke records.');
}

/** Confirming or disputing a share: a listed co-participant; the filer's share is theirs to edit. */
export function mayAnswerShare(caller: Caller, record: RecordAccessFacts): Decision {
  const listed = record.participantIds.includes(caller.userId) && record.cadreId !== caller.userId;
  return listed ? allowed : refused('Only a listed co-participant confirms or disputes a share.');
}

/**
 * Who may be named as a co-participant (docs/DOMAIN.md §1: other cadres): an active cadre. A non-cadre listed would
 * also bar that reviewer or assessor from acting on the record.
 */
export function mayTakePart(user: { active: boolean; roles: readonly string[] } | null | undefined): boolean {
  return !!user && user.active && user.roles.includes('cadre');
}

/** Publishing a taxonomy version: administrators. */
export function mayPublishTaxonomy(caller: Caller | undefined): Decision {
  return caller && has(caller, 'admin') ? allowed : refused('Only administrators publish the taxonomy.');
}

/** The scope of a list query for the caller, as the ids of filers' department subtrees or participation. */
export type ListScope = { all: true } | { all: false; userId: string; departmentId?: string };

export function listScope(caller: Caller): ListScope {
  if (has(caller, 'admin') || has(caller, 'assessor')) return { all: true };
  return { all: false, userId: caller.userId, departmentId: has(caller, 'reviewer') ? caller.departmentId : undefined };
}

/**
 * The list scope as a query filter: the stored form of `canSee` (a department id in `departmentPath` is
 * `isWithinSubtree`), so a list never holds a record its caller would get 404 for.
 */
export function scopeFilter(scope: ListScope): Record<string, unknown> {
  if (scope.all) return {};
  return { $or: [{ cadreId: scope.userId }, { participantIds: scope.userId }, ...(scope.departmentId ? [{ departmentPath: scope.departmentId }] : [])] };
}

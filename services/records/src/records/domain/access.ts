import { isWithinSubtree, type Caller } from '@cadre/contracts';

/** What the access rules need of a record. */
export interface RecordAccessFacts {
  cadreId: string;
  departmentPath: string[];
  participantIds: string[];
}

const has = (caller: Caller, role: string) => caller.roles.includes(role as never);

export function takesPart(caller: Caller, record: RecordAccessFacts): boolean {
  return record.cadreId === caller.userId || record.participantIds.includes(caller.userId);
}

/**
 * Visibility (API.md): cadres see their own records and those they take part in; reviewers their department
 * subtree; assessors and admins all. A record the caller may not see answers 404, never 403.
 */
export function canSee(caller: Caller, record: RecordAccessFacts): boolean {
  if (has(caller, 'admin') || has(caller, 'assessor')) return true;
  if (takesPart(caller, record)) return true;
  return has(caller, 'reviewer') && isWithinSubtree(record.departmentPath, caller.departmentId);
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

/** Review (审核): a reviewer of the filer's department subtree who neither filed nor takes part. */
export function mayReview(caller: Caller, record: RecordAccessFacts): Decision {
  if (!has(caller, 'reviewer')) return { allowed: false, reason: 'Only reviewers review records.' };
  if (takesPart(caller, record)) return { allowed: false, reason: 'Nobody reviews a record they filed or take part in.' };
  if (!isWithinSubtree(record.departmentPath, caller.departmentId)) return { allowed: false, reason: 'The record is outside your department.' };
  return { allowed: true };
}

/** Assessment (研判): an assessor, city-wide, who neither filed nor takes part. */
export function mayAssess(caller: Caller, record: RecordAccessFacts): Decision {
  if (!has(caller, 'assessor')) return { allowed: false, reason: 'Only assessors assess records.' };
  if (takesPart(caller, record)) return { allowed: false, reason: 'Nobody assesses a record they filed or take part in.' };
  return { allowed: true };
}

/** The scope of a list query for the caller, as the ids of filers' department subtrees or participation. */
export type ListScope = { all: true } | { all: false; userId: string; departmentId?: string };

export function listScope(caller: Caller): ListScope {
  if (has(caller, 'admin') || has(caller, 'assessor')) return { all: true };
  return { all: false, userId: caller.userId, departmentId: has(caller, 'reviewer') ? caller.departmentId : undefined };
}

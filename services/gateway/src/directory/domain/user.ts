import { DIRECTORY_EVENTS, type CreateUserInput, type ProblemFieldError, type RankLevel, type Role, type UpdateUserInput, type UserUpsertedV1 } from '@cadre/contracts';
import type { AggregateChange, PendingEvent } from '@cadre/messaging';
import type { Department } from './department';
import { rebasePath } from './department-tree';
import { passwordProblems } from './password-policy';
import { nameKeysOf } from './people';

/** A user as the directory keeps it. */
export interface User {
  _id: string;
  username: string;
  name: string;
  staffNo: string;
  departmentId: string;
  /** Department ids from the root down to the user's own department. */
  departmentPath: string[];
  roles: string[];
  rankLevel: string;
  title: string;
  postDate: string | null;
  active: boolean;
  passwordHash: string;
  version: number;
  /** Where notifications may be mailed; null or absent: none. Shown only to administrators and the user. */
  email?: string | null;
  /** Search keys of the name (`GET /people`), written with every name; absent on users written before (backfilled at start). */
  pinyinInitials?: string;
  pinyinFull?: string;
}

/** `directory.user.upserted`: the user's whole state (never the password hash), at its version. */
export function userUpserted(user: Omit<User, 'passwordHash'>): PendingEvent {
  const data: UserUpsertedV1 = {
    userId: user._id,
    username: user.username,
    name: user.name,
    staffNo: user.staffNo,
    departmentId: user.departmentId,
    departmentPath: user.departmentPath,
    roles: user.roles as Role[],
    rankLevel: user.rankLevel as RankLevel,
    title: user.title,
    active: user.active,
    version: user.version,
    ...(user.email ? { email: user.email } : {}),
  };
  return { subject: DIRECTORY_EVENTS.userUpserted, data };
}

const noSuchDepartment: ProblemFieldError = { path: 'departmentId', message: 'no such department' };

/**
 * What is wrong with a new user: the password policy (unless told otherwise: the development admin password)
 * and a department that does not exist. Checked before the (costly) hashing.
 */
export function newUserProblems(input: CreateUserInput, department: Department | null, options: { enforcePasswordPolicy?: boolean } = {}): ProblemFieldError[] {
  const policy = options.enforcePasswordPolicy === false ? [] : passwordProblems(input.password, input.username);
  return [...policy, ...(department ? [] : [noSuchDepartment])];
}

/** A new, active user (version 1) in `department`. */
export function newUser(id: string, input: CreateUserInput, department: Department, passwordHash: string): User {
  return {
    _id: id,
    username: input.username,
    name: input.name,
    staffNo: input.staffNo,
    departmentId: department._id,
    departmentPath: department.path,
    roles: [...new Set(input.roles)],
    rankLevel: input.rankLevel,
    title: input.title,
    postDate: input.postDate ?? null,
    active: true,
    passwordHash,
    version: 1,
    email: input.email ?? null,
    ...nameKeysOf(input.name),
  };
}

/** What is wrong with a change: a new password against the policy, a department that does not exist (null). */
export function userChangeProblems(current: User, input: UpdateUserInput, department: Department | null | undefined): ProblemFieldError[] {
  return [
    ...(input.password !== undefined ? passwordProblems(input.password, current.username) : []),
    ...(input.departmentId && !department ? [noSuchDepartment] : []),
  ];
}

/**
 * A change of a user (admin): any of name, staff number, department, roles, rank, title, post date, active
 * (deactivation), password (a reset: `passwordHash` is the new password's), e-mail (null removes it). Always a new
 * version and an event; the name's search keys are written with it.
 */
export function userChange(current: User, input: UpdateUserInput, found: { department?: Department | null; passwordHash?: string }): AggregateChange {
  const name = input.name ?? current.name;
  const set = {
    name,
    ...nameKeysOf(name),
    staffNo: input.staffNo ?? current.staffNo,
    departmentId: found.department?._id ?? current.departmentId,
    departmentPath: found.department?.path ?? current.departmentPath,
    roles: input.roles ? [...new Set(input.roles)] : current.roles,
    rankLevel: input.rankLevel ?? current.rankLevel,
    title: input.title ?? current.title,
    postDate: input.postDate ?? current.postDate,
    active: input.active ?? current.active,
    passwordHash: found.passwordHash ?? current.passwordHash,
    email: input.email !== undefined ? input.email : (current.email ?? null),
  };
  return { set, events: [userUpserted({ ...current, ...set, version: current.version + 1 })] };
}

/** A user of a department below one that moved from `oldPath` to `newPath`: the department path rebased. */
export function rebasedUser(current: User, oldPath: readonly string[], newPath: readonly string[]): AggregateChange {
  const set = { departmentPath: rebasePath(current.departmentPath, oldPath, newPath) };
  return { set, events: [userUpserted({ ...current, ...set, version: current.version + 1 })] };
}

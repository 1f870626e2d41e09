import { DIRECTORY_EVENTS, type CreateDepartmentInput, type DepartmentUpsertedV1, type UpdateDepartmentInput } from '@cadre/contracts';
import type { AggregateChange, PendingEvent } from '@cadre/messaging';
import { problems } from '@cadre/platform';
import { childPath, rebasePath, wouldCreateCycle } from './department-tree';

/** A department as the directory keeps it: a node of the tree, with its path from the root. */
export interface Department {
  _id: string;
  code: string;
  name: string;
  parentId: string | null;
  /** Department ids from the root down to this department (inclusive). */
  path: string[];
  version: number;
}

/** `directory.department.upserted`: the department's whole state, at its version. */
export function departmentUpserted(department: Department): PendingEvent {
  const data: DepartmentUpsertedV1 = {
    departmentId: department._id,
    code: department.code,
    name: department.name,
    parentId: department.parentId,
    path: department.path,
    version: department.version,
  };
  return { subject: DIRECTORY_EVENTS.departmentUpserted, data };
}

/**
 * A new department (version 1) under `parent`; without a parent it is the root, which only an empty tree takes.
 * `parent` is null when `input.parentId` names no department.
 */
export function newDepartment(id: string, input: CreateDepartmentInput, parent: Department | null, treeHasRoot: boolean): Department {
  if (input.parentId && !parent) throw problems.invalid([{ path: 'parentId', message: 'no such department' }]);
  if (!parent && treeHasRoot) throw problems.invalid([{ path: 'parentId', message: 'is required: the tree already has its root' }]);
  return { _id: id, code: input.code, name: input.name, parentId: parent?._id ?? null, path: childPath(parent?.path ?? null, id), version: 1 };
}

/** Whether an update moves the department, so the new parent must be looked up. */
export function movesTo(current: Department, input: UpdateDepartmentInput): string | null | undefined {
  return input.parentId !== undefined && input.parentId !== current.parentId ? input.parentId : undefined;
}

/**
 * Rename, recode or move (always a new version and an event, even when nothing differs). `parent` is the
 * department `movesTo` names, looked up (null: there is none); a move's subtree follows with `rebasedDepartment`.
 */
export function departmentChange(current: Department, input: UpdateDepartmentInput, parent?: Department | null): AggregateChange {
  let { path, parentId } = current;
  const target = movesTo(current, input);
  if (target !== undefined) {
    if (target === null) throw problems.invalid([{ path: 'parentId', message: 'a department cannot become a second root' }]);
    if (!parent) throw problems.invalid([{ path: 'parentId', message: 'no such department' }]);
    if (wouldCreateCycle(current._id, parent.path)) throw problems.invalid([{ path: 'parentId', message: 'would put the department under itself' }]);
    parentId = parent._id;
    path = childPath(parent.path, current._id);
  }
  const set = { code: input.code ?? current.code, name: input.name ?? current.name, parentId, path };
  return { set, events: [departmentUpserted({ ...current, ...set, version: current.version + 1 })] };
}

/** A department below one that moved from `oldPath` to `newPath`: its path rebased. */
export function rebasedDepartment(current: Department, oldPath: readonly string[], newPath: readonly string[]): AggregateChange {
  const set = { path: rebasePath(current.path, oldPath, newPath) };
  return { set, events: [departmentUpserted({ ...current, ...set, version: current.version + 1 })] };
}

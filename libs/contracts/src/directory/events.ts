import type { RankLevel, Role } from '../caller';

/** Events of the gateway's directory (stream DIRECTORY). Each carries the whole current state, versioned. */
export const DIRECTORY_EVENTS = {
  departmentUpserted: 'directory.department.upserted',
  userUpserted: 'directory.user.upserted',
} as const;

export interface DepartmentUpsertedV1 {
  departmentId: string;
  code: string;
  name: string;
  parentId: string | null;
  /** Department ids from the root down to this department (inclusive). */
  path: string[];
  version: number;
}

export interface UserUpsertedV1 {
  userId: string;
  username: string;
  name: string;
  staffNo: string;
  departmentId: string;
  /** Department ids from the root down to the user's own department. */
  departmentPath: string[];
  roles: Role[];
  rankLevel: RankLevel;
  title: string;
  active: boolean;
  version: number;
  /** Where notifications may be mailed (only when the user has one); never shown to anyone but admins and the user. */
  email?: string;
}

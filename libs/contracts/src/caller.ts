/** `appraiser` (考核专员): a department's appraisal officer, who enters its cadres' grades (issue #21). */
export const ROLES = ['cadre', 'reviewer', 'assessor', 'publisher', 'evaluator', 'appraiser', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const RANK_LEVELS = ['division', 'section', 'staff'] as const;
export type RankLevel = (typeof RANK_LEVELS)[number];

/**
 * The authenticated caller, as the gateway forwards it with every request. Services take the caller from
 * here and nowhere else. `departmentPath` lists department ids from the root down to the caller's own.
 */
export interface Caller {
  userId: string;
  name: string;
  roles: Role[];
  departmentId: string;
  departmentPath: string[];
  rankLevel?: RankLevel;
}

/** Whether a department path (root → own department) lies within the subtree rooted at `departmentId`. */
export function isWithinSubtree(departmentPath: readonly string[], departmentId: string): boolean {
  return departmentPath.includes(departmentId);
}

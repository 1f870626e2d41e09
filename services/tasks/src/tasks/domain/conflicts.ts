import { isWithinSubtree } from '@cadre/contracts';

/**
 * 回避 (docs/DOMAIN.md §2). Department paths list department ids from the root down to the person's own department
 * (see `Caller.departmentPath`); "within the subtree of D" means the path contains D.
 */
export interface EvaluatorFacts {
  userId?: string;
  departmentPath: readonly string[];
}

/**
 * An evaluator is conflicted with a team when
 * - any member's department lies within the evaluator's department subtree (the evaluator's own department
 *   or one below it: same department, or the evaluator's unit oversees the member's), or
 * - the evaluator is a member of the team himself (`memberIds`).
 * A member in a department above or beside the evaluator's does not conflict. An evaluator without a
 * department (empty path) conflicts only through membership.
 */
export function isConflicted(
  evaluator: EvaluatorFacts,
  memberDepartmentPaths: readonly (readonly string[])[],
  memberIds: readonly string[] = [],
): boolean {
  if (evaluator.userId !== undefined && memberIds.includes(evaluator.userId)) return true;
  const departmentId = evaluator.departmentPath[evaluator.departmentPath.length - 1];
  if (departmentId === undefined) return false;
  return memberDepartmentPaths.some((path) => isWithinSubtree(path, departmentId));
}

export interface PersonFacts {
  userId: string;
  departmentPath: readonly string[];
}

/** The ids of the evaluators conflicted with a team, in the order the evaluators are given. */
export function conflictedEvaluators(evaluators: readonly PersonFacts[], members: readonly PersonFacts[]): string[] {
  const paths = members.map((m) => m.departmentPath);
  const ids = members.map((m) => m.userId);
  return evaluators.filter((e) => isConflicted(e, paths, ids)).map((e) => e.userId);
}

/**
 * The reviewers whose review is awaited: the assigned evaluators who are not conflicted, in assignment order,
 * each once. "Every review in" means a review from each of them.
 */
export function reviewersExpected(assigned: readonly string[], conflicted: Iterable<string>): string[] {
  const excluded = new Set(conflicted);
  return [...new Set(assigned)].filter((id) => !excluded.has(id));
}

/** What the conflict rules need of a bid: its team's members. */
export interface TeamFacts {
  members: readonly PersonFacts[];
}

/** The evaluators conflicted (回避) with a bid's team, by the department paths the task and bid recorded. */
export function conflictsOf(task: { evaluators: readonly PersonFacts[] }, bid: TeamFacts): string[] {
  return conflictedEvaluators(task.evaluators, bid.members);
}

/** The reviewers whose 评审 is awaited: assigned evaluators conflicted with no awarded team. */
export function expectedReviewers(task: {
  evaluators: readonly PersonFacts[];
  bids: readonly (TeamFacts & { id: string })[];
  award: { bidIds: readonly string[] } | null;
}): string[] {
  const awarded = task.bids.filter((bid) => task.award?.bidIds.includes(bid.id));
  return reviewersExpected(
    task.evaluators.map((e) => e.userId),
    awarded.flatMap((bid) => conflictsOf(task, bid)),
  );
}

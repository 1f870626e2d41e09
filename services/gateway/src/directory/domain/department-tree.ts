/** Pure rules of the department tree. A path lists department ids from the root down to the department. */

export function childPath(parentPath: readonly string[] | null, id: string): string[] {
  return [...(parentPath ?? []), id];
}

/** Moving `departmentId` under `newParentPath` would make it its own ancestor. */
export function wouldCreateCycle(departmentId: string, newParentPath: readonly string[]): boolean {
  return newParentPath.includes(departmentId);
}

/** The new path of a descendant when the subtree rooted at `movedId` moves from `oldPath` to `newPath`. */
export function rebasePath(descendantPath: readonly string[], oldPath: readonly string[], newPath: readonly string[]): string[] {
  const index = descendantPath.indexOf(oldPath[oldPath.length - 1]);
  if (index < 0) return [...descendantPath];
  return [...newPath, ...descendantPath.slice(index + 1)];
}

import { RANK_LEVELS, type RaterGroup } from '@cadre/contracts';

/** A rater of one cadre, as drawn or edited: who and in which group (and, once stored, whether they voted). */
export interface RaterEntry {
  userId: string;
  group: RaterGroup;
  voted: boolean;
}

/** A person of the cadre's department as the draw sees them. */
export interface DepartmentCadre {
  userId: string;
  rankLevel: string | null | undefined;
}

export interface RaterDrawInput {
  cadre: { userId: string; departmentId: string; rankLevel: string | null | undefined };
  /** The active cadres (role `cadre`) whose own department is the cadre's. */
  departmentCadres: DepartmentCadre[];
  /** The active reviewers and appraisers of the cadre's department and of its parent. */
  leaders: string[];
  /** The cadre's collaborators of the cycle's year (co-participants, team members), with their own department. */
  collaborators: { userId: string; departmentId: string }[];
}

/** division > section > staff: a smaller number is a higher level; unknown levels compare with nobody. */
function levelOf(rankLevel: string | null | undefined): number | null {
  const index = RANK_LEVELS.indexOf(rankLevel as (typeof RANK_LEVELS)[number]);
  return index < 0 ? null : index;
}

/**
 * Draws a cadre's raters (docs/API.md "Appraisal"): 上级 the reviewers and appraisers of the department and its parent
 * and the department's cadres of a higher rank level; 同级 the department's cadres of the same rank level and the
 * collaborators from other departments; 下级 the department's cadres of a lower rank level. Never the cadre. A person
 * who would fall into two groups is in the first of 上级, 同级, 下级. Sorted by group, then id (no order of drawing).
 */
export function drawRaters(input: RaterDrawInput): RaterEntry[] {
  const self = input.cadre.userId;
  const own = levelOf(input.cadre.rankLevel);
  const chosen = new Map<string, RaterGroup>();
  const add = (userId: string, group: RaterGroup) => {
    if (userId === self || chosen.has(userId)) return;
    chosen.set(userId, group);
  };
  for (const id of input.leaders) add(id, 'superior');
  const colleagues = input.departmentCadres.filter((c) => c.userId !== self);
  if (own !== null) {
    for (const c of colleagues) {
      const level = levelOf(c.rankLevel);
      if (level !== null && level < own) add(c.userId, 'superior');
    }
    for (const c of colleagues) if (levelOf(c.rankLevel) === own) add(c.userId, 'peer');
  }
  for (const c of input.collaborators) if (c.departmentId !== input.cadre.departmentId) add(c.userId, 'peer');
  if (own !== null) {
    for (const c of colleagues) {
      const level = levelOf(c.rankLevel);
      if (level !== null && level > own) add(c.userId, 'subordinate');
    }
  }
  return sortRaters([...chosen].map(([userId, group]) => ({ userId, group, voted: false })));
}

const GROUP_ORDER: Record<RaterGroup, number> = { superior: 0, peer: 1, subordinate: 2, recipient: 3 };

export function sortRaters<T extends { userId: string; group: RaterGroup }>(raters: T[]): T[] {
  return [...raters].sort((a, b) => GROUP_ORDER[a.group] - GROUP_ORDER[b.group] || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/**
 * An edit of a cadre's whole rater list (`PUT …/survey/raters/:cadreId`): the new list, keeping each voter's flag.
 * Answers the problems found: `self` (indexes listing the cadre), `voterChanged` (voters removed or moved to another group).
 */
export function editRaters(
  cadreId: string,
  current: RaterEntry[],
  wanted: { userId: string; group: RaterGroup }[],
): { raters: RaterEntry[]; self: number[]; voterChanged: string[] } {
  const self = wanted.flatMap((r, i) => (r.userId === cadreId ? [i] : []));
  const byId = new Map(wanted.map((r) => [r.userId, r.group]));
  const voterChanged = current.filter((r) => r.voted && byId.get(r.userId) !== r.group).map((r) => r.userId);
  const voted = new Set(current.filter((r) => r.voted).map((r) => r.userId));
  const raters = sortRaters(wanted.map((r) => ({ userId: r.userId, group: r.group, voted: voted.has(r.userId) })));
  return { raters, self, voterChanged };
}

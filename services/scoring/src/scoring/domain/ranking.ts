/**
 * Rankings (docs/DOMAIN.md §3: rank, points, percentile and the change since the previous ranking).
 *
 * - Order: points descending, then cadreId ascending (code-unit order), so equal points list stably.
 * - Rank: competition ranking — equal points share a rank and the next rank skips: 1, 2, 2, 4.
 * - Percentile: the share of the ranked cadres (all of them, the cadre included) with strictly fewer points,
 *   × 100, rounded to 2 decimals (halves away from zero). Of 10, 8, 8 and 5 points: 75, 25, 25, 0; a sole
 *   cadre or cadres all equal: 0. The top can reach 100 only in the limit (one of many with the most points:
 *   99.9…), the bottom is always 0.
 * - Change: previous rank − rank, so positive means moved up; null when the cadre was not in the previous
 *   ranking (of the same period and scope).
 */

export interface RankedRow {
  rank: number;
  percentile: number;
}

/** Rows ranked, in ranking order; `points` may be points or hundredths, as long as all rows use the same unit. */
export function rankCadres<T extends { cadreId: string; points: number }>(rows: readonly T[]): (T & RankedRow)[] {
  const bad = rows.find((row) => !Number.isFinite(row.points));
  if (bad) throw new RangeError(`points of ${bad.cadreId} must be a finite number, not ${bad.points}`);
  const sorted = [...rows].sort((a, b) => (b.points !== a.points ? b.points - a.points : a.cadreId < b.cadreId ? -1 : a.cadreId > b.cadreId ? 1 : 0));
  const n = sorted.length;
  const ranked: (T & RankedRow)[] = [];
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && sorted[end].points === sorted[start].points) end++;
    // The tie group [start, end) shares rank start + 1; everyone after it has strictly fewer points.
    const shared = { rank: start + 1, percentile: percentile(n - end, n) };
    for (let i = start; i < end; i++) ranked.push({ ...sorted[i], ...shared });
    start = end;
  }
  return ranked;
}

function percentile(fewer: number, n: number): number {
  if (n === 0 || fewer <= 0) return 0;
  return Math.round(Number(((fewer / n) * 10_000).toPrecision(12))) / 100;
}

/** Places moved since the previous ranking: positive up, negative down, 0 unchanged, null when new. */
export function rankChange(previousRank: number | null | undefined, rank: number): number | null {
  if (previousRank === undefined || previousRank === null) return null;
  return previousRank - rank;
}

/**
 * A ranking scope names what exists: `department:<id>` must be a department the directory knows (400 naming `scope`
 * otherwise, rather than an empty ranking that reads as "nobody has points"). Null when the scope is fine.
 */
export function unknownScopeError(scope: { kind: string }, departmentKnown: boolean): { path: 'scope'; message: string } | null {
  return scope.kind === 'department' && !departmentKnown ? { path: 'scope', message: 'no such department' } : null;
}

/**
 * Ranking rows as people read them: each with its department's name (when the directory knows the department), and
 * the cadre's name from the directory when the row was ranked before the directory knew the cadre.
 */
export function withNames<T extends { cadreId: string; name: string; departmentId: string }>(
  items: readonly T[],
  departments: ReadonlyMap<string, string>,
  users: ReadonlyMap<string, { name: string }> = new Map(),
): (T & { departmentName?: string })[] {
  return items.map((item) => {
    const departmentName = departments.get(item.departmentId);
    const name = item.name || users.get(item.cadreId)?.name || '';
    return { ...item, name, ...(departmentName !== undefined ? { departmentName } : {}) };
  });
}

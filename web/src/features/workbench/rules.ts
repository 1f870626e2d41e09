import type { RankingView } from '@cadre/contracts';

/** How many rows of the city-wide ranking the workbench reads to find the user (the API pages at most 100). */
export const RANKING_PAGE = 100;

/** The scoring year (`YYYY`) at UTC+8, as the platform counts periods. */
export function scoringYear(now: Date = new Date()): string {
  return String(new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear());
}

export type MyRank = { kind: 'ranked'; rank: number; total: number } | { kind: 'beyond'; total: number } | { kind: 'none' };

/**
 * Where the user stands in the first page of the ranking: their rank, "beyond the page" when the ranking has more
 * people than the page and they are not on it, or not ranked at all.
 */
export function myRank(ranking: Pick<RankingView, 'items' | 'total'> | undefined, cadreId: string): MyRank {
  if (!ranking) return { kind: 'none' };
  const row = ranking.items.find((item) => item.cadreId === cadreId);
  if (row) return { kind: 'ranked', rank: row.rank, total: ranking.total };
  return ranking.total > ranking.items.length ? { kind: 'beyond', total: ranking.total } : { kind: 'none' };
}

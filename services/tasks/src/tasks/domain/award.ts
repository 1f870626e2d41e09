import type { ProblemFieldError } from '@cadre/contracts';

export interface RankableBid {
  id: string;
  /** ISO 8601; the earlier submission ranks first among equal scores. */
  submittedAt: string;
  /** The bid's trimmed-mean total (see `trimmedMean`), or null when nobody has scored it. */
  score: number | null;
}

export type Ranked<T> = T & { rank: number | null };

/**
 * The bids best first: by score descending; equal scores by earlier submission, then by id (so the order is
 * total and stable). Unscored bids come last, in submission order, with rank null; scored bids rank 1, 2, 3…
 */
export function rankBids<T extends RankableBid>(bids: readonly T[]): Ranked<T>[] {
  const sorted = [...bids].sort((a, b) => {
    if (a.score === null || b.score === null) {
      if (a.score !== b.score) return a.score === null ? 1 : -1;
    } else if (a.score !== b.score) {
      return b.score - a.score;
    }
    const at = Date.parse(a.submittedAt) - Date.parse(b.submittedAt);
    if (at !== 0 && Number.isFinite(at)) return at;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  let rank = 0;
  return sorted.map((bid) => ({ ...bid, rank: bid.score === null ? null : ++rank }));
}

export type AwardDecision<T> =
  | {
      ok: true;
      /** The awarded bids, best first. */
      awarded: Ranked<T>[];
      /** Every bid of the task, ranked: published with the award. */
      ranking: Ranked<T>[];
      /** Scored bids ranked above an awarded bid yet not awarded (the publisher passed them over, giving a reason). */
      passedOver: string[];
    }
  | { ok: false; problems: ProblemFieldError[] };

/**
 * Validates an award (docs/DOMAIN.md §2, docs/API.md `POST /tasks/:id/award`): the bid ids must be bids of this task,
 * distinct, exactly one unless the task allows a race (赛马), and each must have a score — a bid nobody could
 * evaluate cannot be awarded, since the award is published with the scores. Problems name the offending
 * `bidIds.<index>`. The publisher may pass over a higher-ranked bid, with a written `reason` (400 naming `reason`
 * without one); `passedOver` says which, for the record.
 */
export function validateAward<T extends RankableBid>(task: { allowRace: boolean }, bids: readonly T[], bidIds: readonly string[], reason?: string): AwardDecision<T> {
  const problems: ProblemFieldError[] = [];
  if (bidIds.length === 0) problems.push({ path: 'bidIds', message: 'give at least one bid' });
  if (bidIds.length > 1 && !task.allowRace) {
    problems.push({ path: 'bidIds', message: 'this task awards exactly one bid: it does not allow a race' });
  }
  const byId = new Map(bids.map((b) => [b.id, b]));
  const seen = new Set<string>();
  bidIds.forEach((id, index) => {
    const at = `bidIds.${index}`;
    if (seen.has(id)) problems.push({ path: at, message: 'is listed twice' });
    seen.add(id);
    const bid = byId.get(id);
    if (!bid) problems.push({ path: at, message: 'is not a bid on this task' });
    else if (bid.score === null) problems.push({ path: at, message: 'has no evaluation score' });
  });
  if (problems.length > 0) return { ok: false, problems };

  const ranking = rankBids(bids);
  const awarded = ranking.filter((b) => seen.has(b.id));
  const lowestAwarded = Math.max(...awarded.map((b) => b.rank ?? 0));
  const passedOver = ranking.filter((b) => b.rank !== null && b.rank < lowestAwarded && !seen.has(b.id)).map((b) => b.id);
  if (passedOver.length > 0 && !reason?.trim()) {
    return { ok: false, problems: [{ path: 'reason', message: 'is required: a higher-ranked bid is passed over, so say why' }] };
  }
  return { ok: true, awarded, ranking, passedOver };
}

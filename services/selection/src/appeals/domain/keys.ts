import type { AppealStatus, AppealSubjectType } from '@cadre/contracts';

/** `appeal_keys` `_id`: one pending appeal per appellant and subject. */
export function appealKey(appellantId: string, type: AppealSubjectType, subjectId: string): string {
  return `${appellantId}:${type}:${subjectId}`;
}

/** How long a claim whose appeal is not written yet counts as a filing in progress elsewhere (another process). */
export const CLAIM_GRACE_MS = 60_000;

export interface HeldKey {
  appealId: string;
  claimedAt: Date;
  /** The process that claimed it. */
  claimedBy: string;
}

/**
 * What a key already held means for a new filing: `pending` (its appeal waits: 409), `filing` (claimed by another
 * process moments ago and its appeal not written yet: 409, try again), or `stale` (its appeal was decided, or never
 * written: a failed filing, or this process's own claim, since this process holds the key's lock): release it.
 */
export function heldKeyState(held: HeldKey, appeal: AppealStatus | null, now: Date, processToken: string): 'pending' | 'filing' | 'stale' {
  if (appeal === 'pending') return 'pending';
  if (appeal === null && held.claimedBy !== processToken && now.getTime() - new Date(held.claimedAt).getTime() < CLAIM_GRACE_MS) return 'filing';
  return 'stale';
}

/** The `appeal_index` bucket of an appeal filed at `at`: its month in Beijing. */
export function monthBucket(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

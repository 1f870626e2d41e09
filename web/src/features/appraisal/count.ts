import { useApiQuery } from '../../api/useApiQuery';
import { appraisalApi } from './api';

/** The menu entry of 民主测评, which shows how many ballots wait. */
export const BALLOTS_PATH = '/appraisal/ballots';

/**
 * The signed-in user's ballots for the menu, read again when `version` changes: how many wait (the count), and
 * whether they have any at all (else the entry is left out; unknown, e.g. the service is down: kept).
 */
export function useBallotCount(version: unknown): { waiting: number; none: boolean } {
  const ballots = useApiQuery(() => appraisalApi.myBallots(), [version]);
  const items = ballots.data?.items;
  return { waiting: (items ?? []).filter((b) => !b.voted).length, none: !!items && items.length === 0 };
}

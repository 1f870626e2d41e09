import { useApiQuery } from '../../api/useApiQuery';
import { appraisalApi } from './api';

/** The menu entry of 民主测评, which shows how many ballots wait. */
export const BALLOTS_PATH = '/appraisal/ballots';

/** How many ballots wait for the signed-in user (the menu's count; 0 when unknown), read again when `version` changes. */
export function useBallotCount(version: unknown): number {
  const ballots = useApiQuery(() => appraisalApi.myBallots(), [version]);
  return (ballots.data?.items ?? []).filter((b) => !b.voted).length;
}

import { TASK_VERDICTS, type TaskVerdict } from '@cadre/contracts';

/** How many reviews gave each verdict. */
export function tallyVerdicts(verdicts: readonly TaskVerdict[]): Record<TaskVerdict, number> {
  const tally = Object.fromEntries(TASK_VERDICTS.map((v) => [v, 0])) as Record<TaskVerdict, number>;
  for (const verdict of verdicts) tally[verdict] += 1;
  return tally;
}

/**
 * The verdict of 评审 (docs/DOMAIN.md §2): the verdict most reviews gave (a plurality: 2 × excellent, 1 × pass,
 * 1 × fail is excellent). When several verdicts share the highest count, the lowest of them wins, in the order
 * excellent > pass > tolerated > fail. No reviews, no verdict: null.
 */
export function verdictOf(verdicts: readonly TaskVerdict[]): TaskVerdict | null {
  if (verdicts.length === 0) return null;
  const tally = tallyVerdicts(verdicts);
  let best: TaskVerdict | null = null;
  let bestCount = 0;
  // From best to worst, so that a lower verdict with an equal count replaces a higher one.
  for (const verdict of TASK_VERDICTS) {
    if (tally[verdict] > 0 && tally[verdict] >= bestCount) {
      best = verdict;
      bestCount = tally[verdict];
    }
  }
  return best;
}

import { TASK_VERDICTS, type TaskVerdict, type ToleranceDecision } from '@cadre/contracts';

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

/** The best of some verdicts (excellent > pass > tolerated > fail); null for none. */
export function bestVerdict(verdicts: readonly TaskVerdict[]): TaskVerdict | null {
  return TASK_VERDICTS.find((v) => verdicts.includes(v)) ?? null;
}

/** What the per-team 评审 rules need of a review. */
export interface ReviewFacts {
  evaluatorId: string;
  /** Absent on reviews given before reviews named a team: such a review judged every awarded team. */
  teamId?: string;
  verdict: TaskVerdict;
  tolerance?: ToleranceDecision | null;
}

/** The reviews that judge `teamId`. */
export function reviewsOfTeam<R extends ReviewFacts>(reviews: readonly R[], teamId: string): R[] {
  return reviews.filter((r) => r.teamId === undefined || r.teamId === teamId);
}

/** 评审 of one awarded team: its reviews, who is still awaited, and the verdict its reviews give. */
export interface TeamReviewState<R extends ReviewFacts = ReviewFacts> {
  teamId: string;
  reviews: R[];
  /** Expected reviewers who have not reviewed this team yet. */
  pending: string[];
  verdict: TaskVerdict | null;
  verdictTally: Record<TaskVerdict, number>;
}

/**
 * Each awarded team is judged on its own (赛马): the plurality rule of `verdictOf` over that team's reviews, and
 * every expected reviewer must have reviewed it.
 */
export function teamReviewState<R extends ReviewFacts>(teamId: string, reviews: readonly R[], expected: readonly string[]): TeamReviewState<R> {
  const own = reviewsOfTeam(reviews, teamId);
  const reviewed = new Set(own.map((r) => r.evaluatorId));
  const verdicts = own.map((r) => r.verdict);
  return { teamId, reviews: own, pending: expected.filter((id) => !reviewed.has(id)), verdict: verdictOf(verdicts), verdictTally: tallyVerdicts(verdicts) };
}

import { CRITERION_ANSWERS, CRITERION_ANSWER_SCORES, SATISFACTION_ANSWERS, type CriterionAnswer, type RaterGroup, type SatisfactionAnswer, type SurveySettings } from '@cadre/contracts';

/**
 * One group's tally of one cadre: only sums (docs/ARCHITECTURE.md "Anonymity by construction"). `answers[code][answer]`
 * counts the ballots that answered `answer` to criterion `code`; `satisfaction[answer]` likewise.
 */
export interface GroupTally {
  count: number;
  answers: Record<string, Partial<Record<CriterionAnswer, number>>>;
  satisfaction: Partial<Record<SatisfactionAnswer, number>>;
}

export interface ComputedResult {
  shown: boolean;
  groups: { group: RaterGroup; weight: number; invited: number; voted: number; counted: boolean }[];
  criteria: { code: string; name: string; weight: number; score: number | null }[];
  overall: number | null;
  satisfaction: number | null;
}

/** Two decimals, halves away from zero (as people round). */
export function round2(value: number): number {
  return Math.round((value + Math.sign(value) * 1e-9) * 100) / 100;
}

/**
 * A cadre's survey result (docs/API.md "Appraisal", the paragraph on results): a group counts with at least `minRaters`
 * votes; per criterion the mean of each counted group (好 100, 较好 80, 一般 60, 差 40), weighted by the groups' weights
 * re-normalised over the counted groups; `overall` = Σ criterion weight × score; `satisfaction` the weighted share of
 * 满意 and 基本满意 in percent. Rounded to two decimals at the end (overall from the unrounded scores). No group
 * counted (or the counted groups weigh nothing): `shown` false, every score null.
 */
export function computeResult(settings: SurveySettings, invited: Partial<Record<RaterGroup, number>>, tallies: Partial<Record<RaterGroup, GroupTally>>): ComputedResult {
  const groups = settings.groups.map((g) => {
    const voted = tallies[g.group]?.count ?? 0;
    return { group: g.group, weight: g.weight, invited: invited[g.group] ?? 0, voted, counted: voted >= g.minRaters && voted > 0 };
  });
  const counted = groups.filter((g) => g.counted);
  const totalWeight = counted.reduce((sum, g) => sum + g.weight, 0);
  const shown = counted.length > 0 && totalWeight > 0;
  if (!shown) {
    return { shown, groups, criteria: settings.criteria.map((c) => ({ code: c.code, name: c.name, weight: c.weight, score: null })), overall: null, satisfaction: null };
  }
  const weighted = (valueOf: (tally: GroupTally) => number) =>
    counted.reduce((sum, g) => sum + g.weight * valueOf(tallies[g.group] ?? { count: 0, answers: {}, satisfaction: {} }), 0) / totalWeight;
  const exact = settings.criteria.map((c) => ({
    criterion: c,
    score: weighted((tally) => {
      const counts = tally.answers[c.code] ?? {};
      const n = CRITERION_ANSWERS.reduce((sum, a) => sum + (counts[a] ?? 0), 0);
      return n === 0 ? 0 : CRITERION_ANSWERS.reduce((sum, a) => sum + (counts[a] ?? 0) * CRITERION_ANSWER_SCORES[a], 0) / n;
    }),
  }));
  const overall = exact.reduce((sum, { criterion, score }) => sum + criterion.weight * score, 0);
  const satisfaction = weighted((tally) => {
    const n = SATISFACTION_ANSWERS.reduce((sum, a) => sum + (tally.satisfaction[a] ?? 0), 0);
    return n === 0 ? 0 : (100 * ((tally.satisfaction.satisfied ?? 0) + (tally.satisfaction.basically_satisfied ?? 0))) / n;
  });
  return {
    shown,
    groups,
    criteria: exact.map(({ criterion: c, score }) => ({ code: c.code, name: c.name, weight: c.weight, score: round2(score) })),
    overall: round2(overall),
    satisfaction: round2(satisfaction),
  };
}

import { DEFAULT_SURVEY_CRITERIA, DEFAULT_SURVEY_GROUPS, type SurveySettings } from '@cadre/contracts';
import { computeResult, round2, type GroupTally } from './results';

const settings: SurveySettings = { criteria: DEFAULT_SURVEY_CRITERIA, groups: DEFAULT_SURVEY_GROUPS };

/** A tally in which every ballot gave every criterion the same answers as `perBallot`. */
function tally(ballots: { answer: 'good' | 'fairly_good' | 'average' | 'poor'; satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' }[]): GroupTally {
  const t: GroupTally = { count: ballots.length, answers: {}, satisfaction: {} };
  for (const b of ballots) {
    for (const c of settings.criteria) {
      const counts = (t.answers[c.code] ??= {});
      counts[b.answer] = (counts[b.answer] ?? 0) + 1;
    }
    t.satisfaction[b.satisfaction] = (t.satisfaction[b.satisfaction] ?? 0) + 1;
  }
  return t;
}

describe('computeResult', () => {
  it('weights counted groups re-normalised, and computes overall and satisfaction to two decimals', () => {
    // 上级 (0.3, min 1): one ballot 好 → 100, satisfied. 同级 (0.3, min 3): 好, 较好, 一般 → 80; 2 of 3 satisfied.
    // 下级 (0.2, min 3): two ballots only → not counted. 服务对象 (0.2): none.
    const result = computeResult(settings, { superior: 2, peer: 4, subordinate: 3 }, {
      superior: tally([{ answer: 'good', satisfaction: 'satisfied' }]),
      peer: tally([
        { answer: 'good', satisfaction: 'satisfied' },
        { answer: 'fairly_good', satisfaction: 'basically_satisfied' },
        { answer: 'average', satisfaction: 'dissatisfied' },
      ]),
      subordinate: tally([
        { answer: 'poor', satisfaction: 'dissatisfied' },
        { answer: 'poor', satisfaction: 'dissatisfied' },
      ]),
    });
    expect(result.shown).toBe(true);
    expect(result.groups).toEqual([
      { group: 'superior', weight: 0.3, invited: 2, voted: 1, counted: true },
      { group: 'peer', weight: 0.3, invited: 4, voted: 3, counted: true },
      { group: 'subordinate', weight: 0.2, invited: 3, voted: 2, counted: false },
      { group: 'recipient', weight: 0.2, invited: 0, voted: 0, counted: false },
    ]);
    // (0.3 × 100 + 0.3 × 80) / 0.6 = 90 for every criterion; overall 90; satisfaction (0.3 × 100 + 0.3 × 66.67) / 0.6.
    expect(result.criteria.map((c) => c.score)).toEqual([90, 90, 90, 90, 90]);
    expect(result.overall).toBe(90);
    expect(result.satisfaction).toBe(83.33);
  });

  it('weights criteria by their weights in overall', () => {
    const t: GroupTally = {
      count: 1,
      answers: { de: { good: 1 }, neng: { fairly_good: 1 }, qin: { average: 1 }, ji: { poor: 1 }, lian: { good: 1 } },
      satisfaction: { basically_satisfied: 1 },
    };
    const result = computeResult(settings, { superior: 1 }, { superior: t });
    expect(result.criteria.map((c) => [c.code, c.score])).toEqual([['de', 100], ['neng', 80], ['qin', 60], ['ji', 40], ['lian', 100]]);
    // 0.2×100 + 0.2×80 + 0.15×60 + 0.3×40 + 0.15×100 = 20 + 16 + 9 + 12 + 15 = 72
    expect(result.overall).toBe(72);
    expect(result.satisfaction).toBe(100);
  });

  it('counts a group only from its minimum, and shows nothing when no group counts', () => {
    const few = computeResult(settings, { peer: 5 }, { peer: tally([{ answer: 'good', satisfaction: 'satisfied' }, { answer: 'good', satisfaction: 'satisfied' }]) });
    expect(few.shown).toBe(false);
    expect(few.overall).toBeNull();
    expect(few.satisfaction).toBeNull();
    expect(few.criteria.every((c) => c.score === null)).toBe(true);
    expect(few.groups.find((g) => g.group === 'peer')).toEqual({ group: 'peer', weight: 0.3, invited: 5, voted: 2, counted: false });
    const none = computeResult(settings, {}, {});
    expect(none.shown).toBe(false);
  });

  it('gives two groups of different weights their weighted mean', () => {
    // 同级 (0.3): 3 × 一般 = 60; 下级 (0.2): 3 × 好 = 100 → (0.3×60 + 0.2×100) / 0.5 = 76.
    const result = computeResult(settings, {}, {
      peer: tally([0, 1, 2].map(() => ({ answer: 'average' as const, satisfaction: 'dissatisfied' as const }))),
      subordinate: tally([0, 1, 2].map(() => ({ answer: 'good' as const, satisfaction: 'satisfied' as const }))),
    });
    expect(result.criteria[0]!.score).toBe(76);
    expect(result.overall).toBe(76);
    // (0.3×0 + 0.2×100) / 0.5 = 40
    expect(result.satisfaction).toBe(40);
  });

  it('rounds halves away from zero', () => {
    expect(round2(83.335)).toBe(83.34);
    expect(round2(66.666666)).toBe(66.67);
    expect(round2(90)).toBe(90);
  });
});

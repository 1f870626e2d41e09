import { EVALUATION_CRITERIA, type EvaluationScores } from '@cadre/contracts';
import { DIVERGENCE_THRESHOLD, apportion, bidTotal, divergence, keptEvaluations, round2, summariseScores, trimmedMean } from './bid-scores';

describe('round2', () => {
  it('rounds to 2 decimals, halves away from zero, despite binary noise', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(1.004)).toBe(1);
    expect(round2(-1.005)).toBe(-1.01);
    expect(round2(0.1 + 0.2)).toBe(0.3);
    expect(Object.is(round2(-0.001), 0)).toBe(true);
  });
});

describe('bidTotal', () => {
  it('sums the four criteria', () => {
    expect(bidTotal({ feasibility: 30, innovation: 20, capability: 30, benefit: 20 })).toBe(100);
    expect(bidTotal({ feasibility: 0, innovation: 0, capability: 0, benefit: 0 })).toBe(0);
    expect(bidTotal({ feasibility: 25, innovation: 15, capability: 22, benefit: 18 })).toBe(80);
  });

  it('keeps one-decimal scores exact', () => {
    expect(bidTotal({ feasibility: 27.5, innovation: 0.1, capability: 0.2, benefit: 12.3 })).toBe(40.1);
  });
});

describe('trimmedMean', () => {
  it('is null without values', () => {
    expect(trimmedMean([])).toBeNull();
  });

  it('is the plain mean below 5 values', () => {
    expect(trimmedMean([70])).toBe(70);
    expect(trimmedMean([60, 90])).toBe(75);
    expect(trimmedMean([10, 50, 90])).toBe(50);
    expect(trimmedMean([0, 50, 60, 100])).toBe(52.5);
  });

  it('drops the single highest and single lowest from 5 values up', () => {
    expect(trimmedMean([0, 60, 70, 80, 100])).toBe(70);
    expect(trimmedMean([100, 0, 70, 80, 60])).toBe(70); // order does not matter
    expect(trimmedMean([10, 20, 30, 40, 50, 60])).toBe(35);
  });

  it('drops only one of several equal extremes', () => {
    expect(trimmedMean([90, 90, 90, 50, 50])).toBe(76.67); // (90 + 90 + 50) / 3
  });

  it('rounds the mean to 2 decimals', () => {
    expect(trimmedMean([80, 80, 81])).toBe(80.33);
    expect(trimmedMean([80, 81, 81])).toBe(80.67);
  });
});

describe('divergence', () => {
  it('uses a 30-point threshold', () => {
    expect(DIVERGENCE_THRESHOLD).toBe(30);
  });

  it('never flags fewer than two values', () => {
    expect(divergence([])).toEqual({ divergent: false, spread: null });
    expect(divergence([5])).toEqual({ divergent: false, spread: null });
  });

  it('flags a spread strictly above 30, not 30 itself', () => {
    expect(divergence([50, 80])).toEqual({ divergent: false, spread: 30 });
    expect(divergence([50, 80.1])).toEqual({ divergent: true, spread: 30.1 });
    expect(divergence([49.9, 80])).toEqual({ divergent: true, spread: 30.1 });
    expect(divergence([50, 79.9])).toEqual({ divergent: false, spread: 29.9 });
  });

  it('is not fooled by floating point at the boundary', () => {
    // 80.3 − 50.3 = 30.000000000000004 in binary floating point
    expect(divergence([50.3, 80.3])).toEqual({ divergent: false, spread: 30 });
  });

  it('looks at every total, including those the trimmed mean drops', () => {
    expect(divergence([10, 70, 72, 74, 75])).toEqual({ divergent: true, spread: 65 });
    expect(divergence([60, 70, 72, 74, 90])).toEqual({ divergent: false, spread: 30 });
  });

  it('takes another threshold when given one', () => {
    expect(divergence([50, 70], 15)).toEqual({ divergent: true, spread: 20 });
  });
});

describe('summariseScores', () => {
  it('summarises no evaluations', () => {
    expect(summariseScores([])).toEqual({ count: 0, totals: [], score: null, criteria: null, divergent: false, spread: null });
  });

  it('gives totals, trimmed mean, criterion means and divergence', () => {
    const summary = summariseScores([
      { feasibility: 30, innovation: 20, capability: 30, benefit: 20 },
      { feasibility: 20, innovation: 10, capability: 20, benefit: 10 },
      { feasibility: 25, innovation: 15, capability: 25, benefit: 15.5 },
    ]);
    expect(summary).toEqual({
      count: 3,
      totals: [100, 60, 80.5],
      score: 80.17,
      criteria: { feasibility: 25, innovation: 15, capability: 25, benefit: 15.17 },
      divergent: true,
      spread: 40,
    });
  });
});

describe('keptEvaluations', () => {
  it('keeps every evaluation below 5', () => {
    expect(keptEvaluations([90, 10, 50, 70])).toEqual([0, 1, 2, 3]);
  });

  it('drops the lowest and the highest total from 5 up, the earlier of equal lows and the later of equal highs', () => {
    expect(keptEvaluations([70, 100, 0, 80, 60])).toEqual([0, 3, 4]);
    expect(keptEvaluations([50, 90, 50, 90, 70])).toEqual([1, 2, 4]);
  });
});

describe('apportion', () => {
  it('rounds to hundredths that add up to the total, the largest remainders taking the missing hundredths', () => {
    expect(apportion([10 / 3, 10 / 3, 10 / 3], 10)).toEqual([3.34, 3.33, 3.33]);
    expect(apportion([20 / 3, 20 / 3, 20 / 3], 20)).toEqual([6.67, 6.67, 6.66]);
    expect(apportion([25, 15, 25, 15.5 / 3 + 10], 80.17)).toEqual([25, 15, 25, 15.17]);
  });

  it('takes hundredths back from the smallest remainders when the rounded total is below the parts', () => {
    expect(apportion([1.004, 1.004, 1.004], 3.01)).toEqual([1.01, 1, 1]);
    expect(apportion([1.004, 1.004, 1.004, 1.004], 4.01)).toEqual([1.01, 1, 1, 1]);
  });
});

describe('criteria add up to the score (the 69 vs 70 mismatch)', () => {
  const sum = (c: EvaluationScores) => round2(EVALUATION_CRITERIA.reduce((total, k) => total + c[k], 0));

  it('takes each criterion over the evaluations the trimmed mean keeps', () => {
    // Five evaluators: the score drops the 40 and the 100; the old untrimmed criterion means summed to 69, not 70.
    const five = [
      { feasibility: 12, innovation: 8, capability: 12, benefit: 8 }, // 40, dropped
      { feasibility: 21, innovation: 14, capability: 21, benefit: 14 }, // 70
      { feasibility: 21, innovation: 14, capability: 21, benefit: 14 }, // 70
      { feasibility: 21, innovation: 14, capability: 21, benefit: 14 }, // 70
      { feasibility: 30, innovation: 20, capability: 30, benefit: 15 }, // 95, dropped
    ];
    const summary = summariseScores(five);
    expect(summary.score).toBe(70);
    expect(summary.criteria).toEqual({ feasibility: 21, innovation: 14, capability: 21, benefit: 14 });
    expect(sum(summary.criteria!)).toBe(summary.score);
  });

  it('rounds the criteria so they add up to the rounded score', () => {
    const three = [
      { feasibility: 20, innovation: 10.1, capability: 20, benefit: 10 },
      { feasibility: 20, innovation: 10, capability: 20.1, benefit: 10 },
      { feasibility: 20.1, innovation: 10, capability: 20, benefit: 10.1 },
    ];
    const summary = summariseScores(three);
    expect(summary.score).toBe(60.13); // 180.4 / 3 = 60.1333…
    expect(sum(summary.criteria!)).toBe(60.13);
    // each criterion alone would round to 20.03, 10.03, 20.03, 10.03 = 60.12
    expect(summary.criteria).toEqual({ feasibility: 20.04, innovation: 10.03, capability: 20.03, benefit: 10.03 });
  });

  it('adds up for any set of evaluations', () => {
    let seed = 7;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.round((seed / 2 ** 31) * max * 10) / 10;
    };
    for (let run = 0; run < 300; run++) {
      const evaluations = Array.from({ length: 1 + (run % 9) }, () => ({ feasibility: next(30), innovation: next(20), capability: next(30), benefit: next(20) }));
      const summary = summariseScores(evaluations);
      expect(sum(summary.criteria!)).toBe(summary.score);
    }
  });
});

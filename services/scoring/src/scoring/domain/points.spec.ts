import { DEFAULT_SCORING_STANDARD as standard, type ScoringStandard } from '@cadre/contracts';
import { basePoints, formatHundredths, recordPoints, taskPoints, toHundredths, toPoints } from './points';

describe('toHundredths', () => {
  it('rounds to the nearest hundredth, robust to binary floating point', () => {
    expect(toHundredths(19.2)).toBe(1920);
    expect(toHundredths(8 * 2 * 1.2)).toBe(1920);
    expect(toHundredths(0.2 * 19.2)).toBe(384);
    expect(toHundredths(0.8 * 19.2)).toBe(1536);
    expect(toHundredths(1 / 3)).toBe(33);
    expect(toHundredths(2 / 3)).toBe(67);
    expect(toHundredths(0.1 + 0.2)).toBe(30);
    expect(toHundredths(12.34)).toBe(1234);
  });

  it('rounds halves away from zero', () => {
    expect(toHundredths(0.125)).toBe(13);
    expect(toHundredths(-0.125)).toBe(-13);
    expect(toHundredths(0.005)).toBe(1);
    expect(toHundredths(-0.005)).toBe(-1);
    expect(toHundredths(1.005)).toBe(101); // 1.005 × 100 = 100.49999999999999 in binary
    expect(toHundredths(2.675)).toBe(268);
    expect(toHundredths(0.0049)).toBe(0);
  });

  it('never gives -0 and refuses non-finite numbers', () => {
    expect(Object.is(toHundredths(-0.001), 0)).toBe(true);
    expect(Object.is(toHundredths(-0), 0)).toBe(true);
    expect(() => toHundredths(Number.NaN)).toThrow(RangeError);
    expect(() => toHundredths(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('round-trips with toPoints and formats for explanations', () => {
    expect(toPoints(1920)).toBe(19.2);
    expect(toHundredths(toPoints(6300))).toBe(6300);
    expect(formatHundredths(1920)).toBe('19.20');
    expect(formatHundredths(5)).toBe('0.05');
    expect(formatHundredths(-1536)).toBe('-15.36');
    expect(formatHundredths(0)).toBe('0.00');
  });
});

describe('recordPoints', () => {
  it('is base × impact × rating (docs/DOMAIN.md §3: INVEST-03 at city rated good → 19.20)', () => {
    const points = recordPoints(standard, { firstLevelCode: 'INVEST', confirmedImpactLevel: 'city', rating: 'good' });
    expect(toHundredths(points)).toBe(1920);
  });

  it('uses 8 for INVEST, PROJECT, REFORM, FTP and SAFETY and 5 for the rest', () => {
    for (const code of ['INVEST', 'PROJECT', 'REFORM', 'FTP', 'SAFETY']) expect(basePoints(standard, code)).toBe(8);
    for (const code of ['PARTY', 'INDUSTRY', 'BIZENV', 'LIVELIHOOD', 'EDUCATION', 'GOVERNANCE', 'PETITION', 'RURAL', 'ECOLOGY', 'INNOVATION', 'HONOR']) {
      expect(basePoints(standard, code)).toBe(5);
    }
    expect(basePoints(standard, 'NEWITEM')).toBe(5);
    expect(basePoints(standard, 'constructor')).toBe(5);
  });

  it('applies every impact level and rating', () => {
    const at = (confirmedImpactLevel: string, rating: string) => toHundredths(recordPoints(standard, { firstLevelCode: 'PARTY', confirmedImpactLevel, rating }));
    expect(at('unit', 'pass')).toBe(500);
    expect(at('district', 'pass')).toBe(750);
    expect(at('province', 'excellent')).toBe(2250);
    expect(at('national', 'excellent')).toBe(3000);
    expect(at('national', 'none')).toBe(0);
  });

  it('follows a custom standard', () => {
    const custom: ScoringStandard = { ...standard, itemBasePoints: { default: 4, byFirstLevel: { HONOR: 10 } } };
    expect(recordPoints(custom, { firstLevelCode: 'HONOR', confirmedImpactLevel: 'unit', rating: 'pass' })).toBe(10);
    expect(recordPoints(custom, { firstLevelCode: 'INVEST', confirmedImpactLevel: 'unit', rating: 'pass' })).toBe(4);
  });

  it('refuses an unknown impact level or rating', () => {
    expect(() => recordPoints(standard, { firstLevelCode: 'INVEST', confirmedImpactLevel: 'galactic', rating: 'good' })).toThrow('unknown impact level: galactic');
    expect(() => recordPoints(standard, { firstLevelCode: 'INVEST', confirmedImpactLevel: 'city', rating: 'toString' })).toThrow('unknown rating: toString');
  });
});

describe('taskPoints', () => {
  it('is reward × verdict × 1.5 with any 急难险重 flag (docs/DOMAIN.md §3: 100, hard, pass → 150)', () => {
    expect(taskPoints(standard, { rewardPoints: 100, verdict: 'pass', flags: ['hard'] })).toBe(150);
  });

  it('applies the flag multiplier once, however many flags', () => {
    expect(taskPoints(standard, { rewardPoints: 100, verdict: 'pass', flags: ['urgent', 'hard', 'risky', 'heavy'] })).toBe(150);
    expect(taskPoints(standard, { rewardPoints: 100, verdict: 'pass', flags: [] })).toBe(100);
  });

  it('applies every verdict', () => {
    const at = (verdict: string) => toHundredths(taskPoints(standard, { rewardPoints: 100, verdict, flags: [] }));
    expect(at('excellent')).toBe(12000);
    expect(at('pass')).toBe(10000);
    expect(at('tolerated')).toBe(3000);
    expect(at('fail')).toBe(0);
  });

  it('refuses an unknown verdict and a negative reward', () => {
    expect(() => taskPoints(standard, { rewardPoints: 100, verdict: 'great', flags: [] })).toThrow('unknown verdict: great');
    expect(() => taskPoints(standard, { rewardPoints: -1, verdict: 'pass', flags: [] })).toThrow(RangeError);
  });
});

import type { z } from 'zod';
import { DEFAULT_TAXONOMY } from '../records/taxonomy';
import { DEFAULT_APPRAISAL_GRADE_POINTS, DEFAULT_SCORING_STANDARD, scoringStandardBody, standardVersionParam } from './standard';

function paths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${base ? `${base}.` : ''}${key}`);
    return [base || '(body)'];
  });
}

const body = () => JSON.parse(JSON.stringify(DEFAULT_SCORING_STANDARD));

describe('DEFAULT_SCORING_STANDARD', () => {
  it('is the standard of docs/DOMAIN.md §3 and passes its own schema', () => {
    expect(scoringStandardBody.parse(DEFAULT_SCORING_STANDARD)).toEqual(DEFAULT_SCORING_STANDARD);
    expect(DEFAULT_SCORING_STANDARD).toMatchObject({
      itemBasePoints: { default: 5, byFirstLevel: { INVEST: 8, PROJECT: 8, REFORM: 8, FTP: 8, SAFETY: 8 } },
      impactMultipliers: { unit: 1, district: 1.5, city: 2, province: 3, national: 4 },
      ratingMultipliers: { excellent: 1.5, good: 1.2, pass: 1, none: 0 },
      participationShare: 0.2,
      taskVerdictMultipliers: { excellent: 1.2, pass: 1, tolerated: 0.3, fail: 0 },
      flagMultiplier: 1.5,
      leaderBonusShare: 0.1,
      yearlyCapPerItem: 60,
    });
  });

  it('names only first-level items of the default taxonomy', () => {
    const codes = DEFAULT_TAXONOMY.map((item) => item.code);
    expect(codes).toHaveLength(16);
    for (const code of Object.keys(DEFAULT_SCORING_STANDARD.itemBasePoints.byFirstLevel)) expect(codes).toContain(code);
  });
});

describe('scoringStandardBody', () => {
  it('defaults the note and trims it', () => {
    const input = body();
    delete input.note;
    expect(scoringStandardBody.parse(input).note).toBe('');
    expect(scoringStandardBody.parse({ ...body(), note: '  2027 版  ' }).note).toBe('2027 版');
  });

  it('rejects unknown fields at every level, such as a version or status set by the client', () => {
    expect(paths(scoringStandardBody, { ...body(), version: 2, status: 'active' })).toEqual(['version', 'status']);
    const input = body();
    input.impactMultipliers.galactic = 5;
    input.itemBasePoints.extra = 1;
    expect(paths(scoringStandardBody, input)).toEqual(['itemBasePoints.extra', 'impactMultipliers.galactic']);
  });

  it('needs every multiplier', () => {
    const input = body();
    delete input.ratingMultipliers.none;
    delete input.taskVerdictMultipliers.tolerated;
    expect(paths(scoringStandardBody, input)).toEqual(['ratingMultipliers.none', 'taskVerdictMultipliers.tolerated']);
  });

  it('names every missing field', () => {
    expect(paths(scoringStandardBody, {})).toEqual([
      'itemBasePoints',
      'impactMultipliers',
      'ratingMultipliers',
      'participationShare',
      'taskVerdictMultipliers',
      'flagMultiplier',
      'leaderBonusShare',
      'yearlyCapPerItem',
      'effectiveFrom',
    ]);
  });

  it('bounds points 0–1000 (2 decimals), multipliers 0–10 and shares 0–1', () => {
    expect(paths(scoringStandardBody, { ...body(), yearlyCapPerItem: 1000 })).toEqual([]);
    expect(paths(scoringStandardBody, { ...body(), yearlyCapPerItem: 1000.01 })).toEqual(['yearlyCapPerItem']);
    expect(paths(scoringStandardBody, { ...body(), yearlyCapPerItem: 12.345 })).toEqual(['yearlyCapPerItem']);
    expect(paths(scoringStandardBody, { ...body(), itemBasePoints: { default: -1, byFirstLevel: { INVEST: 1001 } } })).toEqual([
      'itemBasePoints.default',
      'itemBasePoints.byFirstLevel.INVEST',
    ]);
    expect(paths(scoringStandardBody, { ...body(), flagMultiplier: 10 })).toEqual([]);
    expect(paths(scoringStandardBody, { ...body(), flagMultiplier: 10.5 })).toEqual(['flagMultiplier']);
    expect(paths(scoringStandardBody, { ...body(), impactMultipliers: { ...body().impactMultipliers, city: -0.1 } })).toEqual(['impactMultipliers.city']);
    expect(paths(scoringStandardBody, { ...body(), participationShare: 1.2, leaderBonusShare: -0.1 })).toEqual(['participationShare', 'leaderBonusShare']);
    expect(paths(scoringStandardBody, { ...body(), participationShare: 0, leaderBonusShare: 1 })).toEqual([]);
  });

  it('rejects strings, operators and bad codes in place of numbers and keys', () => {
    expect(paths(scoringStandardBody, { ...body(), flagMultiplier: '1.5' })).toEqual(['flagMultiplier']);
    expect(paths(scoringStandardBody, { ...body(), yearlyCapPerItem: { $gt: 0 } })).toEqual(['yearlyCapPerItem']);
    expect(paths(scoringStandardBody, { ...body(), itemBasePoints: { default: 5, byFirstLevel: { $where: 1 } } }).length).toBeGreaterThan(0);
    expect(paths(scoringStandardBody, { ...body(), itemBasePoints: { default: 5, byFirstLevel: { 'a.b': 1 } } }).length).toBeGreaterThan(0);
    expect(paths(scoringStandardBody, { ...body(), effectiveFrom: '2026-02-30' })).toEqual(['effectiveFrom']);
  });

  it('limits the items with their own base points to 50', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`ITEM${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`, 5]));
    expect(paths(scoringStandardBody, { ...body(), itemBasePoints: { default: 5, byFirstLevel: many } })).toEqual(['itemBasePoints.byFirstLevel']);
  });
});

describe('scoringStandardBody: appraisalGradePoints', () => {
  it('defaults to 年度 优秀 10 / 称职 5, 平时 好 2 / 较好 1, 专项 优秀 5 / 称职 2, the rest 0', () => {
    expect(DEFAULT_SCORING_STANDARD.appraisalGradePoints).toEqual({
      annual: { excellent: 10, competent: 5, basic: 0, incompetent: 0 },
      quarterly: { good: 2, fairly_good: 1, average: 0, poor: 0 },
      special: { excellent: 5, competent: 2, basic: 0, incompetent: 0 },
    });
    expect(DEFAULT_SCORING_STANDARD.appraisalGradePoints).toEqual(DEFAULT_APPRAISAL_GRADE_POINTS);
  });

  it('a standard stored before grades gave points (or a client that does not send them) parses with the defaults', () => {
    const older = body();
    delete older.appraisalGradePoints;
    const parsed = scoringStandardBody.parse(older);
    expect(parsed.appraisalGradePoints).toEqual(DEFAULT_APPRAISAL_GRADE_POINTS);
    // Each parse gets its own copy: changing one changes neither the next nor the constant.
    parsed.appraisalGradePoints.annual.excellent = 99;
    expect(scoringStandardBody.parse(older).appraisalGradePoints.annual.excellent).toBe(10);
    expect(DEFAULT_APPRAISAL_GRADE_POINTS.annual.excellent).toBe(10);
  });

  it('keeps the points given, and names every wrong one: a grade of the other scale, a missing grade, out of bounds', () => {
    const given = { annual: { excellent: 12.5, competent: 6, basic: 1, incompetent: 0 }, quarterly: { good: 3, fairly_good: 1.5, average: 0, poor: 0 }, special: { excellent: 8, competent: 3, basic: 0, incompetent: 0 } };
    expect(scoringStandardBody.parse({ ...body(), appraisalGradePoints: given }).appraisalGradePoints).toEqual(given);
    const wrong = JSON.parse(JSON.stringify(given));
    wrong.annual.good = 1;
    delete wrong.quarterly.poor;
    wrong.special.excellent = 1000.01;
    wrong.special.competent = 1.234;
    wrong.annual.basic = -1;
    expect(paths(scoringStandardBody, { ...body(), appraisalGradePoints: wrong }).sort()).toEqual([
      'appraisalGradePoints.annual.basic',
      'appraisalGradePoints.annual.good',
      'appraisalGradePoints.quarterly.poor',
      'appraisalGradePoints.special.competent',
      'appraisalGradePoints.special.excellent',
    ]);
    expect(paths(scoringStandardBody, { ...body(), appraisalGradePoints: { annual: given.annual } }).sort()).toEqual(['appraisalGradePoints.quarterly', 'appraisalGradePoints.special']);
    expect(paths(scoringStandardBody, { ...body(), appraisalGradePoints: { ...given, monthly: {} } })).toEqual(['appraisalGradePoints.monthly']);
  });
});

describe('standardVersionParam', () => {
  it('is a positive integer from the path', () => {
    expect(standardVersionParam.parse('3')).toBe(3);
    expect(standardVersionParam.safeParse('0').success).toBe(false);
    expect(standardVersionParam.safeParse('1.5').success).toBe(false);
    expect(standardVersionParam.safeParse('x').success).toBe(false);
  });
});

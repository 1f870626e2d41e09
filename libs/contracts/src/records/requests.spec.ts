import { MAX_RESULT_MAGNITUDE, resultInput } from './requests';

describe('a record’s quantitative result', () => {
  it('takes a finite value within ±10^12', () => {
    for (const value of [0, 5, -3.5, MAX_RESULT_MAGNITUDE, -MAX_RESULT_MAGNITUDE]) expect(resultInput.safeParse({ name: '招商引资额', value, unit: '亿元' }).success).toBe(true);
  });

  it('refuses 1e308, Infinity, NaN and anything beyond the bound, naming value', () => {
    for (const value of [1e308, -1e308, Infinity, -Infinity, NaN, MAX_RESULT_MAGNITUDE * 1.0001, '5']) {
      const result = resultInput.safeParse({ name: '招商引资额', value });
      expect({ value, ok: result.success }).toEqual({ value, ok: false });
      expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['value']);
    }
  });
});

import { fromBeijingInput, toBeijingInput } from './shared';
import { EVALUATION_TOTAL_MAX, ownEvaluation, rubricTotal } from './rules';

describe('deadlines typed and shown in Beijing time', () => {
  it('reads Beijing wall-clock text as UTC, whatever the browser’s zone', () => {
    expect(fromBeijingInput('2099-01-01 10:00')).toBe('2099-01-01T02:00:00.000Z');
    expect(fromBeijingInput('2099-01-01 03:30')).toBe('2098-12-31T19:30:00.000Z');
    expect(fromBeijingInput(undefined)).toBeUndefined();
    expect(fromBeijingInput('明天')).toBe('明天');
  });

  it('shows an ISO time as Beijing wall-clock text, round trip included', () => {
    expect(toBeijingInput('2098-12-31T19:30:00.000Z')).toBe('2099-01-01 03:30');
    expect(fromBeijingInput(toBeijingInput('2026-12-04T05:15:00.000Z'))).toBe('2026-12-04T05:15:00.000Z');
    expect(toBeijingInput(null)).toBe('');
  });
});

describe('the rubric while scoring', () => {
  it('totals what is typed so far, blanks as 0, to one decimal, out of 100', () => {
    expect(EVALUATION_TOTAL_MAX).toBe(100);
    expect(rubricTotal(undefined)).toBe(0);
    expect(rubricTotal({ feasibility: 26, capability: 27.5 })).toBe(53.5);
    expect(rubricTotal({ feasibility: 0.1, innovation: 0.2, capability: null })).toBe(0.3);
  });

  it('finds the viewer’s own evaluation among a bid’s evaluations', () => {
    const mine = { evaluatorId: 'u-1', evaluatorName: '周明', scores: { feasibility: 1, innovation: 1, capability: 1, benefit: 1 }, total: 4, comment: '', at: '' };
    expect(ownEvaluation({ evaluations: [mine] }, { id: 'u-1' })).toBe(mine);
    expect(ownEvaluation({ evaluations: [mine] }, { id: 'u-2' })).toBeUndefined();
  });
});

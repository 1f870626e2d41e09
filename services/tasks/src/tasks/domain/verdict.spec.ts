import { bestVerdict, tallyVerdicts, teamReviewState, verdictOf } from './verdict';

describe('verdictOf', () => {
  it('is null without reviews', () => {
    expect(verdictOf([])).toBeNull();
  });

  it('is the single review', () => {
    expect(verdictOf(['excellent'])).toBe('excellent');
    expect(verdictOf(['tolerated'])).toBe('tolerated');
  });

  it('is the verdict most reviews gave', () => {
    expect(verdictOf(['pass', 'excellent', 'excellent'])).toBe('excellent');
    expect(verdictOf(['fail', 'pass', 'pass', 'excellent', 'pass'])).toBe('pass');
    expect(verdictOf(['tolerated', 'tolerated', 'fail'])).toBe('tolerated');
  });

  it('takes a plurality, not only an absolute majority', () => {
    expect(verdictOf(['excellent', 'excellent', 'pass', 'fail'])).toBe('excellent');
  });

  it('sends a tie to the lower verdict', () => {
    expect(verdictOf(['excellent', 'pass'])).toBe('pass');
    expect(verdictOf(['pass', 'tolerated'])).toBe('tolerated');
    expect(verdictOf(['tolerated', 'fail'])).toBe('fail');
    expect(verdictOf(['excellent', 'fail'])).toBe('fail');
    expect(verdictOf(['excellent', 'excellent', 'tolerated', 'tolerated', 'pass'])).toBe('tolerated');
    expect(verdictOf(['excellent', 'pass', 'tolerated', 'fail'])).toBe('fail');
  });

  it('lets a tie below the top not matter', () => {
    expect(verdictOf(['excellent', 'excellent', 'excellent', 'tolerated', 'fail'])).toBe('excellent');
  });
});

describe('tallyVerdicts', () => {
  it('counts every verdict, zeros included', () => {
    expect(tallyVerdicts(['pass', 'fail', 'pass'])).toEqual({ excellent: 0, pass: 2, tolerated: 0, fail: 1 });
    expect(tallyVerdicts([])).toEqual({ excellent: 0, pass: 0, tolerated: 0, fail: 0 });
  });
});

describe('bestVerdict', () => {
  it('is the best of the teams’ verdicts, null for none', () => {
    expect(bestVerdict(['fail', 'pass', 'tolerated'])).toBe('pass');
    expect(bestVerdict(['fail'])).toBe('fail');
    expect(bestVerdict([])).toBeNull();
  });
});

describe('teamReviewState', () => {
  const reviews = [
    { evaluatorId: 'e1', teamId: 'a', verdict: 'excellent' as const },
    { evaluatorId: 'e2', teamId: 'a', verdict: 'excellent' as const },
    { evaluatorId: 'e1', teamId: 'b', verdict: 'fail' as const },
  ];

  it('applies the plurality rule to the team’s own reviews and lists who is still awaited', () => {
    expect(teamReviewState('a', reviews, ['e1', 'e2'])).toMatchObject({ verdict: 'excellent', pending: [], verdictTally: { excellent: 2, pass: 0, tolerated: 0, fail: 0 } });
    expect(teamReviewState('b', reviews, ['e1', 'e2'])).toMatchObject({ verdict: 'fail', pending: ['e2'] });
    expect(teamReviewState('c', reviews, ['e1'])).toMatchObject({ verdict: null, pending: ['e1'], reviews: [] });
  });

  it('counts a review without a team (given before reviews named one) for every team', () => {
    expect(teamReviewState('c', [{ evaluatorId: 'e1', verdict: 'pass' as const }], ['e1'])).toMatchObject({ verdict: 'pass', pending: [] });
  });
});

import { tallyVerdicts, verdictOf } from './verdict';

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

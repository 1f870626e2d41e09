import { childPath, rebasePath, wouldCreateCycle } from './department-tree';
import { passwordProblems } from './password-policy';

describe('department tree', () => {
  it('builds a child path under its parent', () => {
    expect(childPath(['city', 'district'], 'bureau')).toEqual(['city', 'district', 'bureau']);
    expect(childPath(null, 'city')).toEqual(['city']);
  });

  it('refuses a move under its own subtree', () => {
    expect(wouldCreateCycle('district', ['city', 'district', 'bureau'])).toBe(true);
    expect(wouldCreateCycle('district', ['city', 'other'])).toBe(false);
  });

  it('rebases descendants of a moved department', () => {
    expect(rebasePath(['city', 'd1', 'b1', 'x'], ['city', 'd1', 'b1'], ['city', 'd2', 'b1'])).toEqual(['city', 'd2', 'b1', 'x']);
  });
});

describe('password policy', () => {
  it('accepts a long mixed password', () => {
    expect(passwordProblems('Haikou2026Gov', 'wang')).toEqual([]);
  });

  it('names every rule a weak password breaks', () => {
    expect(passwordProblems('short', 'wang')[0].message).toBe('must have at least 10 characters, mix letters and digits');
    expect(passwordProblems('wangwei2026x', 'wangwei')[0].message).toBe('must not contain the username');
  });
});

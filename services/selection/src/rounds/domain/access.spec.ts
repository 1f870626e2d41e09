import { ProblemException } from '@cadre/platform';
import { isOrganisation, requireNotCandidate, requireOrganisation, withinRound } from './access';

const status = (f: () => void) => {
  try {
    f();
    return 0;
  } catch (e) {
    return (e as ProblemException).problem.status;
  }
};

describe('who may manage rounds', () => {
  it('assessors and admins; nobody else', () => {
    expect(isOrganisation({ roles: ['assessor'] })).toBe(true);
    expect(isOrganisation({ roles: ['admin'] })).toBe(true);
    expect(isOrganisation({ roles: ['cadre', 'reviewer', 'appraiser'] })).toBe(false);
    expect(status(() => requireOrganisation({ roles: ['reviewer'] }))).toBe(403);
    expect(status(() => requireOrganisation({ roles: ['admin'] }))).toBe(0);
  });
  it('the candidate may not object to themselves', () => {
    expect(status(() => requireNotCandidate('a', 'a'))).toBe(403);
    expect(status(() => requireNotCandidate('a', 'b'))).toBe(0);
  });
  it('a department path within one of the round’s departments (subtree)', () => {
    expect(withinRound(['d'], ['c', 'd', 'e'])).toBe(true);
    expect(withinRound(['x', 'e'], ['c', 'd', 'e'])).toBe(true);
    expect(withinRound(['x'], ['c', 'd'])).toBe(false);
  });
});

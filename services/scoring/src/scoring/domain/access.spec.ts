import type { Caller, Role } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { isKnownCadre, mayManageStandards, mayReadScore, mayRecalculateRankings, readsScoresCityWide, requireAllowed, scoreAccessNeedsDepartment } from './access';

// city → district A → bureau A1; city → district B.
const A = ['city', 'a'];
const A1 = ['city', 'a', 'a1'];
const B = ['city', 'b'];

const caller = (userId: string, roles: Role[], path: string[]): Caller => ({ userId, name: userId, roles, departmentId: path.at(-1)!, departmentPath: path });

const cadre = caller('cadre', ['cadre'], A1);
const colleague = caller('colleague', ['cadre'], A1);
const reviewerA = caller('reviewer-a', ['reviewer'], A);
const reviewerA1 = caller('reviewer-a1', ['reviewer'], A1);
const reviewerB = caller('reviewer-b', ['reviewer'], B);
const assessor = caller('assessor', ['assessor'], B);
const admin = caller('admin', ['admin'], ['city']);
const publisher = caller('publisher', ['publisher', 'evaluator'], A1);

describe('reading a score', () => {
  it('the cadre reads their own score, whatever their roles, without asking the directory', () => {
    expect(scoreAccessNeedsDepartment(cadre, 'cadre')).toBe(false);
    expect(mayReadScore(cadre, 'cadre', null)).toBe(true);
  });

  it('assessors and admins read every score city-wide, even of a cadre the directory does not know', () => {
    for (const who of [assessor, admin]) {
      expect(readsScoresCityWide(who)).toBe(true);
      expect(scoreAccessNeedsDepartment(who, 'cadre')).toBe(false);
      expect(mayReadScore(who, 'cadre', A1)).toBe(true);
      expect(mayReadScore(who, 'stranger', null)).toBe(true);
    }
  });

  it('a reviewer reads the scores of cadres within their department subtree', () => {
    expect(scoreAccessNeedsDepartment(reviewerA, 'cadre')).toBe(true);
    expect(mayReadScore(reviewerA, 'cadre', A1)).toBe(true);
    expect(mayReadScore(reviewerA1, 'cadre', A1)).toBe(true);
  });

  it('refuses a reviewer of another department: a sibling district, or a bureau below the cadre’s', () => {
    expect(mayReadScore(reviewerB, 'cadre', A1)).toBe(false);
    expect(mayReadScore(reviewerA1, 'someone', A)).toBe(false);
  });

  it('an appraiser (考核专员) reads the scores of their department subtree only', () => {
    const appraiserA = caller('appraiser-a', ['appraiser'], A);
    const appraiserB = caller('appraiser-b', ['appraiser'], B);
    expect(scoreAccessNeedsDepartment(appraiserA, 'cadre')).toBe(true);
    expect(mayReadScore(appraiserA, 'cadre', A1)).toBe(true);
    expect(mayReadScore(appraiserB, 'cadre', A1)).toBe(false);
    expect(mayReadScore(appraiserA, 'stranger', null)).toBe(false);
  });

  it('refuses a reviewer when the directory does not know the cadre', () => {
    expect(mayReadScore(reviewerA, 'stranger', null)).toBe(false);
  });

  it('refuses the wrong role: another cadre, a publisher or evaluator of the same bureau', () => {
    expect(scoreAccessNeedsDepartment(colleague, 'cadre')).toBe(false);
    expect(mayReadScore(colleague, 'cadre', A1)).toBe(false);
    expect(mayReadScore(publisher, 'cadre', A1)).toBe(false);
  });
});

describe('administering scoring', () => {
  it('only admins manage standards and recalculate rankings', () => {
    expect(mayManageStandards(admin)).toBe(true);
    expect(mayRecalculateRankings(admin)).toBe(true);
    for (const who of [cadre, reviewerA, assessor, publisher]) {
      expect(mayManageStandards(who)).toBe(false);
      expect(mayRecalculateRankings(who)).toBe(false);
    }
  });

  it('requireAllowed answers the caller, 401 without one and 403 for the wrong role', () => {
    expect(requireAllowed(admin, mayManageStandards)).toBe(admin);
    const status = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return (error as ProblemException).problem.status;
      }
      return 200;
    };
    expect(status(() => requireAllowed(undefined, mayManageStandards))).toBe(401);
    expect(status(() => requireAllowed(assessor, mayManageStandards))).toBe(403);
    expect(status(() => requireAllowed(reviewerA, mayRecalculateRankings))).toBe(403);
  });
});

describe('whether a score names a cadre (404 otherwise)', () => {
  it('the caller themself is known, even before the directory has them', () => {
    expect(isKnownCadre(cadre, 'cadre', null, false)).toBe(true);
  });

  it('a user the directory knows with the cadre role is known, with or without points', () => {
    expect(isKnownCadre(admin, 'cadre', ['cadre'], false)).toBe(true);
    expect(isKnownCadre(admin, 'cadre', ['cadre', 'reviewer'], true)).toBe(true);
  });

  it('an id the directory does not know, or a user without the cadre role, is not, unless the ledger holds their points', () => {
    expect(isKnownCadre(admin, 'nobody', null, false)).toBe(false);
    expect(isKnownCadre(assessor, 'publisher', ['publisher'], false)).toBe(false);
    expect(isKnownCadre(admin, 'former-cadre', ['publisher'], true)).toBe(true);
  });
});

import type { Caller } from '@cadre/contracts';
import { mayGrade, mayReview, maySeeCadre, maySeeDepartment } from './access';

const who = (roles: Caller['roles'], departmentId = 'd1', userId = 'u1'): Caller => ({ userId, name: 'x', roles, departmentId, departmentPath: ['root', departmentId] });

describe('appraisal access', () => {
  it('an appraiser grades the cadres of their subtree, never themselves', () => {
    expect(mayGrade(who(['appraiser']), 'c1', ['root', 'd1', 'd11'])).toBeNull();
    expect(mayGrade(who(['appraiser']), 'c1', ['root', 'd2'])?.status).toBe(403);
    expect(mayGrade(who(['appraiser', 'cadre'], 'd1', 'c1'), 'c1', ['root', 'd1'])?.status).toBe(403);
    expect(mayGrade(who(['reviewer']), 'c1', ['root', 'd1'])?.status).toBe(403);
  });

  it('an assessor reviews, never their own', () => {
    expect(mayReview(who(['assessor']), 'c1')).toBeNull();
    expect(mayReview(who(['assessor'], 'd1', 'c1'), 'c1')?.status).toBe(403);
    expect(mayReview(who(['admin']), 'c1')?.status).toBe(403);
  });

  it('departments: appraisers and reviewers their subtree, assessors and admins all, cadres none', () => {
    expect(maySeeDepartment(who(['reviewer']), ['root', 'd1'])).toBe(true);
    expect(maySeeDepartment(who(['reviewer']), ['root', 'd2'])).toBe(false);
    expect(maySeeDepartment(who(['assessor']), ['root', 'd2'])).toBe(true);
    expect(maySeeDepartment(who(['cadre']), ['root', 'd1'])).toBe(false);
    expect(maySeeCadre(who(['cadre'], 'd1', 'c1'), 'c1', ['root', 'd1'])).toBe(true);
    expect(maySeeCadre(who(['cadre'], 'd1', 'c2'), 'c1', ['root', 'd1'])).toBe(false);
  });
});

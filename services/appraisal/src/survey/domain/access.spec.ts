import type { Caller, Role } from '@cadre/contracts';
import { assertCanCloseSurvey, assertCanEditRaters, canViewSurvey } from './access';

const caller = (roles: Role[], departmentPath: string[], userId = 'me'): Caller => ({ userId, name: 'x', roles, departmentId: departmentPath.at(-1)!, departmentPath });
const status = (work: () => void) => {
  try {
    work();
    return 200;
  } catch (error) {
    return (error as { problem?: { status: number } }).problem?.status;
  }
};

describe('survey access', () => {
  const dept = ['root', 'district', 'bureau'];

  it('shows a department survey to appraisers of its subtree, assessors and admins only', () => {
    expect(canViewSurvey(caller(['appraiser'], ['root', 'district']), dept)).toBe(true);
    expect(canViewSurvey(caller(['appraiser'], ['root', 'other']), dept)).toBe(false);
    expect(canViewSurvey(caller(['reviewer'], dept), dept)).toBe(false);
    expect(canViewSurvey(caller(['cadre'], dept), dept)).toBe(false);
    expect(canViewSurvey(caller(['assessor'], ['root']), dept)).toBe(true);
    expect(canViewSurvey(caller(['admin'], ['root']), dept)).toBe(true);
  });

  it('lets appraisers of the subtree and admins edit raters, never of the other department, never the cadre their own', () => {
    const cadre = { cadreId: 'c1', departmentPath: dept };
    expect(status(() => assertCanEditRaters(caller(['appraiser'], dept), cadre))).toBe(200);
    expect(status(() => assertCanEditRaters(caller(['admin'], ['root']), cadre))).toBe(200);
    expect(status(() => assertCanEditRaters(caller(['appraiser'], ['root', 'other']), cadre))).toBe(403);
    expect(status(() => assertCanEditRaters(caller(['assessor'], ['root']), cadre))).toBe(403);
    expect(status(() => assertCanEditRaters(caller(['appraiser', 'cadre'], dept, 'c1'), cadre))).toBe(403);
  });

  it('closes a survey for admins only', () => {
    expect(status(() => assertCanCloseSurvey(caller(['admin'], ['root'])))).toBe(200);
    expect(status(() => assertCanCloseSurvey(caller(['assessor'], ['root'])))).toBe(403);
  });
});

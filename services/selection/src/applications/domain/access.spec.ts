import type { Caller } from '@cadre/contracts';
import { mayListApplications, mayRecommend, maySeeApplication, maySubmit } from './access';
import type { ApplicationEntry } from './application';

const caller = (userId: string, roles: Caller['roles'], departmentPath: string[]): Caller => ({ userId, name: userId, roles, departmentId: departmentPath.at(-1)!, departmentPath });
const cadre = caller('cadre1', ['cadre'], ['city', 'district', 'bureauA']);
const reviewerA = caller('reviewerA', ['reviewer'], ['city', 'district', 'bureauA']);
const reviewerDistrict = caller('reviewerD', ['reviewer'], ['city', 'district']);
const reviewerB = caller('reviewerB', ['reviewer'], ['city', 'district', 'bureauB']);
const assessor = caller('assessor', ['assessor'], ['city']);
const admin = caller('admin', ['admin'], ['city']);
const bureauA = { id: 'bureauA', name: '龙华区发改局', departmentId: 'bureauA', departmentPath: ['city', 'district', 'bureauA'] };

describe('award applications: who may do what', () => {
  it('a cadre applies for themselves only', () => {
    expect(maySubmit(cadre, 'cadre', { id: 'cadre1', name: '王海军', departmentId: 'bureauA', departmentPath: bureauA.departmentPath })).toBeNull();
    expect(maySubmit(cadre, 'cadre', { id: 'cadre2', name: '李红梅', departmentId: 'bureauA', departmentPath: bureauA.departmentPath })).toMatch(/本人/);
    expect(maySubmit(reviewerA, 'cadre', { id: 'reviewerA', name: 'x', departmentId: 'bureauA', departmentPath: bureauA.departmentPath })).toMatch(/干部/);
  });

  it('a reviewer applies for a department of their subtree', () => {
    expect(maySubmit(reviewerA, 'department', bureauA)).toBeNull();
    expect(maySubmit(reviewerDistrict, 'department', bureauA)).toBeNull();
    expect(maySubmit(reviewerB, 'department', bureauA)).toMatch(/本单位/);
    expect(maySubmit(cadre, 'department', bureauA)).toMatch(/审核人/);
    expect(maySubmit(assessor, 'department', bureauA)).toMatch(/审核人/);
  });

  it('lists: reviewers (their subtree), assessors, admins', () => {
    expect(mayListApplications(cadre)).toBe(false);
    expect([reviewerA, assessor, admin].every(mayListApplications)).toBe(true);
    expect(maySeeApplication(reviewerA, bureauA.departmentPath)).toBe(true);
    expect(maySeeApplication(reviewerB, bureauA.departmentPath)).toBe(false);
    expect(maySeeApplication(assessor, ['elsewhere'])).toBe(true);
  });

  it('recommends: a reviewer of the subtree, never the applicant nor the submitter', () => {
    const entry = { applicantId: 'cadre1', submittedBy: { id: 'cadre1', name: '王海军' }, departmentPath: bureauA.departmentPath } as ApplicationEntry;
    expect(mayRecommend(reviewerA, entry)).toBeNull();
    expect(mayRecommend(reviewerDistrict, entry)).toBeNull();
    expect(mayRecommend(reviewerB, entry)).toMatch(/本单位/);
    expect(mayRecommend(assessor, entry)).toMatch(/审核人/);
    const ownDepartment = { applicantId: 'bureauA', submittedBy: { id: 'reviewerA', name: 'reviewerA' }, departmentPath: bureauA.departmentPath } as ApplicationEntry;
    expect(mayRecommend(reviewerA, ownDepartment)).toMatch(/自己提交/);
    expect(mayRecommend(reviewerDistrict, ownDepartment)).toBeNull();
    const reviewerCadre = caller('cadre1', ['cadre', 'reviewer'], bureauA.departmentPath);
    expect(mayRecommend(reviewerCadre, entry)).toMatch(/自己的申报/);
  });
});

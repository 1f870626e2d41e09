import type { Caller } from '@cadre/contracts';
import { mayDecide, maySeeAppeal, seesAll } from './access';

const caller = (userId: string, roles: Caller['roles']): Caller => ({ userId, name: userId, roles, departmentId: 'd', departmentPath: ['d'] });
const appeal = { appellant: { id: 'cadre1', name: '王海军', departmentId: 'd', departmentPath: ['d'] } };

describe('appeals: who may do what', () => {
  it('the appellant, assessors and admins see it; nobody else', () => {
    expect(maySeeAppeal(caller('cadre1', ['cadre']), appeal)).toBe(true);
    expect(maySeeAppeal(caller('assessor', ['assessor']), appeal)).toBe(true);
    expect(maySeeAppeal(caller('admin', ['admin']), appeal)).toBe(true);
    expect(maySeeAppeal(caller('cadre2', ['cadre', 'reviewer']), appeal)).toBe(false);
    expect(seesAll(caller('reviewer', ['reviewer']))).toBe(false);
  });

  it('an assessor decides, never an admin without the role, never the appellant', () => {
    expect(mayDecide(caller('assessor', ['assessor']), appeal)).toBeNull();
    expect(mayDecide(caller('admin', ['admin']), appeal)).toMatch(/考核部门/);
    expect(mayDecide(caller('cadre1', ['cadre', 'assessor']), appeal)).toMatch(/本人/);
  });
});

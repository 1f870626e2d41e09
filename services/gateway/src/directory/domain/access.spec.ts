import type { Caller, Role } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { DIRECTORY_MANAGERS, enforce, mayListUsers, mayManageDepartments, mayManageUsers, mayReadUser } from './access';

const city = 'city';
const district = 'district';
const caller = (roles: Role[], userId = 'u-1', departmentPath = [city, district]): Caller => ({
  userId,
  name: '王海军',
  roles,
  departmentId: departmentPath[departmentPath.length - 1],
  departmentPath,
});
const NON_MANAGERS: Role[] = ['cadre', 'reviewer', 'assessor', 'publisher', 'evaluator'];
const manages = [mayManageDepartments, mayManageUsers, mayListUsers];

describe('directory access', () => {
  it('lets administrators manage departments and users, and list users', () => {
    expect(DIRECTORY_MANAGERS).toEqual(['admin']);
    for (const rule of manages) expect(rule(caller(['admin']))).toEqual({ allowed: true });
    for (const rule of manages) expect(rule(caller(['cadre', 'admin']))).toEqual({ allowed: true });
  });

  it('refuses every other role, whatever else the caller holds', () => {
    for (const role of NON_MANAGERS) {
      for (const rule of manages) expect(rule(caller([role]))).toEqual({ allowed: false, reason: 'This needs one of the roles: admin.' });
    }
    for (const rule of manages) expect(rule(caller([...NON_MANAGERS])).allowed).toBe(false);
    for (const rule of manages) expect(rule(caller([])).allowed).toBe(false);
  });

  it('is city-wide: an administrator of a leaf department manages everything, a reviewer of the root nothing', () => {
    const leafAdmin = caller(['admin'], 'u-2', [city, district, 'bureau']);
    const rootReviewer = caller(['reviewer'], 'u-3', [city]);
    for (const rule of manages) expect(rule(leafAdmin).allowed).toBe(true);
    for (const rule of manages) expect(rule(rootReviewer).allowed).toBe(false);
  });

  it('lets a user read themself, an administrator anyone, nobody else another user', () => {
    expect(mayReadUser(caller(['cadre'], 'u-1'), 'u-1')).toEqual({ allowed: true });
    expect(mayReadUser(caller(['admin'], 'u-1'), 'u-9')).toEqual({ allowed: true });
    for (const role of NON_MANAGERS) {
      expect(mayReadUser(caller([role], 'u-1'), 'u-9')).toEqual({ allowed: false, reason: 'Only administrators may read other users.' });
    }
    // The same department (or a parent department's reviewer) gives no right to read a colleague.
    expect(mayReadUser(caller(['reviewer'], 'u-1', [city]), 'u-9').allowed).toBe(false);
  });

  it('turns a refusal into a 403 with its reason', () => {
    expect(() => enforce({ allowed: true })).not.toThrow();
    try {
      enforce(mayManageUsers(caller(['cadre'])));
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).problem).toMatchObject({ status: 403, detail: 'This needs one of the roles: admin.' });
    }
  });
});

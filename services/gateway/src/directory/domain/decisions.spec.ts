import type { CreateUserInput } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { departmentChange, newDepartment, rebasedDepartment, type Department } from './department';
import { newUser, newUserProblems, rebasedUser, userChange, userChangeProblems, type User } from './user';

const dept = (id: string, path: string[], version = 1): Department => ({ _id: id, code: id.toUpperCase(), name: id, parentId: path.at(-2) ?? null, path, version });
const d1 = dept('d1', ['city', 'd1'], 3);
const d2 = dept('d2', ['city', 'd2']);
const bureau = dept('bureau', ['city', 'd1', 'bureau'], 2);

function fieldErrors(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return error.problem.errors ?? [];
    throw error;
  }
  throw new Error('expected a 400');
}

describe('department decisions', () => {
  it('creates the root only in an empty tree, and children under an existing parent', () => {
    expect(newDepartment('x', { name: '海口市', code: 'CITY' }, null, false)).toMatchObject({ _id: 'x', parentId: null, path: ['x'], version: 1 });
    expect(fieldErrors(() => newDepartment('x', { name: '海口市', code: 'CITY' }, null, true))).toEqual([{ path: 'parentId', message: 'is required: the tree already has its root' }]);
    expect(fieldErrors(() => newDepartment('x', { name: 'b', code: 'B', parentId: 'gone' }, null, true))).toEqual([{ path: 'parentId', message: 'no such department' }]);
    expect(newDepartment('x', { name: 'b', code: 'B', parentId: 'd1' }, d1, true).path).toEqual(['city', 'd1', 'x']);
  });

  it('renames with the whole state in the event at the next version', () => {
    const change = departmentChange(d1, { name: '龙华区' });
    expect(change.set).toMatchObject({ name: '龙华区', code: 'D1', path: ['city', 'd1'] });
    expect(change.events).toEqual([
      { subject: 'directory.department.upserted', data: { departmentId: 'd1', code: 'D1', name: '龙华区', parentId: 'city', path: ['city', 'd1'], version: 4 } },
    ]);
  });

  it('moves under another parent, never under itself nor to a second root', () => {
    expect(departmentChange(bureau, { parentId: 'd2' }, d2).set).toMatchObject({ parentId: 'd2', path: ['city', 'd2', 'bureau'] });
    expect(fieldErrors(() => departmentChange(d1, { parentId: 'bureau' }, bureau))).toEqual([{ path: 'parentId', message: 'would put the department under itself' }]);
    expect(fieldErrors(() => departmentChange(d1, { parentId: null }))).toEqual([{ path: 'parentId', message: 'a department cannot become a second root' }]);
    expect(fieldErrors(() => departmentChange(d1, { parentId: 'gone' }, null))).toEqual([{ path: 'parentId', message: 'no such department' }]);
  });

  it('rebases a descendant of a moved department', () => {
    const change = rebasedDepartment(dept('x', ['city', 'd1', 'bureau', 'x'], 5), ['city', 'd1', 'bureau'], ['city', 'd2', 'bureau']);
    expect(change.set).toEqual({ path: ['city', 'd2', 'bureau', 'x'] });
    expect(change.events?.[0].data).toMatchObject({ departmentId: 'x', path: ['city', 'd2', 'bureau', 'x'], version: 6 });
  });
});

describe('user decisions', () => {
  const input: CreateUserInput = { username: 'wanghj', password: 'Haikou2026Gov', name: '王海军', staffNo: 'HK-1', departmentId: 'bureau', roles: ['cadre', 'cadre', 'reviewer'], rankLevel: 'section', title: '科长' };
  const user: User = { ...newUser('u1', input, bureau, 'hash'), version: 2 };

  it('names a weak password and a missing department together', () => {
    expect(newUserProblems(input, bureau)).toEqual([]);
    expect(newUserProblems({ ...input, password: 'short' }, null).map((e) => e.path)).toEqual(['password', 'departmentId']);
    expect(newUserProblems({ ...input, password: 'admin-dev-password' }, bureau, { enforcePasswordPolicy: false })).toEqual([]);
  });

  it('creates an active user with each role once', () => {
    expect(newUser('u1', input, bureau, 'hash')).toMatchObject({ departmentPath: ['city', 'd1', 'bureau'], roles: ['cadre', 'reviewer'], active: true, postDate: null, version: 1 });
  });

  it('writes the name’s search keys with every name, and the e-mail address (in the event only when there is one)', () => {
    expect(user).toMatchObject({ pinyinInitials: 'whj', pinyinFull: 'wanghaijun', email: null });
    expect(userChange(user, { name: '黄海' }, {}).set).toMatchObject({ name: '黄海', pinyinInitials: 'hh', pinyinFull: 'huanghai' });
    const mailed = userChange(user, { email: 'whj@example.gov.cn' }, {});
    expect(mailed.set).toMatchObject({ email: 'whj@example.gov.cn', pinyinInitials: 'whj' });
    expect(mailed.events?.[0].data).toMatchObject({ email: 'whj@example.gov.cn' });
    const withMail = { ...user, email: 'whj@example.gov.cn' };
    expect(userChange(withMail, { title: '处长' }, {}).set).toMatchObject({ email: 'whj@example.gov.cn' });
    const removed = userChange(withMail, { email: null }, {});
    expect(removed.set).toMatchObject({ email: null });
    expect(removed.events?.[0].data).not.toHaveProperty('email');
    expect(newUser('u2', { ...input, email: 'a@b.cn' }, bureau, 'hash').email).toBe('a@b.cn');
  });

  it('changes a user with the whole state (never the hash) in the event', () => {
    expect(userChangeProblems(user, { password: 'wanghj2026abc' }, undefined)).toEqual([{ path: 'password', message: 'must not contain the username' }]);
    expect(userChangeProblems(user, { departmentId: 'gone' }, null)).toEqual([{ path: 'departmentId', message: 'no such department' }]);
    const change = userChange(user, { active: false, departmentId: 'd2', password: 'Other2026pass' }, { department: d2, passwordHash: 'new-hash' });
    expect(change.set).toMatchObject({ active: false, departmentId: 'd2', departmentPath: ['city', 'd2'], passwordHash: 'new-hash', roles: ['cadre', 'reviewer'] });
    expect(change.events).toEqual([
      {
        subject: 'directory.user.upserted',
        data: { userId: 'u1', username: 'wanghj', name: '王海军', staffNo: 'HK-1', departmentId: 'd2', departmentPath: ['city', 'd2'], roles: ['cadre', 'reviewer'], rankLevel: 'section', title: '科长', active: false, version: 3 },
      },
    ]);
  });

  it('rebases a member of a moved department', () => {
    const change = rebasedUser(user, ['city', 'd1'], ['city', 'd2', 'd1']);
    expect(change.set).toEqual({ departmentPath: ['city', 'd2', 'd1', 'bureau'] });
    expect(change.events?.[0].data).toMatchObject({ departmentPath: ['city', 'd2', 'd1', 'bureau'], version: 3 });
  });
});

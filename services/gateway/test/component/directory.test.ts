/**
 * The directory the gateway owns, in process without the other services: departments and users created,
 * changed, moved and listed by an administrator; every field a bad body gets wrong named (400); other roles
 * refused (403); duplicates refused (409); and each change announced as `directory.*.upserted` with the whole
 * state at its version, as the other services' replicas need it.
 */
import { randomBytes } from 'node:crypto';
import {
  DIRECTORY_EVENTS,
  departmentListViewSchema,
  departmentViewSchema,
  userPageViewSchema,
  userViewSchema,
  type DepartmentUpsertedV1,
  type DepartmentView,
  type Problem,
  type UserUpsertedV1,
  type UserView,
} from '@cadre/contracts';
import { matchesSchema, waitUntil } from '@cadre/testing';
import { DirectoryReader } from '../../src/directory/directory-reader';
import { PASSWORD, startGateway, type Answer, type ComponentGateway } from './harness';

jest.setTimeout(120_000);

const code = (prefix: string) => `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;

function problem(answer: Answer, status: number): Problem {
  expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  return answer.body as Problem;
}
const paths = (p: Problem) => (p.errors ?? []).map((e) => e.path).sort();

describe('gateway in process: the directory', () => {
  let gateway: ComponentGateway;
  let root: DepartmentView;
  let cadreToken: string;
  let cadre: UserView;
  const asAdmin = (method: string, url: string, body?: unknown) => gateway.call(method, url, { token: gateway.adminToken, body });
  const newDepartment = async (name: string, parentId: string) => {
    const answer = await asAdmin('POST', '/departments', { name, code: code('D'), parentId });
    expect(answer.status).toBe(201);
    return matchesSchema(departmentViewSchema, answer.body, 'the created department');
  };
  /** The events announcing one aggregate, in order, once `count` of them have been published. */
  const eventsOf = <T>(subject: string, key: 'departmentId' | 'userId', id: string, count: number) =>
    waitUntil(
      async () => {
        const found = (await gateway.events(subject)).map((e) => e.data as T).filter((data) => (data as Record<string, unknown>)[key] === id);
        return found.length >= count ? found : undefined;
      },
      { timeoutMs: 10_000, what: `${count} ${subject} events of ${id}` },
    );

  beforeAll(async () => {
    gateway = await startGateway();
    root = (await asAdmin('GET', '/departments')).body.items[0];
    cadre = await gateway.createUser(root.id, ['cadre', 'reviewer']);
    cadreToken = await gateway.tokenOf(cadre.username);
  });
  afterAll(() => gateway?.stop());

  it('creates, reads, renames and lists departments, each change announced with its version', async () => {
    const district = await newDepartment('龙华区', root.id);
    expect(district).toMatchObject({ parentId: root.id, path: [root.id, district.id], version: 1 });
    expect((await asAdmin('GET', `/departments/${district.id}`)).body).toEqual(district);
    const renamed = await asAdmin('PATCH', `/departments/${district.id}`, { name: '龙华区委' });
    expect(renamed.status).toBe(200);
    expect(matchesSchema(departmentViewSchema, renamed.body)).toEqual({ ...district, name: '龙华区委', version: 2 });
    // Every signed-in user reads the tree, root first.
    const list = await gateway.call('GET', '/departments', { token: cadreToken });
    expect(matchesSchema(departmentListViewSchema, list.body).items[0].id).toBe(root.id);
    expect(list.body.items).toContainEqual(renamed.body);

    const events = await eventsOf<DepartmentUpsertedV1>(DIRECTORY_EVENTS.departmentUpserted, 'departmentId', district.id, 2);
    expect(events).toEqual([
      { departmentId: district.id, code: district.code, name: '龙华区', parentId: root.id, path: district.path, version: 1 },
      { departmentId: district.id, code: district.code, name: '龙华区委', parentId: root.id, path: district.path, version: 2 },
    ]);
    // Published entries leave the outbox.
    await waitUntil(async () => (await gateway.db.collection('departments').findOne({ _id: district.id } as never))?.outbox.length === 0, { what: 'an empty outbox' });
  });

  it('moves a department with its subtree and its users, each rebased and announced', async () => {
    const from = await newDepartment('秀英区', root.id);
    const to = await newDepartment('美兰区', root.id);
    const bureau = await newDepartment('秀英区发改委', from.id);
    const section = await newDepartment('项目科', bureau.id);
    const member = await gateway.createUser(section.id, ['cadre']);

    const moved = await asAdmin('PATCH', `/departments/${bureau.id}`, { parentId: to.id });
    expect(moved.body).toMatchObject({ parentId: to.id, path: [root.id, to.id, bureau.id], version: 2 });
    expect((await asAdmin('GET', `/departments/${section.id}`)).body).toMatchObject({ path: [root.id, to.id, bureau.id, section.id], version: 2 });
    expect((await asAdmin('GET', `/users/${member.id}`)).body).toMatchObject({ departmentId: section.id, departmentPath: [root.id, to.id, bureau.id, section.id], version: 2 });

    const [, rebased] = await eventsOf<DepartmentUpsertedV1>(DIRECTORY_EVENTS.departmentUpserted, 'departmentId', section.id, 2);
    expect(rebased).toMatchObject({ path: [root.id, to.id, bureau.id, section.id], version: 2 });
    const [, memberRebased] = await eventsOf<UserUpsertedV1>(DIRECTORY_EVENTS.userUpserted, 'userId', member.id, 2);
    expect(memberRebased).toMatchObject({ departmentPath: [root.id, to.id, bureau.id, section.id], version: 2 });

    const underItself = problem(await asAdmin('PATCH', `/departments/${to.id}`, { parentId: section.id }), 400);
    expect(underItself.errors).toEqual([{ path: 'parentId', message: 'would put the department under itself' }]);
    expect(problem(await asAdmin('PATCH', `/departments/${to.id}`, { parentId: null }), 400).errors).toEqual([{ path: 'parentId', message: 'a department cannot become a second root' }]);
  });

  it('names every bad field of a department (400) and refuses a second root and a taken code (409)', async () => {
    expect(paths(problem(await asAdmin('POST', '/departments', { name: '', code: 'lower', parentId: 7 }), 400))).toEqual(['code', 'name', 'parentId']);
    expect(paths(problem(await asAdmin('POST', '/departments', { name: '某局', code: code('X'), parentId: root.id, extra: 1 }), 400))).toEqual(['extra']);
    const missingParent = problem(await asAdmin('POST', '/departments', { name: '某局', code: code('X'), parentId: '00000000-0000-4000-8000-000000000000' }), 400);
    expect(missingParent.errors).toEqual([{ path: 'parentId', message: 'no such department' }]);
    expect(problem(await asAdmin('POST', '/departments', { name: '第二个根', code: code('R') }), 400).errors).toEqual([{ path: 'parentId', message: 'is required: the tree already has its root' }]);

    const taken = await newDepartment('琼山区', root.id);
    expect(problem(await asAdmin('POST', '/departments', { name: '另一个', code: taken.code, parentId: root.id }), 409).detail).toBe(`The department code ${taken.code} is already in use.`);
    const other = await newDepartment('另一个', root.id);
    expect(problem(await asAdmin('PATCH', `/departments/${other.id}`, { code: taken.code }), 409).detail).toBe(`The department code ${taken.code} is already in use.`);
    expect(problem(await asAdmin('GET', '/departments/00000000-0000-4000-8000-000000000000'), 404).detail).toBe('No such department.');
  });

  it('creates, changes and reads users, each change announced with the whole state (never the password)', async () => {
    const department = await newDepartment('海口市发改委', root.id);
    const created = await asAdmin('POST', '/users', {
      username: `wang-${randomBytes(3).toString('hex')}`,
      password: PASSWORD,
      name: '王海军',
      staffNo: `HK-${randomBytes(3).toString('hex')}`,
      departmentId: department.id,
      roles: ['cadre', 'cadre'],
      rankLevel: 'section',
      title: '招商科科长',
      postDate: '2024-03-01',
    });
    expect(created.status).toBe(201);
    const user = matchesSchema(userViewSchema, created.body, 'the created user');
    expect(user).toMatchObject({ departmentPath: [root.id, department.id], roles: ['cadre'], postDate: '2024-03-01', active: true, version: 1 });

    const changed = await asAdmin('PATCH', `/users/${user.id}`, { roles: ['cadre', 'reviewer'], title: '副主任', password: 'Haikou2027New' });
    expect(matchesSchema(userViewSchema, changed.body)).toEqual({ ...user, roles: ['cadre', 'reviewer'], title: '副主任', version: 2 });
    expect((await gateway.login(user.username, 'Haikou2027New')).status).toBe(200);
    expect((await asAdmin('GET', `/users/${user.id}`)).body).toEqual(changed.body);

    const events = await eventsOf<UserUpsertedV1>(DIRECTORY_EVENTS.userUpserted, 'userId', user.id, 2);
    const state = { userId: user.id, username: user.username, name: '王海军', staffNo: user.staffNo, departmentId: department.id, departmentPath: [root.id, department.id], rankLevel: 'section', active: true };
    expect(events).toEqual([
      { ...state, roles: ['cadre'], title: '招商科科长', version: 1 },
      { ...state, roles: ['cadre', 'reviewer'], title: '副主任', version: 2 },
    ]);
    expect(problem(await asAdmin('PATCH', '/users/00000000-0000-4000-8000-000000000000', { title: 'x' }), 404).detail).toBe('No such user.');
  });

  it('names every bad field of a user (400), the password policy and a missing department included', async () => {
    const weak = problem(await asAdmin('POST', '/users', { username: 'Bad Name', password: 'x', name: '', staffNo: '#', departmentId: root.id, roles: [], rankLevel: 'general' }), 400);
    expect(paths(weak)).toEqual(['name', 'rankLevel', 'roles', 'staffNo', 'username']);
    const username = `li-${randomBytes(3).toString('hex')}`;
    const policy = problem(
      await asAdmin('POST', '/users', { username, password: `${username}2026`, name: '李', staffNo: 'S-1', departmentId: '00000000-0000-4000-8000-000000000000', roles: ['cadre'], rankLevel: 'staff' }),
      400,
    );
    expect(policy.errors).toEqual([
      { path: 'password', message: 'must not contain the username' },
      { path: 'departmentId', message: 'no such department' },
    ]);
    expect(problem(await asAdmin('PATCH', `/users/${cadre.id}`, { password: 'short' }), 400).errors).toEqual([{ path: 'password', message: 'must have at least 10 characters, mix letters and digits' }]);
    expect(paths(problem(await asAdmin('PATCH', `/users/${cadre.id}`, {}), 400))).toEqual(['(body)']);
  });

  it('refuses a taken username or staff number (409), naming which', async () => {
    const other = await gateway.createUser(root.id, ['cadre']);
    const body = { password: PASSWORD, name: '重名', departmentId: root.id, roles: ['cadre'], rankLevel: 'staff' };
    expect(problem(await asAdmin('POST', '/users', { ...body, username: other.username, staffNo: `N-${randomBytes(3).toString('hex')}` }), 409).detail).toBe(`The username ${other.username} is already in use.`);
    expect(problem(await asAdmin('POST', '/users', { ...body, username: `n-${randomBytes(3).toString('hex')}`, staffNo: other.staffNo }), 409).detail).toBe(`The staff number ${other.staffNo} is already in use.`);
    expect(problem(await asAdmin('PATCH', `/users/${cadre.id}`, { staffNo: other.staffNo }), 409).detail).toBe(`The staff number ${other.staffNo} is already in use.`);
  });

  it('lets only administrators manage and list (403), and a user read only themself', async () => {
    const as = (method: string, url: string, body?: unknown) => gateway.call(method, url, { token: cadreToken, body });
    const refusals = [
      await as('POST', '/departments', { name: '某区', code: code('Z'), parentId: root.id }),
      await as('PATCH', `/departments/${root.id}`, { name: '改名' }),
      await as('POST', '/users', { username: `x-${randomBytes(3).toString('hex')}`, password: PASSWORD, name: '某', staffNo: 'S-9', departmentId: root.id, roles: ['admin'], rankLevel: 'staff' }),
      await as('PATCH', `/users/${cadre.id}`, { roles: ['admin'] }),
      await as('GET', '/users'),
    ];
    for (const answer of refusals) expect(problem(answer, 403).detail).toBe('This needs one of the roles: admin.');
    // Refused before the body is looked at: a non-admin learns nothing about what a valid body is.
    expect(problem(await as('POST', '/departments', { bogus: true }), 403).status).toBe(403);

    const colleague = await gateway.createUser(root.id, ['cadre']);
    expect(problem(await as('GET', `/users/${colleague.id}`), 403).detail).toBe('Only administrators may read other users.');
    expect((await as('GET', `/users/${cadre.id}`)).body).toMatchObject({ id: cadre.id });
    expect((await asAdmin('GET', `/users/${colleague.id}`)).status).toBe(200);
  });

  it('lists users by department subtree, role and search, a page or the CSV file', async () => {
    const park = await newDepartment('江东新区', root.id);
    const office = await newDepartment('江东新区办公室', park.id);
    const a = await gateway.createUser(park.id, ['cadre'], { name: '陈江东' });
    const b = await gateway.createUser(office.id, ['reviewer'], { name: '林新区' });
    const page = await asAdmin('GET', `/users?departmentId=${park.id}&pageSize=1`);
    expect(matchesSchema(userPageViewSchema, page.body)).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
    expect((await asAdmin('GET', `/users?departmentId=${park.id}&role=reviewer`)).body.items.map((u: UserView) => u.id)).toEqual([b.id]);
    expect((await asAdmin('GET', `/users?q=${encodeURIComponent('江东')}`)).body.items.map((u: UserView) => u.id)).toEqual([a.id]);
    expect(paths(problem(await asAdmin('GET', '/users?pageSize=101'), 400))).toEqual(['pageSize']);

    const csv = await asAdmin('GET', `/users?departmentId=${park.id}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="users-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('用户名,姓名,工号,单位,角色,职级,职务,状态,邮箱');
    expect(lines.slice(1).sort()).toEqual(
      [`${a.username},陈江东,${a.staffNo},江东新区,干部,科级,科员,在用,`, `${b.username},林新区,${b.staffNo},江东新区办公室,审核员,科级,科员,在用,`].sort(),
    );
    // Page by page (one user a page here): every user once, in username order, however many there are.
    process.env.EXPORT_PAGE_SIZE = '1';
    try {
      const paged = await asAdmin('GET', `/users?departmentId=${park.id}&format=csv`);
      expect(String(paged.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/)).toEqual([lines[0], ...lines.slice(1).sort()]);
    } finally {
      delete process.env.EXPORT_PAGE_SIZE;
    }
  });

  it('serialises concurrent changes of one user: both apply, versions 2 and 3, two events', async () => {
    const user = await gateway.createUser(root.id, ['cadre']);
    const answers = await Promise.all([asAdmin('PATCH', `/users/${user.id}`, { title: '甲' }), asAdmin('PATCH', `/users/${user.id}`, { name: '乙' })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.version).sort()).toEqual([2, 3]);
    expect((await asAdmin('GET', `/users/${user.id}`)).body).toMatchObject({ title: '甲', name: '乙', version: 3 });
    const events = await eventsOf<UserUpsertedV1>(DIRECTORY_EVENTS.userUpserted, 'userId', user.id, 3);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(events[2]).toMatchObject({ title: '甲', name: '乙' });
  });

  it('refuses a change when another writer (another gateway replica) wrote the user meanwhile: 409, nothing written', async () => {
    const user = await gateway.createUser(root.id, ['cadre']);
    const reader = gateway.app.get(DirectoryReader);
    const lookup = reader.department.bind(reader);
    // The other replica writes while this one decides (it looks the new department up): between read and write.
    jest.spyOn(reader, 'department').mockImplementationOnce(async (id) => {
      await gateway.db.collection('users').updateOne({ _id: user.id } as never, { $set: { title: '别处改的' }, $inc: { version: 1 } });
      return lookup(id);
    });
    const stale = await asAdmin('PATCH', `/users/${user.id}`, { departmentId: root.id, title: '这里改的' });
    expect(problem(stale, 409).detail).toBe('The user changed meanwhile; reload and try again.');
    expect((await asAdmin('GET', `/users/${user.id}`)).body).toMatchObject({ title: '别处改的', version: 2 });
    const events = await eventsOf<UserUpsertedV1>(DIRECTORY_EVENTS.userUpserted, 'userId', user.id, 1);
    expect(events.map((e) => e.version)).toEqual([1]);
  });
});

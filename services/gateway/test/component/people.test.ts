/**
 * Finding people by name (`GET /people`) and the users' e-mail addresses, through the gateway in process (its HTTP
 * stack, guard and edge; real FerretDB, NATS and Redis): any signed-in user finds colleagues by the characters of a
 * name or its pinyin initials, told apart by department and title, never seeing a username, staff number or e-mail;
 * users written before the search keys existed are found once the start's backfill has run. An e-mail address is set
 * and changed by an administrator, shown to administrators and the user only, and carried in directory.user.upserted.
 */
import { randomBytes } from 'node:crypto';
import { DIRECTORY_EVENTS, loginViewSchema, meViewSchema, peopleViewSchema, userViewSchema, type DepartmentView, type PersonView, type Problem, type UserUpsertedV1, type UserView } from '@cadre/contracts';
import { matchesSchema, waitUntil } from '@cadre/testing';
import { BackfillNameKeys } from '../../src/directory/usecases/backfill-name-keys/usecase';
import { PASSWORD, startGateway, type Answer, type ComponentGateway } from './harness';

jest.setTimeout(120_000);

const code = (prefix: string) => `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;
const paths = (answer: Answer) => ((answer.body as Problem).errors ?? []).map((e) => e.path).sort();

describe('gateway in process: people search and e-mail addresses', () => {
  let gateway: ComponentGateway;
  let root: DepartmentView;
  let longhua: DepartmentView;
  let meilan: DepartmentView;
  let wangA: UserView;
  let wangB: UserView;
  let huang: UserView;
  let cadreToken: string;
  const asAdmin = (method: string, url: string, body?: unknown) => gateway.call(method, url, { token: gateway.adminToken, body });
  const people = async (query: string, token = cadreToken) => {
    const answer = await gateway.call('GET', `/people?${query}`, { token });
    expect(answer.status).toBe(200);
    return matchesSchema(peopleViewSchema, answer.body).items;
  };
  const newDepartment = async (name: string, parentId: string) => {
    const answer = await asAdmin('POST', '/departments', { name, code: code('P'), parentId });
    expect(answer.status).toBe(201);
    return answer.body as DepartmentView;
  };

  beforeAll(async () => {
    gateway = await startGateway();
    root = (await asAdmin('GET', '/departments')).body.items[0];
    longhua = await newDepartment('龙华区', root.id);
    meilan = await newDepartment('美兰区', root.id);
    wangA = await gateway.createUser(longhua.id, ['cadre'], { name: '王海军', title: '招商科科长', rankLevel: 'section' });
    wangB = await gateway.createUser(meilan.id, ['cadre'], { name: '王海军', title: '办公室主任', rankLevel: 'division' });
    huang = await gateway.createUser(meilan.id, ['cadre'], { name: '黄海军', title: '科员', rankLevel: 'staff' });
    const cadre = await gateway.createUser(root.id, ['cadre'], { name: '李查询' });
    cadreToken = await gateway.tokenOf(cadre.username);
  });
  afterAll(() => gateway?.stop());

  it('finds both 王海军 by initials and by characters, told apart by department name and title, with nothing private', async () => {
    const byInitials = await people('q=whj');
    expect(byInitials.map((p) => p.userId).sort()).toEqual([wangA.id, wangB.id].sort());
    expect(byInitials).toContainEqual<PersonView>({ userId: wangA.id, name: '王海军', departmentId: longhua.id, departmentName: '龙华区', title: '招商科科长', rankLevel: 'section', rankLabel: '科级' });
    expect(byInitials).toContainEqual<PersonView>({ userId: wangB.id, name: '王海军', departmentId: meilan.id, departmentName: '美兰区', title: '办公室主任', rankLevel: 'division', rankLabel: '处级' });
    for (const person of byInitials) for (const hidden of ['username', 'staffNo', 'email', 'id']) expect(person).not.toHaveProperty(hidden);
    // Upper case is the same query; so is the full pinyin.
    expect((await people('q=WHJ')).map((p) => p.userId).sort()).toEqual([wangA.id, wangB.id].sort());
    expect((await people('q=wanghai')).map((p) => p.userId).sort()).toEqual([wangA.id, wangB.id].sort());

    const byCharacters = await people(`q=${encodeURIComponent('海军')}`);
    expect(byCharacters.map((p) => p.userId).sort()).toEqual([wangA.id, wangB.id, huang.id].sort());
    // A name that starts with the query ranks before one that only contains it.
    expect((await people(`q=${encodeURIComponent('王')}`)).slice(0, 2).map((p) => p.name)).toEqual(['王海军', '王海军']);
  });

  it('narrows to a department’s subtree, bounds the answer, and answers 400 naming what is wrong', async () => {
    expect((await people(`q=whj&departmentId=${meilan.id}`)).map((p) => p.userId)).toEqual([wangB.id]);
    expect((await people(`q=${encodeURIComponent('海军')}&departmentId=${meilan.id}`)).map((p) => p.userId).sort()).toEqual([wangB.id, huang.id].sort());
    // An empty query lists the department's people.
    expect((await people(`departmentId=${longhua.id}`)).map((p) => p.userId)).toEqual([wangA.id]);
    expect(await people(`q=${encodeURIComponent('海军')}&limit=1`)).toHaveLength(1);

    expect(paths(await gateway.call('GET', '/people?q=whj&limit=0', { token: cadreToken }))).toEqual(['limit']);
    expect(paths(await gateway.call('GET', '/people?limit=51', { token: cadreToken }))).toEqual(['limit']);
    const unknown = await gateway.call('GET', `/people?departmentId=${'0b6c3f4e-7f1a-4d2b-9c3e-5a8d2e1f4b7c'}`, { token: cadreToken });
    expect({ status: unknown.status, paths: paths(unknown) }).toEqual({ status: 400, paths: ['departmentId'] });
    const bad = await gateway.call('GET', '/people?departmentId=nope&limit=x', { token: cadreToken });
    expect({ status: bad.status, paths: paths(bad) }).toEqual({ status: 400, paths: ['departmentId', 'limit'] });
    expect((await gateway.call('GET', '/people?q=whj')).status).toBe(401);
  });

  it('takes regular-expression characters literally (200, matching nothing they do not spell)', async () => {
    for (const q of ['.*', '(', '^王', '[a-z]+', '\\', '$where']) {
      const answer = await gateway.call('GET', `/people?q=${encodeURIComponent(q)}`, { token: cadreToken });
      expect({ q, status: answer.status }).toEqual({ q, status: 200 });
      expect(answer.body.items).toEqual([]);
    }
  });

  it('leaves out deactivated users', async () => {
    const gone = await gateway.createUser(longhua.id, ['cadre'], { name: '王海军' });
    expect((await people('q=whj')).map((p) => p.userId)).toContain(gone.id);
    expect((await asAdmin('PATCH', `/users/${gone.id}`, { active: false })).status).toBe(200);
    expect((await people('q=whj')).map((p) => p.userId)).not.toContain(gone.id);
  });

  it('finds users written before the search keys existed once the backfill has run, which a second run leaves alone', async () => {
    const legacy = await gateway.createUser(meilan.id, ['cadre'], { name: '欧阳修文' });
    await gateway.db.collection('users').updateOne({ _id: legacy.id as never }, { $unset: { pinyinInitials: '', pinyinFull: '' } });
    // Found already (the keys of the rows read are computed), by characters at least.
    expect((await people(`q=${encodeURIComponent('修文')}`)).map((p) => p.userId)).toEqual([legacy.id]);
    const backfill = gateway.app.get(BackfillNameKeys);
    expect(await backfill.execute()).toBe(1);
    expect(await gateway.db.collection('users').findOne({ _id: legacy.id as never })).toMatchObject({ pinyinInitials: 'oyxw', pinyinFull: 'ouyangxiuwen', version: 1 });
    expect((await people('q=oyxw')).map((p) => p.userId)).toEqual([legacy.id]);
    expect(await backfill.execute()).toBe(0);
  });

  it('keeps an e-mail address: set, changed, removed by an administrator, shown to admins and the user only, carried in the event', async () => {
    const user = await gateway.createUser(longhua.id, ['cadre'], { name: '邮件测试', email: 'mail.test@example.gov.cn' });
    expect(matchesSchema(userViewSchema, user).email).toBe('mail.test@example.gov.cn');
    const token = await gateway.tokenOf(user.username);
    // The user themself: sign-in, /me, their own user.
    const login = await gateway.login(user.username, PASSWORD);
    expect(matchesSchema(loginViewSchema, login.body).user.email).toBe('mail.test@example.gov.cn');
    expect(matchesSchema(meViewSchema, (await gateway.call('GET', '/me', { token })).body).email).toBe('mail.test@example.gov.cn');
    expect((await gateway.call('GET', `/users/${user.id}`, { token })).body.email).toBe('mail.test@example.gov.cn');
    // Anyone else: not the user, and not in people search.
    expect((await gateway.call('GET', `/users/${user.id}`, { token: cadreToken })).status).toBe(403);
    const found = await people(`q=${encodeURIComponent('邮件测试')}`);
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain('example.gov.cn');

    const changed = await asAdmin('PATCH', `/users/${user.id}`, { email: 'new.address@example.gov.cn' });
    expect(changed.status).toBe(200);
    expect(changed.body.email).toBe('new.address@example.gov.cn');
    expect((await asAdmin('PATCH', `/users/${user.id}`, { title: '科员' })).body.email).toBe('new.address@example.gov.cn');
    const removed = await asAdmin('PATCH', `/users/${user.id}`, { email: null });
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty('email');

    const events = await waitUntil(
      async () => {
        const found = (await gateway.events(DIRECTORY_EVENTS.userUpserted)).map((e) => e.data as UserUpsertedV1).filter((d) => d.userId === user.id);
        return found.length >= 4 ? found : undefined;
      },
      { timeoutMs: 10_000, what: 'four directory.user.upserted events' },
    );
    expect(events.map((e) => e.email)).toEqual(['mail.test@example.gov.cn', 'new.address@example.gov.cn', 'new.address@example.gov.cn', undefined]);
    expect(events[3]).not.toHaveProperty('email');

    // Not an address, too long: 400 naming email; a colleague may not change it.
    expect(paths(await asAdmin('PATCH', `/users/${user.id}`, { email: 'not-an-address' }))).toEqual(['email']);
    expect(paths(await asAdmin('PATCH', `/users/${user.id}`, { email: `${'a'.repeat(250)}@b.cn` }))).toEqual(['email']);
    expect(paths(await asAdmin('POST', '/users', { username: `m${randomBytes(3).toString('hex')}`, password: PASSWORD, name: '甲', staffNo: code('M'), departmentId: root.id, roles: ['cadre'], rankLevel: 'staff', email: 'x@' }))).toEqual(['email']);
    expect((await gateway.call('PATCH', `/users/${user.id}`, { token: cadreToken, body: { email: 'mine@example.gov.cn' } })).status).toBe(403);
  });
});

/**
 * Finding people by name (`GET /people`) and the users' e-mail addresses, through the gateway in process (its HTTP
 * stack, guard and edge; real FerretDB, NATS and Redis): any signed-in user finds colleagues by the characters of a
 * name or its pinyin initials, told apart by department and title, never seeing a username, staff number or e-mail;
 * users written before the search keys existed are found once the start's backfill has run. An e-mail address is set
 * and changed by an administrator, shown to administrators and the user only, and carried in directory.user.upserted.
 * Search runs on the gateway's people index (memory): this process's writes show at once, another replica's (its
 * directory.*.upserted on NATS) within 2 s. With PEOPLE_TIMING=1, a timing print (not an assertion) at 5,000 users:
 * the former database queries against the index's first load and a warm search.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { JSONCodec, connect } from 'nats';
import { DIRECTORY_EVENTS, createEnvelope, type DepartmentUpsertedV1, loginViewSchema, meViewSchema, peopleViewSchema, userViewSchema, type DepartmentView, type PersonView, type Problem, type UserUpsertedV1, type UserView } from '@cadre/contracts';
import { matchesSchema, waitUntil } from '@cadre/testing';
import { BackfillNameKeys } from '../../src/directory/usecases/backfill-name-keys/usecase';
import { DirectoryReader } from '../../src/directory/directory-reader';
import { PeopleIndex } from '../../src/directory/people-index';
import { nameKeysOf } from '../../src/directory/domain/people';
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

  it('shows this process’s writes at once: a new user, a rename, a move', async () => {
    const user = await gateway.createUser(longhua.id, ['cadre'], { name: '钱即时' });
    expect((await people('q=qjs')).map((p) => p.userId)).toEqual([user.id]);
    expect((await asAdmin('PATCH', `/users/${user.id}`, { name: '孙即时', departmentId: meilan.id })).status).toBe(200);
    expect(await people('q=qjs')).toEqual([]);
    const moved = await people(`q=sjs&departmentId=${meilan.id}`);
    expect(moved.map((p) => [p.userId, p.departmentName])).toEqual([[user.id, '美兰区']]);
  });

  it('shows another replica’s writes (directory.*.upserted on NATS) within 2 s: a new user, a deactivation, a department renamed', async () => {
    const nc = await connect({ servers: gateway.nats.url, name: 'people-test-replica' });
    const codec = JSONCodec();
    try {
      const id = randomUUID();
      const upserted = (fields: Partial<UserUpsertedV1>): UserUpsertedV1 => ({
        userId: id, username: `r${randomBytes(3).toString('hex')}`, name: '周远方', staffNo: code('R'), departmentId: meilan.id, departmentPath: meilan.path,
        roles: ['cadre'], rankLevel: 'section', title: '远方科员', active: true, version: 1, ...fields,
      });
      nc.publish(DIRECTORY_EVENTS.userUpserted, codec.encode(createEnvelope(DIRECTORY_EVENTS.userUpserted, 'gateway', upserted({}))));
      const started = Date.now();
      const found = await waitUntil(async () => {
        const items = await people('q=zyf');
        return items.length ? items : undefined;
      }, { timeoutMs: 2_000, intervalMs: 50, what: 'the other replica’s user' });
      expect(found).toEqual<PersonView[]>([{ userId: id, name: '周远方', departmentId: meilan.id, departmentName: '美兰区', title: '远方科员', rankLevel: 'section', rankLabel: '科级' }]);
      expect(Date.now() - started).toBeLessThan(2_000);

      nc.publish(DIRECTORY_EVENTS.userUpserted, codec.encode(createEnvelope(DIRECTORY_EVENTS.userUpserted, 'gateway', upserted({ active: false, version: 2 }))));
      await waitUntil(async () => ((await people('q=zyf')).length === 0 ? true : undefined), { timeoutMs: 2_000, intervalMs: 50, what: 'the deactivation' });

      // The other replica renamed 美兰区 (its write in the shared database, then its event): the answers name it anew
      // within 2 s, not only after the department list's cache expires.
      const renamed = { ...meilan, name: '美兰新区', version: meilan.version + 1 };
      await gateway.db.collection('departments').updateOne({ _id: meilan.id as never }, { $set: { name: renamed.name, version: renamed.version } });
      const event: DepartmentUpsertedV1 = { departmentId: meilan.id, code: meilan.code, name: renamed.name, parentId: meilan.parentId, path: meilan.path, version: renamed.version };
      nc.publish(DIRECTORY_EVENTS.departmentUpserted, codec.encode(createEnvelope(DIRECTORY_EVENTS.departmentUpserted, 'gateway', event)));
      await waitUntil(
        async () => ((await people(`q=whj&departmentId=${meilan.id}`))[0]?.departmentName === '美兰新区' ? true : undefined),
        { timeoutMs: 2_000, intervalMs: 50, what: 'the department’s new name' },
      );
      await gateway.db.collection('departments').updateOne({ _id: meilan.id as never }, { $set: { name: meilan.name, version: meilan.version } });
      nc.publish(DIRECTORY_EVENTS.departmentUpserted, codec.encode(createEnvelope(DIRECTORY_EVENTS.departmentUpserted, 'gateway', { ...event, name: meilan.name })));
    } finally {
      await nc.drain();
    }
  });

  it('finds users written before the search keys existed once the backfill has run, which a second run leaves alone', async () => {
    const legacy = await gateway.createUser(meilan.id, ['cadre'], { name: '欧阳修文' });
    await gateway.db.collection('users').updateOne({ _id: legacy.id as never }, { $unset: { pinyinInitials: '', pinyinFull: '' } });
    // Found already (the keys of the rows read are computed), by characters at least.
    expect((await people(`q=${encodeURIComponent('修文')}`)).map((p) => p.userId)).toEqual([legacy.id]);
    const backfill = gateway.app.get(BackfillNameKeys);
    // The pass the gateway started in the background at start may still be reading users and write these keys
    // first (its cursor reaches rows written after it began): then this pass finds nothing left to write.
    expect(await backfill.execute()).toBeLessThanOrEqual(1);
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
  // A timing print, not an assertion (PEOPLE_TIMING=1): 5,000 users in the collection; the three finds `GET /people`
  // ran before the index (exact, prefix, contains; each at most `limit`) against the index's first load and warm searches.
  (process.env.PEOPLE_TIMING ? it : it.skip)('timing at 5,000 users: the former database queries against the index', async () => {
    const users = gateway.db.collection('users');
    const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
    const given = '海军建国明华伟芳娜秀英敏静丽强磊军洋勇艳杰涛超';
    const pick = (text: string, n: number) => text[n % text.length];
    const rows = Array.from({ length: 5_000 }, (_, n) => {
      const name = `${pick(surnames, n)}${pick(given, Math.floor(n / 20))}${pick(given, Math.floor(n / 7))}`;
      return {
        _id: randomUUID(), username: `timing-${n}`, name, ...nameKeysOf(name), staffNo: `TIMING-${n}`, departmentId: longhua.id, departmentPath: longhua.path,
        roles: ['cadre'], rankLevel: 'section', title: '科员', postDate: null, active: n % 10 !== 0, passwordHash: 'x', version: 1, email: null, outbox: [],
      };
    });
    for (let n = 0; n < rows.length; n += 1_000) await users.insertMany(rows.slice(n, n + 1_000) as never[]);
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const projection = { _id: 1, name: 1, departmentId: 1, title: 1, rankLevel: 1, pinyinInitials: 1, pinyinFull: 1 };
    const before = async (q: string) => {
      const find = (filter: object) => users.find({ active: true, ...filter }, { projection }).sort({ pinyinFull: 1, _id: 1 }).limit(20).toArray();
      const literal = escape(q);
      return Promise.all([
        find({ $or: [{ name: q }, { pinyinInitials: q }, { pinyinFull: q }] }),
        find({ $or: [{ name: { $regex: `^${literal}`, $options: 'i' } }, { pinyinInitials: { $regex: `^${literal}` } }, { pinyinFull: { $regex: `^${literal}` } }] }),
        find({ name: { $regex: literal, $options: 'i' } }),
      ]);
    };
    const timed = async <T>(work: () => Promise<T>) => {
      const start = process.hrtime.bigint();
      await work();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    try {
      const lines: string[] = [];
      for (const q of ['w', 'wh', 'whj', '海军']) lines.push(`former queries q=${q}: ${(await timed(() => before(q))).toFixed(0)} ms`);
      const index = new PeopleIndex(() => gateway.app.get(DirectoryReader).personRows(), 60_000);
      lines.push(`index first load (and search q=w): ${(await timed(() => index.search('w', undefined, 20))).toFixed(0)} ms, ${index.size} rows`);
      for (const q of ['w', 'wh', 'whj', '海军', '']) {
        const warm = await timed(() => index.search(q, undefined, 20));
        const subtree = await timed(() => index.search(q, longhua.id, 20));
        lines.push(`index warm q=${q || '(empty)'}: ${warm.toFixed(2)} ms; in 龙华区: ${subtree.toFixed(2)} ms`);
      }
      console.log(`people search at 5,000 users\n${lines.join('\n')}`);
    } finally {
      await users.deleteMany({ staffNo: { $regex: '^TIMING-' } });
    }
  });
});

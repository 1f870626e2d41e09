/**
 * People search and the live stream end to end: the gateway from its build as its own process, with a private
 * NATS+JetStream server, FerretDB and Redis (no other service is needed for these routes: the test waits for the
 * API, not for /readyz, which asks every service). Two 王海军 found by `whj` and by `海军` and told apart by
 * department and title; regex characters literal; 401, 400; a user created, renamed, deactivated shows in the search
 * at once (the gateway's in-memory people index). A browser-style stream (`?access_token=`) receives its
 * user's notification published on `live.notification.<id>` within 2 s and not another user's, and open streams
 * do not take the room of other requests when GATEWAY_MAX_INFLIGHT is small.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { JSONCodec, connect, type NatsConnection } from 'nats';
import { LIVE_SUBJECTS, peopleViewSchema, type DepartmentView, type NotificationView, type UserView } from '@cadre/contracts';
import { TEST_JWT, httpCall, infra, matchesSchema, startNatsServer, startService, uniqueName, waitUntil, type NatsServerHandle, type Reply, type ServiceHandle } from '@cadre/testing';
import { TEST_ADMIN_PASSWORD, createUser, login } from './support';
import { openStream, type StreamClient } from './sse-client';

jest.setTimeout(180_000);

const PASSWORD = 'Haikou2026Gov';
const codec = JSONCodec();

describe('people search and the live stream (the built gateway, end to end)', () => {
  const run = uniqueName('people-live');
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let gateway: ServiceHandle;
  let adminToken: string;
  let longhua: DepartmentView;
  let meilan: DepartmentView;
  let wangA: UserView;
  let wangB: UserView;
  let cadreToken: string;
  let otherToken: string;
  const streams: StreamClient[] = [];
  const call = <T = any>(method: string, path: string, token?: string, body?: unknown): Promise<Reply<T>> =>
    httpCall<T>(`http://127.0.0.1:${gateway.port}/api/v1`, method, path, { token, body });
  const port = (): number => {
    if (!gateway?.port) throw new Error('the gateway has no API port');
    return gateway.port;
  };
  const username = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    gateway = await startService(
      'gateway',
      {
        NATS_URL: nats.url,
        MONGODB_DB: `${run}-gateway`,
        JWT_SECRET: TEST_JWT.secret,
        ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        GATEWAY_MAX_INFLIGHT: '2',
        RATE_LIMIT_IP_PER_MINUTE: '1000000',
        RATE_LIMIT_USER_PER_MINUTE: '1000000',
        LOGIN_SLOW_AFTER_FAILURES: '100000',
        LOGIN_LOCK_IP_AFTER_FAILURES: '1000000',
        WEB_ROOT: 'none',
      },
      { waitReady: false },
    );
    await waitUntil(
      async () => {
        return (await fetch(`http://127.0.0.1:${gateway.port}/api/v1/me`).catch(() => undefined))?.status === 401;
      },
      { timeoutMs: 60_000, what: 'the gateway’s API to answer' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${gateway.output().slice(-3_000)}`);
    });
    adminToken = await login(port(), 'admin', TEST_ADMIN_PASSWORD);
    const root = (await call('GET', '/departments', adminToken)).body.items[0] as DepartmentView;
    const department = async (name: string) =>
      (await call<DepartmentView>('POST', '/departments', adminToken, { name, code: `E${randomBytes(3).toString('hex').toUpperCase()}`, parentId: root.id })).body;
    longhua = await department('龙华区');
    meilan = await department('美兰区');
    const person = async (name: string, departmentId: string, title: string) => {
      const response = await call<UserView>('POST', '/users', adminToken, {
        username: username('p'),
        password: PASSWORD,
        name,
        staffNo: `E-${randomBytes(5).toString('hex')}`,
        departmentId,
        roles: ['cadre'],
        rankLevel: 'section',
        title,
      });
      if (response.status !== 201) throw new Error(`creating ${name}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    wangA = await person('王海军', longhua.id, '招商科科长');
    wangB = await person('王海军', meilan.id, '办公室主任');
    cadreToken = await login(port(), wangA.username, PASSWORD);
    const other = await createUser(port(), adminToken, { username: username('o'), password: PASSWORD, roles: ['cadre'], name: '李其他' });
    otherToken = await login(port(), other.username, PASSWORD);
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await gateway?.stop();
    await nc?.drain().catch(() => undefined);
    await nats?.stop();
    const db = mongoose.createConnection(infra.mongoUri, { dbName: `${run}-gateway` });
    await db.asPromise();
    await db.dropDatabase().catch(() => undefined);
    await db.close();
  });

  it('finds both 王海军 by initials and by characters, told apart by department and title, literal and bounded', async () => {
    const byInitials = await call('GET', '/people?q=whj', otherToken);
    expect(byInitials.status).toBe(200);
    const items = matchesSchema(peopleViewSchema, byInitials.body).items;
    expect(items.map((p) => [p.userId, p.departmentName, p.title]).sort()).toEqual(
      [
        [wangA.id, '龙华区', '招商科科长'],
        [wangB.id, '美兰区', '办公室主任'],
      ].sort(),
    );
    expect(JSON.stringify(items)).not.toContain(wangA.username);
    const byCharacters = await call('GET', `/people?q=${encodeURIComponent('海军')}`, otherToken);
    expect(byCharacters.body.items.map((p: { userId: string }) => p.userId).sort()).toEqual([wangA.id, wangB.id].sort());
    expect((await call('GET', `/people?q=whj&departmentId=${longhua.id}`, otherToken)).body.items.map((p: { userId: string }) => p.userId)).toEqual([wangA.id]);
    for (const q of ['.*', '(']) {
      const literal = await call('GET', `/people?q=${encodeURIComponent(q)}`, otherToken);
      expect({ q, status: literal.status, items: literal.body.items }).toEqual({ q, status: 200, items: [] });
    }
    expect((await call('GET', '/people?q=whj')).status).toBe(401);
    const bad = await call('GET', '/people?limit=0', otherToken);
    expect({ status: bad.status, paths: (bad.body.errors ?? []).map((e: { path: string }) => e.path) }).toEqual({ status: 400, paths: ['limit'] });
  });

  it('searches its in-memory index: a user created, renamed or deactivated through the API shows at once', async () => {
    const found = async (q: string) => (await call('GET', `/people?q=${q}`, otherToken)).body.items.map((p: { userId: string }) => p.userId);
    const created = await call<UserView>('POST', '/users', adminToken, {
      username: username('n'), password: PASSWORD, name: '钱新来', staffNo: `E-${randomBytes(5).toString('hex')}`, departmentId: meilan.id, roles: ['cadre'], rankLevel: 'staff', title: '科员',
    });
    expect(created.status).toBe(201);
    expect(await found('qxl')).toEqual([created.body.id]);
    expect((await call('PATCH', `/users/${created.body.id}`, adminToken, { name: '孙新来' })).status).toBe(200);
    expect([await found('qxl'), await found('sxl')]).toEqual([[], [created.body.id]]);
    expect((await call('PATCH', `/users/${created.body.id}`, adminToken, { active: false })).status).toBe(200);
    expect(await found('sxl')).toEqual([]);
  });

  it('delivers a user’s notification to their browser-style stream within 2 s, and not another user’s', async () => {
    const mine = await openStream(port(), { query: `?access_token=${cadreToken}` });
    const theirs = await openStream(port(), { token: otherToken });
    streams.push(mine, theirs);
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    await Promise.all([mine.next('hello', 5_000), theirs.next('hello', 5_000)]);
    const view = (title: string): NotificationView => ({ id: randomBytes(6).toString('hex'), kind: 'record_verified', title, body: '', link: '/records/x', createdAt: new Date().toISOString(), readAt: null });
    nc.publish(LIVE_SUBJECTS.notification(wangB.id), codec.encode(view('给另一位王海军')));
    const started = Date.now();
    nc.publish(LIVE_SUBJECTS.notification(wangA.id), codec.encode(view('纪实《招商引资》已认定')));
    const received = await mine.next('notification', 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(JSON.parse(received.data).title).toBe('纪实《招商引资》已认定');
    expect(mine.events.filter((e) => e.event === 'notification')).toHaveLength(1);
    expect(theirs.events.filter((e) => e.event === 'notification')).toHaveLength(0);
    expect((await openStream(port(), {})).status).toBe(401);
  });

  it('keeps answering other requests while more streams are open than GATEWAY_MAX_INFLIGHT (2)', async () => {
    const more = await Promise.all([openStream(port(), { token: adminToken }), openStream(port(), { token: otherToken })]);
    streams.push(...more);
    await Promise.all(more.map((stream) => stream.next('hello', 5_000)));
    for (let i = 0; i < 3; i += 1) expect((await call('GET', '/me', cadreToken)).status).toBe(200);
  });
});

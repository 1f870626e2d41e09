/**
 * Identity and directory end to end: sign-in, lockout, token checks, roles, input hardening (unknown fields,
 * operator keys, body size), 503 when a service is down, the directory event reaching the records service's
 * local copy, per-user and per-IP rate limits, the department tree, the password policy, the API docs.
 * Real processes only: a private NATS+JetStream server, the seven services from their build, FerretDB, Redis.
 *
 * Redis is shared with every other test file (cadre:login:fail:ip-users:127.0.0.1, cadre:rl:ip:127.0.0.1), so this file uses
 * unique usernames, runs its gateways with per-IP thresholds it cannot reach, and at the end takes off the
 * usernames tried it added to the shared per-IP list of failing usernames.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { decodeJwt, SignJWT } from 'jose';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { departmentViewSchema, loginViewSchema, meViewSchema, userPageViewSchema, userViewSchema, type Caller, type DepartmentView, type Page, type Problem, type Role, type UserView } from '@cadre/contracts';
import {
  infra,
  sleep,
  startNatsServer,
  startService,
  startServices,
  tokenFor,
  TEST_JWT,
  uniqueName,
  waitUntil,
  type NatsServerHandle,
  type ServiceHandle,
  httpCall,
  type CallOptions,
  type Reply,
  matchesSchema,
} from '@cadre/testing';

jest.setTimeout(180_000);

// Not 'Admin-Test-2026': the bootstrap applies the password policy, which refuses a password containing "admin".
const ADMIN_PASSWORD = 'Haikou-Root-2026';
const PASSWORD = 'Haikou2026Gov';
const RPC_TIMEOUT_MS = 2_000;
const LOCK_AFTER = 4;
const LOCK_SECONDS = 600;
const USER_LIMIT = 5;
const IP_LIMIT = 5;
const BACKEND_SERVICES = ['records', 'analytics', 'tasks', 'scoring', 'notifications', 'appraisal', 'selection'] as const;
const PROBLEM = /^application\/problem\+json/;


type Me = UserView & { department: DepartmentView | null };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A username the contract accepts (3–32 lower-case), unique per run. */
const username = (prefix: string) => {
  const name = uniqueName(prefix);
  if (!/^[a-z][a-z0-9._-]{2,31}$/.test(name)) throw new Error(`bad test username ${name}`);
  return name;
};
const staffNo = () => `S-${randomBytes(6).toString('hex')}`;
const callerOf = (user: UserView): Caller => ({
  userId: user.id,
  name: user.name,
  roles: user.roles as Role[],
  departmentId: user.departmentId,
  departmentPath: user.departmentPath,
  rankLevel: user.rankLevel as Caller['rankLevel'],
});
const errorPaths = (problem: Problem) => (problem.errors ?? []).map((error) => error.path).sort();

function expectProblem(reply: Reply, status: number): Problem {
  expect({ status: reply.status, contentType: reply.headers.get('content-type') }).toEqual({ status, contentType: expect.stringMatching(PROBLEM) });
  const problem = reply.body as Problem;
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  return problem;
}

function expectRetryAfter(reply: Reply, max: number): number {
  const header = reply.headers.get('retry-after');
  expect(header).toMatch(/^\d+$/);
  const seconds = Number(header);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(max);
  return seconds;
}

/**
 * POSTs a JSON body of `size` bytes over a raw socket and returns the answer. The gateway may answer 413 and
 * close the connection before the upload ends; fetch then fails with EPIPE instead of showing the answer, so
 * this stops writing as soon as an answer has arrived.
 */
async function sendLargeBody(port: number, path: string, size: number, options: { token?: string; chunked?: boolean } = {}): Promise<Reply> {
  // A reset that races the answer can drop it on the client side (the kernel discards unread data on RST):
  // try again then, so only a gateway that never answers fails.
  for (let attempt = 1; ; attempt += 1) {
    const reply = await sendLargeBodyOnce(port, path, size, options);
    if (reply || attempt === 3) {
      if (!reply) throw new Error(`no answer to a ${size}-byte body on ${path} in ${attempt} attempts`);
      return reply;
    }
  }
}

async function sendLargeBodyOnce(port: number, path: string, size: number, options: { token?: string; chunked?: boolean }): Promise<Reply | undefined> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let received = Buffer.alloc(0);
  let answered!: () => void;
  const answer = new Promise<void>((resolve) => (answered = resolve));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const complete = () => {
    const end = received.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(received.subarray(0, end).toString('latin1'));
    return !!length && received.length >= end + 4 + Number(length[1]);
  };
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    if (complete()) answered();
  });
  socket.on('error', () => undefined); // EPIPE / ECONNRESET once the gateway has answered and hung up
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Content-Type: application/json',
    ...(options.token ? [`Authorization: Bearer ${options.token}`] : []),
    options.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${size}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  const body = Buffer.from(`{"title":"${'x'.repeat(size - 13)}"}`);
  let done = false;
  void answer.then(() => (done = true));
  void closed.then(() => (done = true));
  socket.write(head);
  for (let offset = 0; offset < body.length && !done && !socket.destroyed; offset += 64 * 1024) {
    const piece = body.subarray(offset, offset + 64 * 1024);
    const data = options.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
    if (!socket.write(data)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), answer, closed]);
    await sleep(1);
  }
  if (!done && !socket.destroyed && options.chunked) socket.write('0\r\n\r\n');
  await Promise.race([answer, closed, sleep(15_000)]);
  socket.destroy();

  const end = received.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...headerLines] = received.subarray(0, end).toString('latin1').split('\r\n');
  const headers = new Headers(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()] as [string, string]));
  const text = received.subarray(end + 4, end + 4 + Number(headers.get('content-length') ?? received.length)).toString('utf8');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: parsed };
}

describe('gateway identity and directory (end to end)', () => {
  const run = uniqueName('identity');
  const databases = [...BACKEND_SERVICES, 'gateway'].map((name) => `${run}-${name}`);
  let nats: NatsServerHandle;
  const backends: Partial<Record<(typeof BACKEND_SERVICES)[number], ServiceHandle>> = {};
  let gateway: ServiceHandle;
  const extraGateways = new Set<ServiceHandle>();
  let redis: Redis;
  let mongo: mongoose.Connection;

  let adminToken: string;
  let admin: UserView;
  let root: DepartmentView;
  let cadre: UserView;
  let cadreToken: string;

  /** Usernames this file signed in with (their failure counters are removed at the end). */
  const usernamesTried = new Set<string>(['admin']);
  /** The gateway's default REDIS_KEY_PREFIX, before every key it writes. */
  const KEY_PREFIX = 'cadre:';
  /** A documentation-range address this file puts in X-Forwarded-For (its counters are removed at the end). */
  const forgedAddress = `203.0.113.${1 + Math.floor(Math.random() * 254)}`;
  const forgedAddresses = new Set<string>();

  const gatewayEnv = (extra: Record<string, string> = {}) => ({
    NATS_URL: nats.url,
    MONGODB_DB: `${run}-gateway`,
    JWT_SECRET: TEST_JWT.secret,
    ADMIN_PASSWORD,
    // No slow-down (it would follow the shared per-IP counter), and a per-IP lock this file never reaches.
    LOGIN_SLOW_AFTER_FAILURES: '100000',
    LOGIN_LOCK_AFTER_FAILURES: String(LOCK_AFTER),
    LOGIN_LOCK_IP_AFTER_FAILURES: '1000000',
    LOGIN_LOCK_SECONDS: String(LOCK_SECONDS),
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS),
    ...extra,
  });
  const backendEnv = (name: string) => ({ NATS_URL: nats.url, JWT_SECRET: TEST_JWT.secret, MONGODB_DB: `${run}-${name}` });

  function call<T = any>(method: string, path: string, options: CallOptions & { port?: number } = {}): Promise<Reply<T>> {
    return httpCall<T>(`http://127.0.0.1:${options.port ?? gateway.port}`, method, path, options);
  }
  const gatewayPort = () => {
    if (!gateway.port) throw new Error('the gateway has no HTTP port');
    return gateway.port;
  };
  const api = <T = any>(method: string, path: string, options: Parameters<typeof call>[2] = {}) => call<T>(method, `/api/v1${path}`, options);

  async function login(name: string, password: string, port?: number): Promise<Reply> {
    usernamesTried.add(name.toLowerCase());
    return api('POST', '/auth/login', { body: { username: name, password }, port });
  }

  async function tokenOf(name: string, password = PASSWORD): Promise<string> {
    const reply = await login(name, password);
    if (reply.status !== 200) throw new Error(`sign-in of ${name} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.accessToken as string;
  }

  function userInput(fields: Partial<Record<string, unknown>> = {}) {
    return {
      username: username('user'),
      password: PASSWORD,
      name: '测试干部',
      staffNo: staffNo(),
      departmentId: root.id,
      roles: ['cadre'],
      rankLevel: 'section',
      title: '科员',
      ...fields,
    };
  }

  async function createUser(fields: Partial<Record<string, unknown>> = {}): Promise<UserView> {
    const reply = await api<UserView>('POST', '/users', { token: adminToken, body: userInput(fields) });
    if (reply.status !== 201) throw new Error(`creating a user failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return matchesSchema(userViewSchema, reply.body, 'POST /users');
  }

  async function createDepartment(name: string, code: string, parentId: string): Promise<DepartmentView> {
    const reply = await api<DepartmentView>('POST', '/departments', { token: adminToken, body: { name, code, parentId } });
    if (reply.status !== 201) throw new Error(`creating department ${code} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return matchesSchema(departmentViewSchema, reply.body, 'POST /departments');
  }

  async function findUsers(q: string): Promise<Page<UserView>> {
    const reply = await api<Page<UserView>>('GET', `/users?q=${encodeURIComponent(q)}`, { token: adminToken });
    expect(reply.status).toBe(200);
    return matchesSchema(userPageViewSchema, reply.body, 'GET /users');
  }

  beforeAll(async () => {
    redis = new Redis(infra.redisUrl, { maxRetriesPerRequest: 2 });
    mongo = await mongoose.createConnection(infra.mongoUri).asPromise();
    nats = await startNatsServer();
    const started = await startServices(BACKEND_SERVICES.map((name) => ({ name, env: backendEnv(name) })));
    started.forEach((service) => (backends[service.name as (typeof BACKEND_SERVICES)[number]] = service));
    gateway = await startService('gateway', gatewayEnv());

    adminToken = await tokenOf('admin', ADMIN_PASSWORD);
    const departments = await api<{ items: DepartmentView[] }>('GET', '/departments', { token: adminToken });
    const rootDepartment = departments.body.items.find((department) => department.parentId === null);
    const adminUser = (await findUsers('admin')).items.find((user) => user.username === 'admin');
    if (!rootDepartment || !adminUser) throw new Error('the gateway did not create the root department and the admin user');
    root = rootDepartment;
    admin = adminUser;
    cadre = await createUser({ username: username('cadre'), name: '王海军', rankLevel: 'section', title: '招商科科长' });
    cadreToken = await tokenOf(cadre.username);
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), ...[...extraGateways].map((service) => service.stop()), ...Object.values(backends).map((service) => service?.stop())]);
    await nats?.stop();
    if (mongo) {
      for (const name of databases) await mongo.useDb(name).dropDatabase().catch(() => undefined);
      await mongo.close();
    }
    if (redis) {
      // This file's per-username counters are its own; the per-IP counter is shared: give back what we added.
      const tried = [...usernamesTried].filter((name) => name !== 'admin');
      await redis.del(...tried.map((name) => `${KEY_PREFIX}login:fail:user:${name}`)).catch(() => undefined);
      if (tried.length > 0) await redis.srem(`${KEY_PREFIX}login:fail:ip-users:127.0.0.1`, ...tried).catch(() => undefined);
      // The per-address request window (rl:ip:127.0.0.1) only ever loosens when removed; start the next file afresh.
      await redis.del(`${KEY_PREFIX}rl:ip:127.0.0.1`).catch(() => undefined);
      for (const address of forgedAddresses) await redis.del(`${KEY_PREFIX}rl:ip:${address}`, `${KEY_PREFIX}login:fail:ip-users:${address}`).catch(() => undefined);
      redis.disconnect();
    }
  });

  it('signs in with the right password (the token works on /me); a wrong password and an unknown user get the same 401', async () => {
    const ok = await login(cadre.username, PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
    expect(ok.body.user).toMatchObject({ id: cadre.id, username: cadre.username, roles: ['cadre'], active: true });
    expect(ok.body.user).not.toHaveProperty('passwordHash');
    expect(decodeJwt(ok.body.accessToken)).toMatchObject({ sub: cadre.id, iss: TEST_JWT.issuer, aud: TEST_JWT.audience, exp: expect.any(Number) });
    matchesSchema(loginViewSchema, ok.body, 'POST /auth/login');

    const me = await api<Me>('GET', '/me', { token: ok.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: cadre.id,
      name: '王海军',
      roles: ['cadre'],
      rankLevel: 'section',
      departmentId: root.id,
      department: { id: root.id, code: 'CITY', name: '海口市' },
    });
    expect(me.body).not.toHaveProperty('passwordHash');
    matchesSchema(meViewSchema, me.body, 'GET /me');

    const adminMe = await api<Me>('GET', '/me', { token: adminToken });
    expect(adminMe.body).toMatchObject({ id: admin.id, username: 'admin', roles: ['admin'], department: { code: 'CITY' } });

    const wrongPassword = await login(cadre.username, 'Wrong-Password-2026');
    const wrong = expectProblem(wrongPassword, 401);
    const unknownUser = await login(username('nobody'), 'Wrong-Password-2026');
    const unknown = expectProblem(unknownUser, 401);
    const withoutTrace = (problem: Problem): Omit<Problem, 'traceId'> => Object.fromEntries(Object.entries(problem).filter(([key]) => key !== 'traceId')) as Problem;
    const wrongBody = withoutTrace(wrong);
    const unknownBody = withoutTrace(unknown);
    expect(unknownBody).toEqual(wrongBody);
    expect(wrongBody.detail).toBeDefined();

    const noToken = await api('GET', '/me');
    expectProblem(noToken, 401);
  });

  it(`locks a username after ${LOCK_AFTER} failures (429 with Retry-After, even with the right password); other usernames are unaffected`, async () => {
    const victim = await createUser({ username: username('victim') });
    const bystander = await createUser({ username: username('bystander') });

    for (let attempt = 1; attempt <= LOCK_AFTER; attempt += 1) {
      expectProblem(await login(victim.username, `Wrong-Pass-${attempt}0`), 401);
    }
    const locked = await login(victim.username, PASSWORD);
    const problem = expectProblem(locked, 429);
    expect(problem.detail).toMatch(/try again/i);
    expectRetryAfter(locked, LOCK_SECONDS);
    // Still locked; the username in another case is the same account.
    expectProblem(await login(victim.username, 'Wrong-Pass-again1'), 429);
    expectProblem(await login(victim.username.toUpperCase(), PASSWORD), 429);

    const other = await login(bystander.username, PASSWORD);
    expect(other.status).toBe(200);

    // Unknown usernames lock the same way, so the lock says nothing about whether an account exists.
    const ghost = username('ghost');
    for (let attempt = 1; attempt <= LOCK_AFTER; attempt += 1) expectProblem(await login(ghost, `Wrong-Pass-${attempt}0`), 401);
    expectProblem(await login(ghost, PASSWORD), 429);
  });

  it('refuses forged, tampered, expired tokens and tokens of a deactivated user with 401', async () => {
    const cadreCaller = callerOf(cadre);
    // A token built the same way with the right secret is accepted: the refusals below are about what each changes.
    const control = await tokenFor(cadreCaller);
    expect((await api('GET', '/me', { token: control })).status).toBe(200);

    const claims = decodeJwt(cadreToken);
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...claims, roles: ['admin'] })}.`;
    expectProblem(await api('GET', '/me', { token: none }), 401);
    const noneSameClaims = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
    expectProblem(await api('GET', '/me', { token: noneSameClaims }), 401);

    const otherSecret = await tokenFor(cadreCaller, { ...TEST_JWT, secret: 'another-secret-that-is-long-enough-0123456789' });
    expectProblem(await api('GET', '/me', { token: otherSecret }), 401);

    const [header, , signature] = cadreToken.split('.');
    const promoted = `${header}.${b64url({ ...claims, roles: ['admin'] })}.${signature}`;
    expectProblem(await api('GET', '/me', { token: promoted }), 401);
    expectProblem(await api('GET', '/users', { token: promoted }), 401);
    const impersonating = `${header}.${b64url({ ...claims, sub: admin.id })}.${signature}`;
    expectProblem(await api('GET', '/me', { token: impersonating }), 401);
    const prolonged = `${header}.${b64url({ ...claims, exp: (claims.exp ?? 0) + 86_400 })}.${signature}`;
    expectProblem(await api('GET', '/me', { token: prolonged }), 401);

    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ name: cadre.name, roles: cadre.roles, dep: cadre.departmentId, depPath: cadre.departmentPath, rank: cadre.rankLevel })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(cadre.id)
      .setIssuer(TEST_JWT.issuer)
      .setAudience(TEST_JWT.audience)
      .setIssuedAt(now - 7_200)
      .setExpirationTime(now - 60)
      .sign(new TextEncoder().encode(TEST_JWT.secret));
    expectProblem(await api('GET', '/me', { token: expired }), 401);

    // The algorithm is pinned: the right secret under another HMAC algorithm is still refused.
    const otherAlgorithm = await new SignJWT({ name: cadre.name, roles: cadre.roles, dep: cadre.departmentId, depPath: cadre.departmentPath, rank: cadre.rankLevel })
      .setProtectedHeader({ alg: 'HS384', typ: 'JWT' })
      .setSubject(cadre.id)
      .setIssuer(TEST_JWT.issuer)
      .setAudience(TEST_JWT.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_JWT.secret));
    expectProblem(await api('GET', '/me', { token: otherAlgorithm }), 401);

    const wrongAudience = await tokenFor(cadreCaller, { ...TEST_JWT, audience: 'some-other-api' });
    expectProblem(await api('GET', '/me', { token: wrongAudience }), 401);
    const wrongIssuer = await tokenFor(cadreCaller, { ...TEST_JWT, issuer: 'someone-else' });
    expectProblem(await api('GET', '/me', { token: wrongIssuer }), 401);
    expectProblem(await api('GET', '/me', { headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } }), 401);

    // A user switched off: the token they already hold stops working, and they cannot sign in again.
    const leaver = await createUser({ username: username('leaver') });
    const leaverToken = await tokenOf(leaver.username);
    expect((await api('GET', '/me', { token: leaverToken })).status).toBe(200);
    const off = await api<UserView>('PATCH', `/users/${leaver.id}`, { token: adminToken, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: leaver.id, active: false, version: 2 });
    expectProblem(await api('GET', '/me', { token: leaverToken }), 401);
    expectProblem(await api('GET', `/users/${leaver.id}`, { token: leaverToken }), 401);
    expectProblem(await login(leaver.username, PASSWORD), 401);
  });

  it('answers 403 to a cadre on every admin endpoint and changes nothing; a cadre may read their own user', async () => {
    const before = await api<{ items: DepartmentView[]; total: number }>('GET', '/departments', { token: cadreToken });
    expect(before.status).toBe(200);

    const attempts: [string, string, unknown?][] = [
      ['POST', '/departments', { name: '越权区', code: 'FORBIDDEN-DEP', parentId: root.id }],
      ['PATCH', `/departments/${root.id}`, { name: '改名' }],
      ['GET', '/users'],
      ['GET', '/users?role=admin'],
      ['POST', '/users', userInput({ username: username('sneaky'), roles: ['admin'] })],
      ['PATCH', `/users/${cadre.id}`, { roles: ['cadre', 'admin'] }],
      ['PATCH', `/users/${admin.id}`, { active: false }],
      ['GET', `/users/${admin.id}`],
    ];
    for (const [method, path, body] of attempts) {
      const reply = await api(method, path, { token: cadreToken, body });
      expect({ method, path, status: reply.status }).toEqual({ method, path, status: 403 });
      expectProblem(reply, 403);
    }

    const own = await api<UserView>('GET', `/users/${cadre.id}`, { token: cadreToken });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: cadre.id, username: cadre.username, roles: ['cadre'] });
    expect(own.body).not.toHaveProperty('passwordHash');

    const after = await api<{ items: DepartmentView[]; total: number }>('GET', '/departments', { token: adminToken });
    expect(after.body.total).toBe(before.body.total);
    expect(after.body.items.find((d) => d.id === root.id)?.name).toBe('海口市');
    expect(after.body.items.some((d) => d.code === 'FORBIDDEN-DEP')).toBe(false);
    expect((await api<UserView>('GET', `/users/${cadre.id}`, { token: adminToken })).body).toMatchObject({ roles: ['cadre'], version: 1 });
    expect((await api<UserView>('GET', `/users/${admin.id}`, { token: adminToken })).body).toMatchObject({ active: true, version: 1 });
    expect((await findUsers('sneaky')).total).toBe(0);

    // Roles come from the directory, not the token: a role taken away stops working with the same token.
    const deputy = await createUser({ username: username('deputy'), roles: ['admin'] });
    const deputyToken = await tokenOf(deputy.username);
    expect((await api('GET', '/users', { token: deputyToken })).status).toBe(200);
    expect((await api('PATCH', `/users/${deputy.id}`, { token: adminToken, body: { roles: ['cadre'] } })).status).toBe(200);
    expectProblem(await api('GET', '/users', { token: deputyToken }), 403);
  });

  it('rejects unknown fields with 400 naming each, names every bad field at once, and stores nothing', async () => {
    const extra = userInput({ username: username('extra'), isAdmin: true });
    const one = expectProblem(await api('POST', '/users', { token: adminToken, body: extra }), 400);
    expect(errorPaths(one)).toEqual(['isAdmin']);
    expect((await findUsers(extra.username)).total).toBe(0);

    const several = userInput({ username: 'Bad Name!', rankLevel: 'general', roles: ['king'], staffNo: 'has spaces', passwordHash: 'x', id: 'mine' });
    const many = expectProblem(await api('POST', '/users', { token: adminToken, body: several }), 400);
    expect(errorPaths(many)).toEqual(expect.arrayContaining(['id', 'passwordHash', 'rankLevel', 'staffNo', 'username']));
    expect(errorPaths(many).some((path) => path.startsWith('roles'))).toBe(true);
    expect((await findUsers('Bad Name')).total).toBe(0);

    const patch = expectProblem(await api('PATCH', `/users/${cadre.id}`, { token: adminToken, body: { title: '科长', version: 9, department: 'x' } }), 400);
    expect(errorPaths(patch)).toEqual(['department', 'version']);
    expect((await api<UserView>('GET', `/users/${cadre.id}`, { token: adminToken })).body).toMatchObject({ title: '招商科科长', version: 1 });

    const department = expectProblem(await api('POST', '/departments', { token: adminToken, body: { name: '多余区', code: 'EXTRA-DEP', parentId: root.id, manager: 'x' } }), 400);
    expect(errorPaths(department)).toEqual(['manager']);
    const departments = await api<{ items: DepartmentView[] }>('GET', '/departments', { token: adminToken });
    expect(departments.body.items.some((d) => d.code === 'EXTRA-DEP')).toBe(false);

    const signIn = expectProblem(await api('POST', '/auth/login', { body: { username: cadre.username, password: PASSWORD, remember: true } }), 400);
    expect(errorPaths(signIn)).toEqual(['remember']);

    const query = expectProblem(await api('GET', '/users?sort=password', { token: adminToken }), 400);
    expect(errorPaths(query)).toEqual(['sort']);
    const pageSize = expectProblem(await api('GET', '/users?pageSize=1000', { token: adminToken }), 400);
    expect(errorPaths(pageSize)).toEqual(['pageSize']);
    // Malformed JSON is bad input too, never a 500.
    expectProblem(await api('POST', '/users', { token: adminToken, rawBody: '{"username": "x",' }), 400);
  });

  it('refuses operator objects anywhere in a body or the query with 400', async () => {
    const topLevel = expectProblem(await api('POST', '/users', { token: adminToken, body: { ...userInput(), $where: 'sleep(100)' } }), 400);
    expect(errorPaths(topLevel)).toContain('$where');

    const signIn = expectProblem(await api('POST', '/auth/login', { body: { username: 'admin', password: { $gt: '' } } }), 400);
    expect(errorPaths(signIn)).toEqual(['password.$gt']);
    const bothFields = expectProblem(await api('POST', '/auth/login', { body: { username: { $ne: null }, password: { $gt: '' } } }), 400);
    expect(errorPaths(bothFields)).toEqual(['password.$gt', 'username.$ne']);

    const nested = userInput({ username: username('nested'), name: { $gt: '' } });
    expectProblem(await api('POST', '/users', { token: adminToken, body: nested }), 400);
    expect((await findUsers(nested.username)).total).toBe(0);

    const inArray = userInput({ username: username('inarray'), roles: ['cadre', { $ne: 'x' }] });
    const array = expectProblem(await api('POST', '/users', { token: adminToken, body: inArray }), 400);
    expect(errorPaths(array)).toContain('roles.1.$ne');
    expect((await findUsers(inArray.username)).total).toBe(0);

    expectProblem(await api('PATCH', `/users/${cadre.id}`, { token: adminToken, body: { roles: [{ $each: ['admin'] }] } }), 400);
    expectProblem(await api('PATCH', `/departments/${root.id}`, { token: adminToken, body: { name: { $set: 'x' } } }), 400);
    // The same refusal for a route that forwards its body to a service unchecked.
    expectProblem(await api('POST', '/records', { token: cadreToken, body: { itemCode: 'INVEST-03', title: 'x', tags: [{ $gt: '' }] } }), 400);

    for (const query of ['role[$ne]=x', 'q[$regex]=.*', 'q[$gt]=', '$where=1', 'departmentId.$ne=x']) {
      const reply = await api('GET', `/users?${query}`, { token: adminToken });
      expect({ query, status: reply.status }).toEqual({ query, status: 400 });
      expectProblem(reply, 400);
    }
    expect((await api<UserView>('GET', `/users/${cadre.id}`, { token: adminToken })).body).toMatchObject({ roles: ['cadre'], version: 1 });
    expect((await api<DepartmentView>('GET', `/departments/${root.id}`, { token: adminToken })).body).toMatchObject({ name: '海口市', version: 1 });
  });

  it('answers 413 problem+json to a 3 MB body (announced by Content-Length, or chunked)', async () => {
    const size = 3 * 1024 * 1024;
    const announced = await sendLargeBody(gatewayPort(), '/api/v1/users', size, { token: adminToken });
    const problem = expectProblem(announced, 413);
    expect(problem.detail).toMatch(/too large/i);
    expectProblem(await sendLargeBody(gatewayPort(), '/api/v1/users', size, { token: adminToken, chunked: true }), 413);
    expectProblem(await sendLargeBody(gatewayPort(), '/api/v1/auth/login', size), 413);
    // The gateway still serves afterwards.
    expect((await api('GET', '/me', { token: adminToken })).status).toBe(200);
  });

  it(`answers 503 with Retry-After within RPC_TIMEOUT_MS (${RPC_TIMEOUT_MS} ms) + 1 s when the records service is down`, async () => {
    await backends.records?.stop();
    backends.records = undefined;
    try {
      const started = Date.now();
      const reply = await api('POST', '/records', { token: cadreToken, body: { itemCode: 'INVEST-03', title: '引进世界500强企业区域总部', periodStart: '2026-01-01', periodEnd: '2026-06-30', impactLevel: 'city' } });
      const elapsed = Date.now() - started;
      const problem = expectProblem(reply, 503);
      expect(problem.detail).toMatch(/records/);
      expectRetryAfter(reply, 3_600);
      expect(elapsed).toBeLessThan(RPC_TIMEOUT_MS + 1_000);

      const read = await api('GET', '/records/some-id', { token: cadreToken });
      expectProblem(read, 503);
      const ready = await call('GET', '/readyz');
      expect(ready.status).toBe(503);
    } finally {
      backends.records = await startService('records', backendEnv('records'));
    }
    await waitUntil(async () => (await call('GET', '/readyz')).status === 200, { timeoutMs: 60_000, what: 'the gateway to be ready again' });
    const created = await api('POST', '/records', { token: cadreToken, body: { itemCode: 'INVEST-03', title: '引进世界500强企业区域总部', periodStart: '2026-01-01', periodEnd: '2026-06-30', impactLevel: 'city' } });
    expect(created.status).toBe(201);
  });

  it("delivers a user created through the API to the records service's local copy, and a change as version 2", async () => {
    const district = await createDepartment('美兰区', `MEILAN-${randomBytes(3).toString('hex').toUpperCase()}`, root.id);
    const user = await createUser({ username: username('replica'), name: '李明', departmentId: district.id, rankLevel: 'division' });
    const replica = mongo.useDb(`${run}-records`).collection<{ _id: string }>('directory_users');

    const first = await waitUntil(() => replica.findOne({ _id: user.id }), { timeoutMs: 60_000, intervalMs: 200, what: 'the user to reach the records replica' });
    expect(first).toMatchObject({ _id: user.id, name: '李明', departmentPath: [root.id, district.id], roles: ['cadre'], rankLevel: 'division', active: true, version: 1 });

    const patched = await api<UserView>('PATCH', `/users/${user.id}`, { token: adminToken, body: { roles: ['cadre', 'reviewer'] } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ roles: ['cadre', 'reviewer'], version: 2 });
    const second = await waitUntil(
      async () => {
        const row = await replica.findOne({ _id: user.id });
        return row && (row as unknown as { version: number }).version >= 2 ? row : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the role change to reach the records replica' },
    );
    expect(second).toMatchObject({ _id: user.id, name: '李明', departmentPath: [root.id, district.id], roles: ['cadre', 'reviewer'], active: true, version: 2 });
  });

  it(`limits each user to RATE_LIMIT_USER_PER_MINUTE (${USER_LIMIT}) requests a minute: then 429 with Retry-After; others unaffected`, async () => {
    const limited = await startService('gateway', gatewayEnv({ RATE_LIMIT_USER_PER_MINUTE: String(USER_LIMIT) }));
    extraGateways.add(limited);
    try {
      const busy = await createUser({ username: username('busy') });
      const calm = await createUser({ username: username('calm') });
      const busyToken = await tokenOf(busy.username);
      const calmToken = await tokenOf(calm.username);
      // The window is the clock minute: start well inside one, so the count is not reset halfway.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 45_000) await sleep(60_000 - intoMinute + 500);

      for (let n = 1; n <= USER_LIMIT; n += 1) {
        const reply = await api('GET', '/me', { token: busyToken, port: limited.port });
        expect({ n, status: reply.status }).toEqual({ n, status: 200 });
      }
      const over = await api('GET', '/me', { token: busyToken, port: limited.port });
      const problem = expectProblem(over, 429);
      expect(problem.detail).toMatch(/too many/i);
      expectRetryAfter(over, 60);
      expectProblem(await api('GET', `/users/${busy.id}`, { token: busyToken, port: limited.port }), 429);

      const other = await api('GET', '/me', { token: calmToken, port: limited.port });
      expect(other.status).toBe(200);
    } finally {
      await limited.stop();
      extraGateways.delete(limited);
    }
  });

  it(`limits each address to RATE_LIMIT_IP_PER_MINUTE (${IP_LIMIT}): then 429 problem+json with Retry-After`, async () => {
    // The per-IP counter (rl:ip:127.0.0.1) is shared with every gateway on this machine, so this gateway may
    // already see it over its limit: at most IP_LIMIT + 1 requests reach the refusal.
    const limited = await startService('gateway', gatewayEnv({ RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT) }));
    extraGateways.add(limited);
    try {
      let over: Reply = { status: 0, headers: new Headers(), body: undefined };
      for (let n = 0; n <= IP_LIMIT && over.status !== 429; n += 1) {
        const reply = await api('GET', '/departments', { token: adminToken, port: limited.port });
        if (reply.status === 429) over = reply;
        else expect(reply.status).toBe(200);
      }
      const problem = expectProblem(over, 429);
      expect(problem.detail).toMatch(/address/i);
      expectRetryAfter(over, 60);
      // Health probes are exempt.
      expect((await call('GET', '/healthz', { port: limited.port })).status).toBe(200);
    } finally {
      await limited.stop();
      extraGateways.delete(limited);
    }
  });

  it('does not let a forged X-Forwarded-For escape the per-address limits (rate limit and sign-in lock)', async () => {
    // No trusted proxy is configured, so the address is the peer's: a client naming another address in
    // X-Forwarded-For must still be counted as itself.
    const [rateLimited, signInLocked] = await startServices([
      { name: 'gateway', env: gatewayEnv({ RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT) }) },
      { name: 'gateway', env: gatewayEnv({ LOGIN_LOCK_IP_AFTER_FAILURES: '1' }) },
    ]);
    extraGateways.add(rateLimited).add(signInLocked);
    try {
      let limitedStatus = 0;
      for (let n = 0; n <= IP_LIMIT && limitedStatus !== 429; n += 1) {
        limitedStatus = (await api('GET', '/departments', { token: adminToken, port: rateLimited.port })).status;
      }
      expect(limitedStatus).toBe(429);
      forgedAddresses.add(forgedAddress);
      const forgedRequest = await api('GET', '/departments', { token: adminToken, port: rateLimited.port, headers: { 'x-forwarded-for': forgedAddress } });

      // One failure from this address (the shared counter may hold more) locks sign-in here for every username.
      const ghost = await login(username('spray'), 'Wrong-Pass-2026', signInLocked.port);
      expect([401, 429]).toContain(ghost.status);
      const locked = await login(cadre.username, PASSWORD, signInLocked.port);
      expectProblem(locked, 429);
      const forgedSignIn = await api('POST', '/auth/login', { port: signInLocked.port, body: { username: cadre.username, password: PASSWORD }, headers: { 'x-forwarded-for': forgedAddress } });

      expect({ forgedRequest: forgedRequest.status, forgedSignIn: forgedSignIn.status }).toEqual({ forgedRequest: 429, forgedSignIn: 429 });
    } finally {
      await Promise.all([rateLimited.stop(), signInLocked.stop()]);
      extraGateways.delete(rateLimited);
      extraGateways.delete(signInLocked);
    }
  });

  it('keeps the department tree: create, move (paths of the subtree and its users follow), no cycles, unique codes', async () => {
    const tag = randomBytes(3).toString('hex').toUpperCase();
    const longhua = await createDepartment('龙华区', `LONGHUA-${tag}`, root.id);
    expect(longhua).toMatchObject({ name: '龙华区', parentId: root.id, path: [root.id, longhua.id], version: 1 });
    const bureau = await createDepartment('龙华区招商局', `LH-INVEST-${tag}`, longhua.id);
    expect(bureau).toMatchObject({ parentId: longhua.id, path: [root.id, longhua.id, bureau.id] });
    const section = await createDepartment('招商一科', `LH-INV-S1-${tag}`, bureau.id);
    expect(section.path).toEqual([root.id, longhua.id, bureau.id, section.id]);
    const xiuying = await createDepartment('秀英区', `XIUYING-${tag}`, root.id);
    const member = await createUser({ username: username('member'), departmentId: section.id });
    const head = await createUser({ username: username('head'), departmentId: bureau.id, rankLevel: 'division' });
    expect(member.departmentPath).toEqual([root.id, longhua.id, bureau.id, section.id]);

    const noParent = expectProblem(await api('POST', '/departments', { token: adminToken, body: { name: '第二个根', code: `ROOT2-${tag}` } }), 400);
    expect(errorPaths(noParent)).toEqual(['parentId']);
    const unknownParent = expectProblem(await api('POST', '/departments', { token: adminToken, body: { name: '无父', code: `ORPHAN-${tag}`, parentId: 'no-such-department' } }), 400);
    expect(errorPaths(unknownParent)).toEqual(['parentId']);
    const secondRoot = expectProblem(await api('PATCH', `/departments/${xiuying.id}`, { token: adminToken, body: { parentId: null } }), 400);
    expect(errorPaths(secondRoot)).toEqual(['parentId']);

    const moved = await api<DepartmentView>('PATCH', `/departments/${bureau.id}`, { token: adminToken, body: { parentId: xiuying.id } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: bureau.id, parentId: xiuying.id, path: [root.id, xiuying.id, bureau.id], version: 2 });
    expect((await api<DepartmentView>('GET', `/departments/${bureau.id}`, { token: adminToken })).body).toMatchObject({
      parentId: xiuying.id,
      path: [root.id, xiuying.id, bureau.id],
    });
    expect((await api<DepartmentView>('GET', `/departments/${section.id}`, { token: adminToken })).body.path).toEqual([root.id, xiuying.id, bureau.id, section.id]);
    expect((await api<UserView>('GET', `/users/${member.id}`, { token: adminToken })).body.departmentPath).toEqual([root.id, xiuying.id, bureau.id, section.id]);
    expect((await api<UserView>('GET', `/users/${head.id}`, { token: adminToken })).body).toMatchObject({ departmentId: bureau.id, departmentPath: [root.id, xiuying.id, bureau.id] });
    const listed = await api<{ items: DepartmentView[] }>('GET', '/departments', { token: adminToken });
    expect(listed.body.items.find((d) => d.id === bureau.id)?.path).toEqual([root.id, xiuying.id, bureau.id]);
    const inLonghua = await api<Page<UserView>>('GET', `/users?departmentId=${longhua.id}`, { token: adminToken });
    expect(inLonghua.body.items.map((u) => u.id)).not.toContain(member.id);
    const inXiuying = await api<Page<UserView>>('GET', `/users?departmentId=${xiuying.id}`, { token: adminToken });
    expect(inXiuying.body.items.map((u) => u.id)).toContain(member.id);

    // Under its own descendant (the bureau is now below 秀英区), or under itself: 400 naming parentId.
    for (const parentId of [bureau.id, section.id, xiuying.id]) {
      const cycle = expectProblem(await api('PATCH', `/departments/${xiuying.id}`, { token: adminToken, body: { parentId } }), 400);
      expect(errorPaths(cycle)).toEqual(['parentId']);
    }
    expect((await api<DepartmentView>('GET', `/departments/${xiuying.id}`, { token: adminToken })).body).toMatchObject({ parentId: root.id, path: [root.id, xiuying.id], version: 1 });
    const rootMove = expectProblem(await api('PATCH', `/departments/${root.id}`, { token: adminToken, body: { parentId: longhua.id } }), 400);
    expect(errorPaths(rootMove)).toEqual(['parentId']);

    expectProblem(await api('GET', '/departments/no-such-department', { token: adminToken }), 404);
    expectProblem(await api('PATCH', '/departments/no-such-department', { token: adminToken, body: { name: '无' } }), 404);

    const duplicate = await api('POST', '/departments', { token: adminToken, body: { name: '又一个龙华区', code: longhua.code, parentId: root.id } });
    expectProblem(duplicate, 409);
    // Recoding to a code in use: 409 as well (an update, not an insert, hits the unique index here).
    const recoded = await api('PATCH', `/departments/${xiuying.id}`, { token: adminToken, body: { code: longhua.code } });
    const all = await api<{ items: DepartmentView[] }>('GET', '/departments', { token: adminToken });
    expect(all.body.items.filter((d) => d.code === longhua.code)).toHaveLength(1);
    expect(all.body.items.find((d) => d.id === xiuying.id)).toMatchObject({ code: `XIUYING-${tag}`, version: 1 });
    expectProblem(recoded, 409);
  });

  it('answers 409 to a duplicate username or staff number, on create and on change, and names which one clashed', async () => {
    const first = await createUser({ username: username('first') });
    const second = await createUser({ username: username('second') });

    const third = userInput({ username: username('third'), staffNo: first.staffNo });
    const replies = {
      sameUsername: await api<Problem>('POST', '/users', { token: adminToken, body: userInput({ username: first.username }) }),
      sameStaffNo: await api<Problem>('POST', '/users', { token: adminToken, body: third }),
      changedToSameStaffNo: await api<Problem>('PATCH', `/users/${second.id}`, { token: adminToken, body: { staffNo: first.staffNo } }),
    };
    for (const reply of Object.values(replies)) expect(reply.headers.get('content-type')).toMatch(PROBLEM);
    expect((await findUsers(third.username)).total).toBe(0);
    expect((await api<UserView>('GET', `/users/${second.id}`, { token: adminToken })).body).toMatchObject({ staffNo: second.staffNo, version: 1 });
    // All outcomes at once, so one wrong answer does not hide another.
    const outcome = (reply: Reply<Problem>) => ({ status: reply.status, detail: reply.body?.detail });
    expect({
      sameUsername: outcome(replies.sameUsername),
      sameStaffNo: outcome(replies.sameStaffNo),
      changedToSameStaffNo: outcome(replies.changedToSameStaffNo),
    }).toEqual({
      sameUsername: { status: 409, detail: expect.stringMatching(/username/i) },
      sameStaffNo: { status: 409, detail: expect.stringMatching(/staff/i) },
      changedToSameStaffNo: { status: 409, detail: expect.stringMatching(/staff/i) },
    });
  });

  it('refuses a weak password with 400 naming password (create and change)', async () => {
    for (const [password, why] of [
      ['Short1', 'too short'],
      ['abcdefghijklmn', 'no digits'],
      ['12345678901234', 'no letters'],
    ] as const) {
      const input = userInput({ username: username('weak'), password });
      const problem = expectProblem(await api('POST', '/users', { token: adminToken, body: input }), 400);
      expect({ why, paths: errorPaths(problem) }).toEqual({ why, paths: ['password'] });
      expect((await findUsers(input.username)).total).toBe(0);
    }
    const named = userInput({ username: username('weakname') });
    const containsName = expectProblem(await api('POST', '/users', { token: adminToken, body: { ...named, password: `X1${named.username}` } }), 400);
    expect(errorPaths(containsName)).toEqual(['password']);
    expect((await findUsers(named.username)).total).toBe(0);

    const change = expectProblem(await api('PATCH', `/users/${cadre.id}`, { token: adminToken, body: { password: 'weak' } }), 400);
    expect(errorPaths(change)).toEqual(['password']);
    expect((await api<UserView>('GET', `/users/${cadre.id}`, { token: adminToken })).body.version).toBe(1);
    expect((await login(cadre.username, PASSWORD)).status).toBe(200);
  });

  it('serves the OpenAPI document without a token, and /readyz answers 200 with everything up', async () => {
    const docs = await call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/application\/json/);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/users/{id}', '/api/v1/me', '/api/v1/departments']));
    expect((await call('GET', '/api/docs')).status).toBe(200);

    const ready = await waitUntil(
      async () => {
        const reply = await call('GET', '/readyz');
        return reply.status === 200 ? reply : undefined;
      },
      { timeoutMs: 30_000, what: '/readyz 200' },
    );
    expect(ready.status).toBe(200);
    expect((await call('GET', '/healthz')).status).toBe(200);
  });

  it('exports the users list as CSV (UTF-8 with BOM, Chinese headers) for admins only', async () => {
    const created = await createUser({ username: username('csv') });
    const reply = await call('GET', `/api/v1/users?format=csv&q=${created.username}`, { token: adminToken });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/csv/);
    // fetch's text() drops a byte-order mark, so look at the bytes.
    const bytes = Buffer.from(
      await (await fetch(`http://127.0.0.1:${gateway.port}/api/v1/users?format=csv&q=${created.username}`, { headers: { authorization: `Bearer ${adminToken}` } })).arrayBuffer(),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (reply.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('用户名,姓名,工号,单位,角色,职级,职务,状态,邮箱');
    expect(lines).toHaveLength(2);
    expect(lines[1].startsWith(`${created.username},`)).toBe(true);
    expect((await call('GET', '/api/v1/users?format=xml', { token: adminToken })).status).toBe(400);
  });
});

/**
 * Sign-in and authentication, the gateway in process without the other services: the right and the wrong
 * password, lock-outs at the configured thresholds (per username and per address), tokens the directory no
 * longer backs, and the other services' routes answering 503 at once while those services are absent.
 */
import { randomBytes } from 'node:crypto';
import { loginViewSchema, meViewSchema, type Problem, type UserView } from '@cadre/contracts';
import { TEST_JWT, matchesSchema, tokenFor } from '@cadre/testing';
import { PASSWORD, startGateway, type Answer, type ComponentGateway } from './harness';

jest.setTimeout(120_000);

const LOCK_AFTER = 3;
const LOCK_IP_AFTER = 5;
const anotherAddress = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;

function problem(answer: Answer, status: number): Problem {
  expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  return answer.body as Problem;
}

describe('gateway in process: sign-in', () => {
  let gateway: ComponentGateway;
  let rootId: string;
  let cadre: UserView;

  beforeAll(async () => {
    gateway = await startGateway({ LOGIN_LOCK_AFTER_FAILURES: String(LOCK_AFTER), LOGIN_LOCK_IP_AFTER_FAILURES: String(LOCK_IP_AFTER), RPC_TIMEOUT_MS: '1500' });
    rootId = (await gateway.call('GET', '/departments', { token: gateway.adminToken })).body.items[0].id;
    cadre = await gateway.createUser(rootId, ['cadre']);
  });
  afterAll(() => gateway?.stop());

  it('signs in with the right password: a token for the user, and /me from the directory', async () => {
    const answer = await gateway.login(cadre.username, PASSWORD);
    expect(answer.status).toBe(200);
    const login = matchesSchema(loginViewSchema, answer.body, 'the sign-in');
    expect(login).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { id: cadre.id, roles: ['cadre'], active: true } });
    const me = await gateway.call('GET', '/me', { token: login.accessToken });
    expect(me.status).toBe(200);
    expect(matchesSchema(meViewSchema, me.body, '/me')).toMatchObject({ id: cadre.id, department: { id: rootId, code: 'CITY', parentId: null } });
  });

  it('answers a wrong password and an unknown username alike: 401', async () => {
    const ip = anotherAddress();
    const wrong = problem(await gateway.login(cadre.username, 'Wrong-2026-pass', ip), 401);
    const unknown = problem(await gateway.login(`nobody-${randomBytes(3).toString('hex')}`, PASSWORD, ip), 401);
    expect(wrong.detail).toBe('Wrong username or password.');
    expect(unknown.detail).toBe(wrong.detail);
    expect((await gateway.login(cadre.username, PASSWORD, ip)).status).toBe(200);
  });

  it(`locks a username after ${LOCK_AFTER} failures (the configured threshold), even for the right password`, async () => {
    const user = await gateway.createUser(rootId, ['cadre']);
    for (let attempt = 1; attempt <= LOCK_AFTER; attempt += 1) problem(await gateway.login(user.username, `Wrong-${attempt}-pass`, anotherAddress()), 401);
    const locked = await gateway.login(user.username, PASSWORD, anotherAddress());
    expect(problem(locked, 429).detail).toMatch(/^Too many failed sign-ins\. Try again in \d+ s\.$/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(120);
    // Another username is not locked.
    expect((await gateway.login(cadre.username, PASSWORD, anotherAddress())).status).toBe(200);
  });

  it(`locks an address after ${LOCK_IP_AFTER} failures, whichever usernames it tried`, async () => {
    const ip = anotherAddress();
    for (let attempt = 1; attempt <= LOCK_IP_AFTER; attempt += 1) problem(await gateway.login(`guess-${attempt}-${randomBytes(3).toString('hex')}`, PASSWORD, ip), 401);
    problem(await gateway.login(cadre.username, PASSWORD, ip), 429);
    expect((await gateway.login(cadre.username, PASSWORD, anotherAddress())).status).toBe(200);
  });

  it('refuses a request without a token, with a forged one, and one whose user was deactivated since', async () => {
    expect(problem(await gateway.call('GET', '/me'), 401).detail).toBe('A bearer token is required.');
    const forged = await tokenFor({ userId: cadre.id, name: cadre.name, roles: ['admin'], departmentId: rootId, departmentPath: [rootId] }, { ...TEST_JWT, secret: 'another-secret-0123456789abcdefghijklmnop' });
    expect(problem(await gateway.call('GET', '/me', { token: forged }), 401).detail).toBe('The token is invalid or has expired.');

    const leaving = await gateway.createUser(rootId, ['cadre']);
    const token = await gateway.tokenOf(leaving.username);
    expect((await gateway.call('GET', '/me', { token })).status).toBe(200);
    expect((await gateway.call('PATCH', `/users/${leaving.id}`, { token: gateway.adminToken, body: { active: false } })).status).toBe(200);
    expect(problem(await gateway.call('GET', '/me', { token }), 401).detail).toBe('The account behind this token is no longer active.');
    problem(await gateway.login(leaving.username, PASSWORD), 401);
  });

  it('takes roles from the directory, not the token: a token claiming admin gets no admin route', async () => {
    const claimsAdmin = await tokenFor({ userId: cadre.id, name: cadre.name, roles: ['admin'], departmentId: rootId, departmentPath: [rootId] });
    expect(problem(await gateway.call('GET', '/users', { token: claimsAdmin }), 403).detail).toBe('This needs one of the roles: admin.');
  });

  it('answers 503 with Retry-After at once for every other service while it is absent', async () => {
    const token = await gateway.tokenOf(cadre.username);
    for (const [url, service] of [
      ['/taxonomy', 'records'],
      ['/tasks', 'tasks'],
      ['/scoring/standards', 'scoring'],
      ['/analytics/overview', 'analytics'],
    ]) {
      const started = Date.now();
      const answer = await gateway.call('GET', url, { token });
      expect(problem(answer, 503).detail).toBe(`The ${service} service is not available.`);
      expect(answer.headers['retry-after']).toBe('5');
      expect(Date.now() - started).toBeLessThan(1_000);
    }
  });
});

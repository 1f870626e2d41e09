/**
 * Limits that fit offices (many people behind one NAT address), the gateway in process: one user's mistyped
 * passwords slow and lock that username only, never colleagues at the same address; and two deployments sharing
 * a Redis (different REDIS_KEY_PREFIX) never count each other's traffic.
 */
import { randomBytes } from 'node:crypto';
import type { UserView } from '@cadre/contracts';
import { PASSWORD, startGateway, type ComponentGateway } from './harness';
import { LoginThrottle } from '../../src/auth/login-throttle';

jest.setTimeout(120_000);

const office = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;
const tag = randomBytes(3).toString('hex');

describe('gateway in process: limits that fit offices', () => {
  let gateway: ComponentGateway;
  let other: ComponentGateway | undefined;
  let rootId: string;
  let a: UserView;
  let b: UserView;

  beforeAll(async () => {
    gateway = await startGateway(
      { LOGIN_SLOW_AFTER_FAILURES: '3', LOGIN_LOCK_AFTER_FAILURES: '10', LOGIN_SLOW_IP_AFTER_USERNAMES: '10', LOGIN_LOCK_IP_AFTER_FAILURES: '20' },
      { REDIS_KEY_PREFIX: `offices-${tag}:`, RATE_LIMIT_IP_PER_MINUTE: 30 },
    );
    rootId = (await gateway.call('GET', '/departments', { token: gateway.adminToken })).body.items[0].id;
    [a, b] = [await gateway.createUser(rootId, ['cadre']), await gateway.createUser(rootId, ['cadre'])];
  });
  afterAll(async () => {
    await other?.stop();
    await gateway?.stop();
  });

  it("does not slow user B's sign-in after three mistyped passwords of user A from the same address", async () => {
    const ip = office();
    for (let attempt = 1; attempt <= 3; attempt += 1) expect((await gateway.login(a.username, `Wrong-${attempt}-pass`, ip)).status).toBe(401);
    const throttle = gateway.app.get(LoginThrottle);
    expect(await throttle.check(a.username, ip)).toEqual({ allowed: true, delayMs: 250 });
    expect(await throttle.check(b.username, ip)).toEqual({ allowed: true, delayMs: 0 });
    const started = Date.now();
    expect((await gateway.login(b.username, PASSWORD, ip)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not lock the office out after 50 failures of one username: that username only', async () => {
    const ip = office();
    const victim = await gateway.createUser(rootId, ['cadre']);
    const throttle = gateway.app.get(LoginThrottle);
    for (let failure = 1; failure <= 50; failure += 1) await throttle.recordFailure(victim.username, ip);
    expect((await gateway.login(victim.username, PASSWORD, ip)).status).toBe(429);
    expect((await gateway.login(b.username, PASSWORD, ip)).status).toBe(200);
    expect(await throttle.check(`colleague-${tag}`, ip)).toEqual({ allowed: true, delayMs: 0 });
  });

  it('slows and locks an address only for many distinct usernames failing from it', async () => {
    const ip = office();
    const throttle = gateway.app.get(LoginThrottle);
    for (let n = 1; n <= 9; n += 1) await throttle.recordFailure(`spray-${tag}-${n}`, ip);
    expect(await throttle.check(b.username, ip)).toEqual({ allowed: true, delayMs: 0 });
    await throttle.recordFailure(`spray-${tag}-10`, ip);
    expect(await throttle.check(b.username, ip)).toEqual({ allowed: true, delayMs: 250 });
    for (let n = 11; n <= 20; n += 1) await throttle.recordFailure(`spray-${tag}-${n}`, ip);
    expect(await throttle.check(b.username, ip)).toMatchObject({ allowed: false });
  });

  it('keeps two deployments with different REDIS_KEY_PREFIX apart in a shared Redis', async () => {
    other = await startGateway({}, { REDIS_KEY_PREFIX: `offices-other-${tag}:`, RATE_LIMIT_IP_PER_MINUTE: 30 });
    const ip = office();
    let status = 200;
    for (let n = 0; n < 31 && status === 200; n += 1) status = (await gateway.call('GET', '/me', { token: gateway.adminToken, ip })).status;
    expect(status).toBe(429);
    expect((await other.call('GET', '/me', { token: other.adminToken, ip })).status).toBe(200);

    const ghost = `ghost-${tag}`;
    for (let failure = 1; failure <= 10; failure += 1) await gateway.app.get(LoginThrottle).recordFailure(ghost, office());
    expect((await gateway.login(ghost, PASSWORD, office())).status).toBe(429);
    expect((await other.login(ghost, PASSWORD, office())).status).toBe(401);
  });
});

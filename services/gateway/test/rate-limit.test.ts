/**
 * The rate limiter against real Redis: exact for one replica although it counts locally between exchanges, and
 * shared between replicas (each learns the others' counts at its next exchange).
 */
import { Redis } from 'ioredis';
import { infra, uniqueName } from '@cadre/testing';
import { RateLimiter, type RateLimits } from '../src/http/rate-limit';

describe('RateLimiter (Redis)', () => {
  let redis: Redis;
  const limiters: RateLimiter[] = [];
  const limiter = (perAddress: RateLimits['perAddress'], perUser = 1_000, keyPrefix?: string) => {
    // A sync interval far beyond the test, so every exchange is one the test asks for.
    const made = new RateLimiter(redis, { perAddress, perUser, keyPrefix }, 3_600_000);
    limiters.push(made);
    return made;
  };

  beforeAll(() => {
    redis = new Redis(infra.redisUrl, { lazyConnect: false });
  });
  afterAll(async () => {
    await Promise.all(limiters.map((l) => l.close()));
    await redis.quit();
  });

  it('lets exactly the limit through on one replica, then answers with the time left in the window', async () => {
    const address = uniqueName('ip');
    const one = limiter(5);
    const verdicts = [];
    for (let i = 0; i < 7; i++) verdicts.push(await one.hit(address));
    expect(verdicts.map((v) => v.limitedBy ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'address', 'address']);
    expect(verdicts[5].retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(verdicts[5].retryAfterSeconds).toBeLessThanOrEqual(60);
    // Only the window's first request went to Redis so far; the sync adds the rest.
    expect(Number(await redis.get(`rl:ip:${address}`))).toBe(1);
    await one.sync();
    expect(Number(await redis.get(`rl:ip:${address}`))).toBe(7);
    expect(await redis.pttl(`rl:ip:${address}`)).toBeGreaterThan(50_000);
  });

  it('shares the count between replicas', async () => {
    const address = uniqueName('ip');
    const [a, b] = [limiter(10), limiter(10)];
    for (let i = 0; i < 6; i++) expect((await a.hit(address)).limitedBy).toBeUndefined();
    await a.sync();
    // b opens its view of the window in Redis and sees a's six.
    for (let i = 0; i < 4; i++) expect((await b.hit(address)).limitedBy).toBeUndefined();
    expect((await b.hit(address)).limitedBy).toBe('address');
    await b.sync();
    // a learns b's requests at its next exchange.
    await a.hit(address);
    await a.sync();
    expect((await a.hit(address)).limitedBy).toBe('address');
    expect(Number(await redis.get(`rl:ip:${address}`))).toBe(12); // the last hit is still pending
  });

  it('limits a user across addresses, independently of the address limit', async () => {
    const user = uniqueName('user');
    const one = limiter(1_000, 3);
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await one.hit(uniqueName('ip'), user));
    expect(verdicts.map((v) => v.limitedBy ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'user']);
  });

  it('counts deployments with different key prefixes apart', async () => {
    const address = uniqueName('ip');
    const [one, two] = [limiter(3, 1_000, 'deploy-one:'), limiter(3, 1_000, 'deploy-two:')];
    for (let i = 0; i < 3; i++) expect((await one.hit(address)).limitedBy).toBeUndefined();
    await one.sync();
    expect((await two.hit(address)).limitedBy).toBeUndefined();
    expect((await one.hit(address)).limitedBy).toBe('address');
    expect(Number(await redis.get(`deploy-one:rl:ip:${address}`))).toBe(3);
    expect(Number(await redis.get(`deploy-two:rl:ip:${address}`))).toBe(1);
  });

  it('gives each address its own limit when asked per address (trusted office networks)', async () => {
    const [office, elsewhere] = [uniqueName('office'), uniqueName('ip')];
    const one = limiter((address) => (address === office ? 5 : 2));
    const verdicts = async (address: string) => {
      const found = [];
      for (let i = 0; i < 6; i++) found.push((await one.hit(address)).limitedBy ?? 'ok');
      return found;
    };
    expect(await verdicts(office)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'address']);
    expect(await verdicts(elsewhere)).toEqual(['ok', 'ok', 'address', 'address', 'address', 'address']);
  });

  it('fails rather than letting traffic through uncounted when Redis cannot be reached', async () => {
    const address = uniqueName('ip');
    const broken = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    const one = new RateLimiter(broken, { perAddress: 10, perUser: 10 }, 3_600_000);
    await expect(one.hit(address)).rejects.toThrow();
    broken.disconnect();
  });
});

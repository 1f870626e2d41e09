/**
 * The Idempotency-Key hooks on a bare Fastify server against real Redis: what runs once, what is replayed, what
 * gives the key back (5xx), what a retry hears while the first request still runs (it waits, then 409), and a
 * running request's key held past its lease.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { ProblemException } from '@cadre/platform';
import { infra, uniqueName } from '@cadre/testing';
import { sendProblem } from '../src/http/edge';
import { IdempotencyStore } from '../src/http/idempotency-store';
import { makePostsIdempotent } from '../src/http/idempotent-posts';

describe('makePostsIdempotent (Redis)', () => {
  let redis: Redis;
  let server: FastifyInstance;
  let base: string;
  const prefix = `${uniqueName('idem')}:`;
  const runs: Record<string, number> = {};
  let release: () => void = () => undefined;

  beforeAll(async () => {
    redis = new Redis(infra.redisUrl);
    server = Fastify();
    // The edge's verified token, stood in for by a header.
    server.decorateRequest('tokenClaims', null);
    server.addHook('onRequest', async (request) => {
      const user = request.headers['x-user'];
      (request as unknown as { tokenClaims: unknown }).tokenClaims = typeof user === 'string' ? { userId: user } : null;
    });
    server.setErrorHandler((error, _request, reply) => {
      if (error instanceof ProblemException) sendProblem(reply, error.problem, error.headers);
      else void reply.status(500).send({ status: 500 });
    });
    makePostsIdempotent(server, new IdempotencyStore(redis, { ttlMs: 60_000, leaseMs: 30_000 }), {
      keyPrefix: prefix,
      excludedRoutes: ['/api/v1/auth/login'],
      waitMs: 1_000,
      pollMs: 20,
      logger: pino({ level: 'silent' }),
    });
    const count = (name: string) => (runs[name] = (runs[name] ?? 0) + 1);
    server.post('/api/v1/things', async (request, reply) => {
      const n = count('things');
      await new Promise((resolve) => setTimeout(resolve, 100));
      return reply.status(201).header('location', `/api/v1/things/${n}`).send({ id: n, body: request.body });
    });
    server.post('/api/v1/flaky', async (_request, reply) => {
      const n = count('flaky');
      if (n === 1) throw new ProblemException(503, 'Try again.');
      return reply.status(201).send({ id: n });
    });
    server.post('/api/v1/held', async () => {
      count('held');
      await new Promise<void>((resolve) => (release = resolve));
      return { done: true };
    });
    server.post('/api/v1/auth/login', async () => ({ n: count('login') }));
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    release();
    await server.close();
    await redis.quit();
  });

  const post = async (path: string, body: unknown, key?: string, user = 'u1') => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': user, ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  it('holds a running request’s key past its lease (renewed while it runs), and lets it go when the holder is gone', async () => {
    // Leases of 2 s (renewed every 667 ms): long enough that a busy test machine's timers and Redis keep up.
    const store = new IdempotencyStore(redis, { ttlMs: 60_000, leaseMs: 2_000 });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const key = `${prefix}lease-${uniqueName('k')}`;
    const first = await store.claim(key, 'first', 'fp');
    if (!first.claimed) throw new Error('the first claim should take the key');
    const stopHolding = store.hold(key, first.marker);
    await sleep(5_000);
    // Two and a half leases later the request still holds its key: a retry waits for its answer rather than running again.
    expect(await store.claim(key, 'retry', 'fp')).toMatchObject({ claimed: false, entry: { state: 'pending', owner: 'first' } });
    stopHolding();
    // A holder that stopped renewing (a gateway that died) frees the key one lease later.
    await sleep(2_500);
    expect((await store.claim(key, 'later', 'fp')).claimed).toBe(true);
  }, 20_000);

  it('runs concurrent requests with one key once and answers all of them alike, location included', async () => {
    const key = uniqueName('key-conc');
    const before = runs.things ?? 0;
    const answers = await Promise.all(Array.from({ length: 10 }, () => post('/api/v1/things', { a: 1, b: [1, 2] }, key)));
    expect(runs.things - before).toBe(1);
    expect(new Set(answers.map((a) => `${a.status} ${a.text} ${a.headers.get('location')} ${a.headers.get('content-type')}`)).size).toBe(1);
    expect(answers[0].headers.get('content-type')).toContain('application/json');
    expect(answers[0].status).toBe(201);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    // The same body with its keys in another order is the same request.
    const reordered = await post('/api/v1/things', { b: [1, 2], a: 1 }, key);
    expect(reordered.text).toBe(answers[0].text);
    expect(runs.things - before).toBe(1);
  });

  it('answers 422 for the key used with another body or another user’s key separately', async () => {
    const key = uniqueName('key-body');
    const before = runs.things ?? 0;
    await post('/api/v1/things', { a: 1 }, key);
    const other = await post('/api/v1/things', { a: 2 }, key);
    expect(other.status).toBe(422);
    expect(JSON.parse(other.text)).toMatchObject({ status: 422, title: 'Unprocessable content' });
    const otherUser = await post('/api/v1/things', { a: 1 }, key, 'u2');
    expect(otherUser.status).toBe(201);
    expect(otherUser.headers.get('idempotent-replayed')).toBeNull();
    expect(runs.things - before).toBe(2);
  });

  it('gives the key back after a 503, so the retry runs', async () => {
    const key = uniqueName('key-flaky');
    const first = await post('/api/v1/flaky', {}, key);
    expect(first.status).toBe(503);
    const second = await post('/api/v1/flaky', {}, key);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    const third = await post('/api/v1/flaky', {}, key);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(third.text).toBe(second.text);
  });

  it('answers 409 with Retry-After to a retry that waited and found the first request still running', async () => {
    const key = uniqueName('key-held');
    const first = post('/api/v1/held', {}, key);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const retry = await post('/api/v1/held', {}, key);
    expect(retry.status).toBe(409);
    expect(retry.headers.get('retry-after')).toBe('1');
    release();
    expect((await first).status).toBe(200);
    expect((await post('/api/v1/held', {}, key)).headers.get('idempotent-replayed')).toBe('true');
    expect(runs.held).toBe(1);
  });

  it('refuses a malformed key, and takes none on the sign-in or without a caller', async () => {
    const bad = await post('/api/v1/things', {}, 'bad key');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    const anonymous = await fetch(`${base}/api/v1/things`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'bad key' }, body: '{}' });
    expect(anonymous.status).toBe(201); // no caller, no key: here the route runs; in the gateway the auth guard answers 401 first
    const key = uniqueName('key-login');
    await post('/api/v1/auth/login', {}, key);
    await post('/api/v1/auth/login', {}, key);
    expect(runs.login).toBe(2);
  });

  it('keeps answers for the TTL', async () => {
    const key = uniqueName('key-ttl');
    await post('/api/v1/things', {}, key);
    const keys = await redis.keys(`${prefix}idem:*`);
    const ttls = await Promise.all(keys.map((k) => redis.pttl(k)));
    expect(Math.max(...ttls)).toBeGreaterThan(50_000);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(60_000);
  });
});

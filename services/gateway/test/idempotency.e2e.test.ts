/**
 * `Idempotency-Key` on POST, against the running system (real Redis, NATS, FerretDB, every service from its build):
 * concurrent retries create one record and all hear the same answer; later retries are replayed; the key is the
 * caller's own; another body under the key is a 422; a malformed key a 400. And the request log: one JSON line per
 * request with the route template and the answer's trace id, and one `rpc` line in the service that handled it.
 */
import { randomBytes } from 'node:crypto';
import { startPlatform, waitUntil, type Platform, type Reply } from '@cadre/testing';

jest.setTimeout(240_000);

const recordInput = (title: string) => ({
  itemCode: 'INVEST-03',
  title,
  description: '牵头洽谈，促成签约落地。',
  periodStart: `${new Date().getUTCFullYear()}-01-01`,
  periodEnd: `${new Date().getUTCFullYear()}-01-31`,
  impactLevel: 'city',
});

const newKey = () => `test-${randomBytes(8).toString('hex')}`;

describe('Idempotency-Key on POST, and the request log', () => {
  let platform: Platform;
  let first: { token: string; id: string };
  let second: { token: string; id: string };

  beforeAll(async () => {
    // Tests run services at `warn`; the request and rpc lines are `info`.
    platform = await startPlatform({ name: 'idem-e2e', env: (service): Record<string, string> => (service === 'gateway' || service === 'records' ? { LOG_LEVEL: 'info' } : {}) });
    const root = await platform.rootDepartment();
    const district = await platform.createDepartment('幂等区', 'IDEMDIST', root.id);
    const a = await platform.createUser('idemcadre1', { departmentId: district.id, roles: ['cadre'], name: '干部甲' });
    const b = await platform.createUser('idemcadre2', { departmentId: district.id, roles: ['cadre'], name: '干部乙' });
    first = { token: a.token, id: a.user.id };
    second = { token: b.token, id: b.user.id };
    await platform.replicasKnow([first.id, second.id], ['records']);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const post = (token: string, path: string, body: unknown, key?: string, headers: Record<string, string> = {}) =>
    platform.call('POST', path, { token, body, headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) } });

  async function titled(token: string, title: string): Promise<{ id: string }[]> {
    const page = await platform.as(token).get<{ items: { id: string; title: string }[] }>(`/records?q=${encodeURIComponent(title)}&pageSize=100`);
    expect(page.status).toBe(200);
    return page.body.items.filter((item) => item.title === title);
  }

  it('runs 10 concurrent POSTs with one key once: one record, ten identical 201 answers; a later retry is replayed', async () => {
    const key = newKey();
    const title = `并发幂等-${key}`;
    const replies = await Promise.all(Array.from({ length: 10 }, () => post(first.token, '/records', recordInput(title), key)));
    for (const reply of replies) expect(reply.status).toBe(201);
    const ids = new Set(replies.map((reply) => reply.body.id));
    expect(ids.size).toBe(1);
    expect(new Set(replies.map((reply) => JSON.stringify(reply.body))).size).toBe(1);
    expect(replies.filter((reply) => reply.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    expect(await titled(first.token, title)).toHaveLength(1);

    const later = await post(first.token, '/records', recordInput(title), key);
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.body).toEqual(replies[0].body);
    expect(await titled(first.token, title)).toHaveLength(1);
  });

  it('answers 422 for the key with another body, and leaves the first answer as it was', async () => {
    const key = newKey();
    const created = await post(first.token, '/records', recordInput(`原请求-${key}`), key);
    expect(created.status).toBe(201);
    const other = await post(first.token, '/records', recordInput(`另一请求-${key}`), key);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body).toMatchObject({ status: 422 });
    expect(await titled(first.token, `另一请求-${key}`)).toHaveLength(0);
    const again = await post(first.token, '/records', recordInput(`原请求-${key}`), key);
    expect(again.body).toEqual(created.body);
  });

  it('refuses a malformed key with a 400 naming Idempotency-Key, and runs nothing', async () => {
    const title = `坏键-${newKey()}`;
    for (const bad of ['short', 'has spaces in it', 'x'.repeat(129)]) {
      const reply = await post(first.token, '/records', recordInput(title), bad);
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    }
    expect(await titled(first.token, title)).toHaveLength(0);
  });

  it('keeps each caller’s keys apart: the same key by two users makes two records', async () => {
    const key = newKey();
    const title = `两人同键-${key}`;
    const mine = await post(first.token, '/records', recordInput(title), key);
    const theirs = await post(second.token, '/records', recordInput(title), key);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('replays a 400 answer as it was', async () => {
    const key = newKey();
    const invalid = { ...recordInput(`无效-${key}`), impactLevel: 'galactic' };
    const refused = await post(first.token, '/records', invalid, key);
    expect(refused.status).toBe(400);
    const replayed = await post(first.token, '/records', invalid, key);
    expect(replayed.status).toBe(400);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(refused.body);
  });

  it('without a key, two POSTs make two records', async () => {
    const title = `无键-${newKey()}`;
    const one = await post(first.token, '/records', recordInput(title));
    const two = await post(first.token, '/records', recordInput(title));
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(one.body.id).not.toBe(two.body.id);
    expect(await titled(first.token, title)).toHaveLength(2);
  });

  it('logs one JSON line per request (route template, status, duration, trace id of the answer, caller) and one rpc line in the service', async () => {
    const created: Reply = await post(first.token, '/records', recordInput(`日志-${newKey()}`));
    expect(created.status).toBe(201);
    const requestId = `log-check-${randomBytes(6).toString('hex')}`;
    const read = await platform.call('GET', `/records/${created.body.id}`, { token: first.token, headers: { 'x-request-id': requestId } });
    expect(read.status).toBe(200);
    const traceId = read.headers.get('x-trace-id');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const linesOf = (output: string) =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestLines = () => linesOf(platform.services.gateway.output()).filter((line) => line.msg === 'request' && line.requestId === requestId);
    await waitUntil(async () => requestLines().length > 0, { timeoutMs: 5_000, intervalMs: 50, what: 'the request log line' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = requestLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', route: '/api/v1/records/:id', status: 200, traceId, userId: first.id, level: 'info' });
    expect(typeof lines[0].durationMs).toBe('number');
    expect(lines[0].bytes).toBe(Number(read.headers.get('content-length')));

    const rpcLines = () => linesOf(platform.services.records.output()).filter((line) => line.msg === 'rpc' && line.traceId === traceId);
    await waitUntil(async () => rpcLines().length > 0, { timeoutMs: 5_000, intervalMs: 50, what: 'the rpc log line' });
    expect(rpcLines()).toEqual([expect.objectContaining({ subject: expect.stringMatching(/^rpc\.records\./), status: 200, outcome: 'ok', durationMs: expect.any(Number) })]);

    // Every API request of this test file has exactly one line: no framework line doubles it.
    const all = linesOf(platform.services.gateway.output()).filter((line) => line.msg === 'request');
    const ids = all.map((line) => line.requestId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

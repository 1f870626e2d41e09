import type { UserView } from '@cadre/contracts';
import { api, apiClient, ApiError, newIdempotencyKey, READ_RETRIES, tokenStore } from './client';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('api client under load', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks again for a read the gateway answered busy (503 with Retry-After), then returns the data', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn().mockResolvedValueOnce(answer(503, { status: 503, title: 'busy' }, { 'retry-after': '1' })).mockResolvedValueOnce(answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetch);
    const result = api.get<{ ok: boolean }>('/records');
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });

  it('gives up on a read after its retries and reports the 503', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn().mockImplementation(async () => answer(429, { status: 429, title: 'slow down' }));
    vi.stubGlobal('fetch', fetch);
    const result = api.get('/records').catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await result;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect(fetch).toHaveBeenCalledTimes(1 + READ_RETRIES);
    vi.useRealTimers();
  });

  it('sends every POST with an Idempotency-Key, and asks again with the same key while the answer is busy', async () => {
    vi.useFakeTimers();
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(answer(503, { status: 503, title: 'busy' }, { 'retry-after': '1' }))
      .mockResolvedValueOnce(answer(429, { status: 429, title: 'slow down' }, { 'retry-after': '2' }))
      .mockResolvedValueOnce(answer(201, { id: 'r-1' }));
    vi.stubGlobal('fetch', fetch);
    const result = api.post<{ id: string }>('/records', { title: 'x' });
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(result).resolves.toEqual({ id: 'r-1' });
    const keys = fetch.mock.calls.map(([, init]) => (init as RequestInit & { headers: Record<string, string> }).headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(1);
    expect(fetch.mock.calls.map(([, init]) => JSON.parse(String((init as RequestInit).body)))).toEqual([{ title: 'x' }, { title: 'x' }, { title: 'x' }]);
    vi.useRealTimers();
  });

  it('gives each POST its own key', async () => {
    const fetch = vi.fn().mockImplementation(async () => answer(201, {}));
    vi.stubGlobal('fetch', fetch);
    await api.post('/records', {});
    await api.post('/records', {});
    const keys = fetch.mock.calls.map(([, init]) => (init as { headers: Record<string, string> }).headers['idempotency-key']);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('asks again for a POST the network failed, with the same key, and reports status 0 when it keeps failing', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn().mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValueOnce(answer(201, { id: 'r-2' }));
    vi.stubGlobal('fetch', fetch);
    const sent = api.post<{ id: string }>('/records', { title: 'y' });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(sent).resolves.toEqual({ id: 'r-2' });
    const [first, second] = fetch.mock.calls.map(([, init]) => (init as { headers: Record<string, string> }).headers['idempotency-key']);
    expect(second).toBe(first);

    fetch.mockReset().mockRejectedValue(new TypeError('Failed to fetch'));
    const failed = api.post('/records', {}).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(((await failed) as ApiError).status).toBe(0);
    expect(fetch).toHaveBeenCalledTimes(1 + READ_RETRIES);
    vi.useRealTimers();
  });

  it('never repeats a write without a key: a busy PATCH is reported at once, with its Retry-After', async () => {
    const fetch = vi.fn().mockResolvedValue(answer(429, { status: 429, title: 'slow down' }, { 'retry-after': '7' }));
    vi.stubGlobal('fetch', fetch);
    const error = (await api.patch('/records/r-1', { title: 'x' }).catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.retryAfterSeconds).toBe(7);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('api client wiring (@cadre/api-client, openapi-fetch)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    tokenStore.set(null);
  });

  it('sends to /api/v1 on the same origin with the query, the JSON accept and the session token', async () => {
    tokenStore.set('t-1');
    const fetch = vi.fn().mockResolvedValue(answer(200, { items: [] }));
    vi.stubGlobal('fetch', fetch);
    await api.get('/records', { status: 'draft', keyword: '龙华 区', page: undefined, empty: '' });
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit & { headers: Record<string, string> }];
    expect(url).toBe('/api/v1/records?status=draft&keyword=%E9%BE%99%E5%8D%8E+%E5%8C%BA');
    expect(init.method).toBe('GET');
    expect(init.headers).toEqual({ accept: 'application/json', authorization: 'Bearer t-1' });
  });

  it('types a literal path the schema knows, and keeps an explicit type for any other', async () => {
    vi.stubGlobal('fetch', vi.fn().mockImplementation(async () => answer(200, { id: 'u-1', roles: ['cadre'] })));
    const me = await api.get('/me');
    expectTypeOf(me).toHaveProperty('roles');
    const explicit = await api.get<UserView>(`/users/${'u-1'}`);
    expectTypeOf(explicit).toEqualTypeOf<UserView>();
    const typed = await apiClient.GET('/api/v1/me');
    expect(typed.data).toEqual({ id: 'u-1', roles: ['cadre'] });
  });

  it('downloads an export in the format asked for, saved under the name given', async () => {
    const fetch = vi.fn().mockResolvedValue(new Response(new Blob(['x']), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    await api.download('/tasks', { status: 'open' }, '重点任务.xlsx', 'xlsx');
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/tasks?status=open&format=xlsx');
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('重点任务.xlsx');
    click.mockRestore();
  });

  it('makes version-4 UUID keys without crypto.randomUUID (a page served over plain http)', () => {
    const randomUUID = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: randomUUID, configurable: true });
    }
  });
});

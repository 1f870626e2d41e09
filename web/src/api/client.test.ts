import { api, ApiError, READ_RETRIES } from './client';

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

  it('never repeats a write: a busy POST is reported to the user at once', async () => {
    const fetch = vi.fn().mockResolvedValue(answer(503, { status: 503, title: 'busy' }, { 'retry-after': '1' }));
    vi.stubGlobal('fetch', fetch);
    await expect(api.post('/records', { title: 'x' })).rejects.toBeInstanceOf(ApiError);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

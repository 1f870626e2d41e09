import { chunkUrlOf, importWithRetry, reloadIfStale, RETRY_DELAYS_MS, type ChunkLoadEnv } from './chunkLoad';

const CHUNK = 'http://127.0.0.1:3000/assets/RoundsPage-B1x2y3.js';
const failed = () => new TypeError(`Failed to fetch dynamically imported module: ${CHUNK}`);

function fakeEnv(status: number, stored: Record<string, string> = {}, now = 1_000_000) {
  const slept: number[] = [];
  const env: ChunkLoadEnv & { slept: number[]; reloads: number; stored: Record<string, string> } = {
    slept,
    reloads: 0,
    stored,
    sleep: async (ms) => void slept.push(ms),
    statusOf: async () => status,
    reload: () => void env.reloads++,
    storage: { getItem: (key) => stored[key] ?? null, setItem: (key, value) => void (stored[key] = value) },
    now: () => now,
  };
  return env;
}

describe('importWithRetry', () => {
  it('tries twice more after short pauses and returns the module once a try succeeds', async () => {
    const env = fakeEnv(200);
    let calls = 0;
    const module = await importWithRetry(async () => {
      calls++;
      if (calls < 3) throw failed();
      return { Page: 'loaded' };
    }, env);
    expect(module).toEqual({ Page: 'loaded' });
    expect(calls).toBe(3);
    expect(env.slept).toEqual([...RETRY_DELAYS_MS]);
  });

  it('gives up after three tries with the last error', async () => {
    const env = fakeEnv(200);
    let calls = 0;
    await expect(
      importWithRetry(async () => {
        calls++;
        throw failed();
      }, env),
    ).rejects.toThrow(CHUNK);
    expect(calls).toBe(3);
  });

  it('does not wait when the first try succeeds', async () => {
    const env = fakeEnv(200);
    await importWithRetry(async () => ({}), env);
    expect(env.slept).toEqual([]);
  });
});

describe('reloadIfStale', () => {
  it('finds the chunk address in the browser’s message', () => {
    expect(chunkUrlOf(failed())).toBe(CHUNK);
    expect(chunkUrlOf(new Error('error loading dynamically imported module'))).toBeNull();
  });

  it('reloads once when the chunk is gone (a 404: a newer build was deployed)', async () => {
    const env = fakeEnv(404);
    expect(await reloadIfStale(failed(), env)).toBe(true);
    expect(env.reloads).toBe(1);
    // The page reloaded but the chunk is still missing: no second reload, the caller shows the failure.
    expect(await reloadIfStale(failed(), env)).toBe(false);
    expect(env.reloads).toBe(1);
  });

  it('reloads again for a later deploy, a minute after the last reload', async () => {
    const env = fakeEnv(404, { 'cadre.chunkReloadedAt': String(1_000_000 - 61_000) });
    expect(await reloadIfStale(failed(), env)).toBe(true);
    expect(env.reloads).toBe(1);
  });

  it('does not reload for a network failure (the chunk is there, or the server cannot be reached)', async () => {
    for (const status of [200, 0, 503]) {
      const env = fakeEnv(status);
      expect(await reloadIfStale(failed(), env)).toBe(false);
      expect(env.reloads).toBe(0);
    }
  });
});

/**
 * Loading a page's chunk when the network hiccups or the console was just redeployed. A failed `import()` is tried
 * twice more after a short pause; if it still fails and the chunk's file is gone from the server (a 404: the page
 * was loaded from an older build whose hashed files were replaced), the whole page reloads once to fetch the new
 * build. A sessionStorage mark keeps that to one reload, so a server that keeps failing cannot cause a reload loop;
 * any other failure is left to the caller, which shows a page saying so.
 */

/** Pauses before the 2nd and 3rd try (ms). */
export const RETRY_DELAYS_MS = [400, 1_200] as const;
const RELOADED_KEY = 'cadre.chunkReloadedAt';
/** A reload more than this long ago was for another deploy: a new stale chunk may reload again. */
const RELOAD_GUARD_MS = 60_000;

export interface ChunkLoadEnv {
  sleep(ms: number): Promise<void>;
  /** The HTTP status of `url` now (0 when it cannot be reached). */
  statusOf(url: string): Promise<number>;
  reload(): void;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  now(): number;
}

export const browserEnv: ChunkLoadEnv = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  statusOf: (url) =>
    fetch(url, { method: 'HEAD', cache: 'no-store' }).then(
      (response) => response.status,
      () => 0,
    ),
  reload: () => window.location.reload(),
  storage: window.sessionStorage,
  now: () => Date.now(),
};

/** `load()`, tried up to three times in all. */
export async function importWithRetry<M>(load: () => Promise<M>, env: Pick<ChunkLoadEnv, 'sleep'> = browserEnv): Promise<M> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (attempt >= RETRY_DELAYS_MS.length) throw error;
      await env.sleep(RETRY_DELAYS_MS[attempt]);
    }
  }
}

/** The chunk's address named in a failed dynamic import's message (Chromium, Firefox and Safari all name it). */
export function chunkUrlOf(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  const match = /(https?:\/\/[^\s'"]+\.m?js)/.exec(message);
  return match ? match[1] : null;
}

/**
 * After every try failed: true when the page is reloading to fetch a newer build (the chunk is a 404 and no reload
 * was made for it in the last minute); false when the failure is for the caller to show.
 */
export async function reloadIfStale(error: unknown, env: ChunkLoadEnv = browserEnv): Promise<boolean> {
  const url = chunkUrlOf(error);
  if (!url || (await env.statusOf(url)) !== 404) return false;
  const last = Number(env.storage.getItem(RELOADED_KEY) ?? 0);
  if (env.now() - last < RELOAD_GUARD_MS) return false;
  env.storage.setItem(RELOADED_KEY, String(env.now()));
  env.reload();
  return true;
}

import type { Problem } from '@cadre/contracts';

/** An answer of the API that is not 2xx: the problem it carried (RFC 9457), or one made from the status. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

const TOKEN_KEY = 'cadre.token';
const listeners = new Set<() => void>();

export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string | null) => (token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY)),
  /** Called when the API answers 401: the session is over, the console goes to sign-in. */
  onExpired: (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** How often a read answered "busy" (503/429) is asked again, and the longest wait between (the server's Retry-After, capped). */
export const READ_RETRIES = 2;
const MAX_RETRY_WAIT_MS = 3_000;

/** The wait a busy answer asks for: its Retry-After in seconds, at most MAX_RETRY_WAIT_MS, one second when absent. */
export function retryDelayMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_WAIT_MS) : 1_000;
}

async function send(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Response> {
  // A read is safe to ask again: under a deadline-day crowd the gateway sheds load with a fast 503/429 and Retry-After,
  // and a page should load a moment later rather than show an error. A write is never repeated behind the user's back.
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body });
    } catch {
      throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: 'The server could not be reached.' });
    }
    if (method !== 'GET' || attempt >= READ_RETRIES || (response.status !== 503 && response.status !== 429)) return response;
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs(response)));
  }
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await send(method, `/api/v1${withQuery(path, query)}`, headers, body === undefined ? undefined : JSON.stringify(body));
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (response.ok) return parsed as T;
  throw failure(response.status, response.statusText, parsed, response.headers.get('x-trace-id'), token);
}

/** The error of an answer that is not 2xx (its problem, or one made from the status); a 401 ends the session. */
export function failure(status: number, statusText: string, parsed: unknown, traceId: string | null, token: string | null): ApiError {
  const problem: Problem =
    parsed && typeof parsed === 'object' && 'status' in parsed ? (parsed as Problem) : { type: 'about:blank', title: statusText || 'Error', status, traceId: traceId ?? undefined };
  if (status === 401 && token) {
    tokenStore.set(null);
    for (const listener of listeners) listener();
  }
  return new ApiError(problem);
}

/** The session's authorization header, for requests made without `api` (an upload with progress). */
export function authHeaders(): Record<string, string> {
  const token = tokenStore.get();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The public API, `/api/v1` on the same origin. */
export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  /** A stored file's bytes, fetched with the session's token (an <img src> or <a href> would carry none). */
  async blob(path: string): Promise<Blob> {
    const token = tokenStore.get();
    const response = await send('GET', `/api/v1${path}`, authHeaders(), undefined);
    if (response.ok) return response.blob();
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    throw failure(response.status, response.statusText, parsed, response.headers.get('x-trace-id'), token);
  },
  /** A CSV export, downloaded with the session's token (a plain link would carry none). */
  async download(path: string, query: Query, filename: string): Promise<void> {
    const token = tokenStore.get();
    const response = await fetch(`/api/v1${withQuery(path, { ...query, format: 'csv' })}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!response.ok) throw new ApiError({ type: 'about:blank', title: response.statusText, status: response.status });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    URL.revokeObjectURL(url);
  },
};

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

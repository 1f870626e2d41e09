import type { Problem } from '@cadre/contracts';
import { createApiClient, type paths } from '@cadre/api-client';

/** An answer of the API that is not 2xx: the problem it carried (RFC 9457), or one made from the status. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    /** A busy answer's Retry-After, in seconds, when it gave one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

const TOKEN_KEY = 'cadre.token';
const listeners = new Set<() => void>();

/**
 * The session's token, per tab (sessionStorage: never kept across a browser restart). Tabs share it over a
 * BroadcastChannel (see sessionChannel.ts), not through storage.
 */
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

/** The query string of `query`, without its empty values (undefined, null, ''). */
function queryString(query: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  return params.toString();
}

/** How often a read answered "busy" (503/429) is asked again, and the longest wait between (the server's Retry-After, capped). */
export const READ_RETRIES = 2;
const MAX_RETRY_WAIT_MS = 3_000;
const NETWORK_RETRY_WAIT_MS = 1_000;

/** The seconds a busy answer's Retry-After asks for, when it is a positive number. */
function retryAfterSeconds(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** The wait a busy answer asks for: its Retry-After in seconds, at most MAX_RETRY_WAIT_MS, one second when absent. */
export function retryDelayMs(response: Response): number {
  const seconds = retryAfterSeconds(response);
  return seconds ? Math.min(seconds * 1000, MAX_RETRY_WAIT_MS) : 1_000;
}

/**
 * A fresh Idempotency-Key: a random UUID. `crypto.randomUUID` exists only in secure contexts (https, localhost); a
 * console served over plain http inside an intranet makes the same version-4 UUID from `getRandomValues`.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const origin = (): string => globalThis.location?.origin ?? 'http://localhost';

/**
 * openapi-fetch hands its transport a Request; the console sends it with the global fetch as `(path, init)`, the
 * path relative to the console's origin, as it always has (tests stub `fetch` and read the path and the init).
 */
async function transport(request: Request): Promise<Response> {
  const url = request.url.startsWith(origin()) ? request.url.slice(origin().length) : request.url;
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
  return fetch(url, { method: request.method, headers: Object.fromEntries(request.headers.entries()), body: body || undefined });
}

/** The typed client the console sends every API request with (paths as the generated schema names them: `/api/v1/…`). */
export const apiClient = createApiClient({ baseUrl: origin(), fetch: transport, token: () => tokenStore.get(), querySerializer: (query) => queryString(query) });

type ParseAs = 'text' | 'blob';
interface Sent {
  data?: unknown;
  error?: unknown;
  response: Response;
}
/** openapi-fetch's `request` over any path: the console's `api.*<T>(path)` callers name paths the schema cannot check. */
const untyped = apiClient as unknown as {
  request(method: string, path: string, init: { params: { query?: Query }; body?: unknown; headers: Record<string, string>; parseAs: ParseAs }): Promise<Sent>;
};

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isBusy = (status: number) => status === 503 || status === 429;

/**
 * Sends one request, asking again while the answer is busy (503/429) or the network failed, when that is safe: a
 * read, or a write carrying an Idempotency-Key (the same key each time, so the gateway does it at most once).
 * Under a deadline-day crowd the gateway sheds load with a fast 503/429 and Retry-After, and a page should load or
 * a form be sent a moment later rather than show an error. Other writes are never repeated behind the user's back.
 */
async function send(method: string, path: string, options: { query?: Query; body?: unknown; headers?: Record<string, string>; parseAs?: ParseAs } = {}): Promise<Sent> {
  const parseAs = options.parseAs ?? 'text';
  const headers: Record<string, string> = { ...(parseAs === 'text' ? { accept: 'application/json' } : {}), ...options.headers };
  const repeatable = method === 'GET' || 'idempotency-key' in headers;
  for (let attempt = 0; ; attempt++) {
    const last = !repeatable || attempt >= READ_RETRIES;
    let sent: Sent;
    try {
      sent = await untyped.request(method, `/api/v1${path}`, { params: { query: options.query }, body: options.body, headers, parseAs });
    } catch {
      if (last) throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: 'The server could not be reached.' });
      await wait(NETWORK_RETRY_WAIT_MS);
      continue;
    }
    if (last || !isBusy(sent.response.status)) return sent;
    await wait(retryDelayMs(sent.response));
  }
}

/** The data of a 2xx answer, or the ApiError of any other (a 401 ends the session). */
function answerOf(sent: Sent, token: string | null): unknown {
  const { response } = sent;
  if (response.ok) return sent.data;
  throw failure(response.status, response.statusText, sent.error, response.headers.get('x-trace-id'), token, retryAfterSeconds(response));
}

/** A JSON answer's text parsed (the text itself when it is not JSON, undefined when empty). */
function parsedText(text: unknown): unknown {
  if (typeof text !== 'string' || !text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function request<T>(method: string, path: string, options: { body?: unknown; query?: Query; headers?: Record<string, string> } = {}): Promise<T> {
  const token = tokenStore.get();
  return parsedText(answerOf(await send(method, path, options), token)) as T;
}

/** The error of an answer that is not 2xx (its problem, or one made from the status); a 401 ends the session. */
export function failure(status: number, statusText: string, parsed: unknown, traceId: string | null, token: string | null, retryAfter?: number): ApiError {
  const problem: Problem =
    parsed && typeof parsed === 'object' && 'status' in parsed ? (parsed as Problem) : { type: 'about:blank', title: statusText || 'Error', status, traceId: traceId ?? undefined };
  if (status === 401 && token) {
    tokenStore.set(null);
    for (const listener of listeners) listener();
  }
  return new ApiError(problem, retryAfter);
}

/** The session's authorization header, for requests made without `api` (an upload with progress). */
export function authHeaders(): Record<string, string> {
  const token = tokenStore.get();
  return token ? { authorization: `Bearer ${token}` } : {};
}

// Typed use: a literal path the schema knows (`api.get('/me')`) gets its answer's type; any other path, or an
// explicit `api.get<T>(path)`, keeps the caller's T.
type ApiPath = keyof paths & `/api/v1${string}`;
type ConsolePath<M extends 'get' | 'post'> = { [P in ApiPath]: paths[P] extends Record<M, object> ? (P extends `/api/v1${infer Rest}` ? Rest : never) : never }[ApiPath];
type Operation<M extends 'get' | 'post', P extends string> = `/api/v1${P}` extends ApiPath ? paths[`/api/v1${P}`][M] : never;
type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : R extends { content?: never } ? void : unknown;
type AnswerOf<O> = O extends { responses: infer R } ? JsonOf<R[Extract<keyof R, 200 | 201 | 202 | 204>]> : unknown;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : O extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body | undefined : unknown;

interface Api {
  get<P extends ConsolePath<'get'>>(path: P, query?: Query): Promise<AnswerOf<Operation<'get', P>>>;
  get<T>(path: string, query?: Query): Promise<T>;
  /** A write sent with a fresh Idempotency-Key, asked again with the same key while busy (see `send`). */
  post<P extends ConsolePath<'post'>>(path: P, body?: BodyOf<Operation<'post', P>>): Promise<AnswerOf<Operation<'post', P>>>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T = void>(path: string): Promise<T>;
  /** A stored file's bytes, fetched with the session's token (an <img src> or <a href> would carry none). */
  blob(path: string): Promise<Blob>;
  /** An export (`?format=csv|xlsx`), downloaded with the session's token (a plain link would carry none) and saved as `filename`. */
  download(path: string, query: Query, filename: string, format?: ExportFormat): Promise<void>;
}

export type ExportFormat = 'csv' | 'xlsx';

/** The public API, `/api/v1` on the same origin. */
export const api: Api = {
  get: ((path: string, query?: Query) => request('GET', path, { query })) as Api['get'],
  post: ((path: string, body: unknown = {}) => request('POST', path, { body, headers: { 'idempotency-key': newIdempotencyKey() } })) as Api['post'],
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  async blob(path: string): Promise<Blob> {
    const token = tokenStore.get();
    return answerOf(await send('GET', path, { parseAs: 'blob' }), token) as Blob;
  },
  async download(path: string, query: Query, filename: string, format: ExportFormat = 'csv'): Promise<void> {
    const token = tokenStore.get();
    const blob = answerOf(await send('GET', path, { query: { ...query, format }, parseAs: 'blob' }), token) as Blob;
    const url = URL.createObjectURL(blob);
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

import { createHash } from 'node:crypto';
import type { ProblemFieldError } from '@cadre/contracts';

/** The header a client sends to make a POST safe to retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/** The field error of a malformed `Idempotency-Key`, or none (absent keys are fine: the header is optional). */
export function idempotencyKeyErrors(value: string | string[] | undefined): ProblemFieldError[] {
  if (value === undefined) return [];
  if (typeof value === 'string' && KEY.test(value)) return [];
  return [{ path: 'Idempotency-Key', message: 'must be 8 to 128 characters: letters, digits, ".", "_", ":" or "-" (sent once)' }];
}

/** The Redis key of one caller's use of one key on one route: hashed, so its length never depends on the URL. */
export function scopeKeyOf(prefix: string, scope: { userId: string; method: string; path: string; key: string }): string {
  const digest = createHash('sha256').update(JSON.stringify([scope.userId, scope.method, scope.path, scope.key])).digest('hex');
  return `${prefix}idem:${digest}`;
}

/** What identifies "the same request" under one key. */
export interface RequestShape {
  method: string;
  /** The URL as sent, query included. */
  url: string;
  /** The parsed JSON body (undefined when there is none). */
  body?: unknown;
  /** Multipart uploads are streamed to the route, never read here: their length stands for their content. */
  multipartLength?: string;
}

/** SHA-256 of the request: method, URL, and the body in canonical JSON (keys sorted) or the multipart length. */
export function fingerprintOf(request: RequestShape): string {
  const content = request.multipartLength !== undefined ? `multipart:${request.multipartLength}` : canonicalJson(request.body);
  return createHash('sha256').update(`${request.method} ${request.url}\n${content}`).digest('hex');
}

/** JSON with object keys in sorted order, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  );
}

/** A finished answer, as it is kept and replayed. */
export interface StoredAnswer {
  status: number;
  body: string;
  /** `base64` when the body was bytes. */
  encoding: 'utf8' | 'base64';
  contentType?: string;
  location?: string;
}

/**
 * The answer to keep for replays, or null when a retry must run again: 5xx (503 included), 429 and 401 (a
 * refused token or a stopped account says nothing about the command) are never kept, nor streamed bodies.
 */
export function answerToStore(status: number, payload: unknown, headers: { contentType?: unknown; location?: unknown }): StoredAnswer | null {
  if (status < 200 || status >= 500 || (status >= 300 && status < 400) || status === 401 || status === 429) return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const meta = { status, contentType: text(headers.contentType), location: text(headers.location) };
  if (payload === undefined || payload === null) return { ...meta, body: '', encoding: 'utf8' };
  if (typeof payload === 'string') return { ...meta, body: payload, encoding: 'utf8' };
  if (Buffer.isBuffer(payload)) return { ...meta, body: payload.toString('base64'), encoding: 'base64' };
  return null;
}

/** A stored answer's body as it goes out again. */
export function replayBody(answer: StoredAnswer): string | Buffer {
  return answer.encoding === 'base64' ? Buffer.from(answer.body, 'base64') : answer.body;
}

/** What Redis holds under a key: a request still running (its owner and fingerprint), or its answer. */
export type IdempotencyEntry = { state: 'pending'; owner: string; fingerprint: string } | { state: 'done'; fingerprint: string; answer: StoredAnswer };

export function encodeEntry(entry: IdempotencyEntry): string {
  return JSON.stringify(entry);
}

export function decodeEntry(text: string): IdempotencyEntry | null {
  try {
    const entry = JSON.parse(text) as IdempotencyEntry;
    return entry && (entry.state === 'pending' || entry.state === 'done') && typeof entry.fingerprint === 'string' ? entry : null;
  } catch {
    return null;
  }
}

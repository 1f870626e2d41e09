import type { FastifyInstance } from 'fastify';
import { trace } from '@opentelemetry/api';

/** The path of the live stream: long-lived, so it is not counted among the requests in progress (admission). */
export const LIVE_STREAM_PATH = '/api/v1/notifications/stream';

const TOKEN = /^[A-Za-z0-9\-_.]+$/;

/** Whether a request URL (with or without its query) is the live stream's. */
export function isLiveStream(url: string): boolean {
  const end = url.indexOf('?');
  return (end < 0 ? url : url.slice(0, end)) === LIVE_STREAM_PATH;
}

/**
 * `EventSource` cannot send headers: on the live stream only, a token given as `?access_token=` counts as
 * `Authorization: Bearer <token>` when the request has no Authorization header. Registered before the edge's hooks,
 * so the rate limit per user and the auth guard check it like any bearer token.
 */
export function acceptStreamTokens(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    if (request.headers.authorization !== undefined || !isLiveStream(request.url)) return;
    const token = (request.query as Record<string, unknown> | undefined)?.access_token;
    if (typeof token !== 'string') return;
    if (TOKEN.test(token)) request.headers.authorization = `Bearer ${token}`;
    redactTokenInSpan(request.url);
  });
}

/** The URL with the value of `access_token` replaced, as it may be recorded (a token must never reach a trace). */
export function redactedUrl(url: string): string {
  return url.replace(/([?&]access_token=)[^&#]*/g, '$1REDACTED');
}

/** The HTTP server span recorded the URL with its query before any hook ran: its URL attributes lose the token. */
function redactTokenInSpan(url: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  const redacted = redactedUrl(url);
  const query = redacted.includes('?') ? redacted.slice(redacted.indexOf('?') + 1) : '';
  span.setAttributes({ 'http.target': redacted, 'url.path': redacted.split('?')[0], 'url.query': query });
  const full = (span as unknown as { attributes?: Record<string, unknown> }).attributes;
  for (const key of ['http.url', 'url.full']) {
    if (typeof full?.[key] === 'string') span.setAttribute(key, redactedUrl(full[key]));
  }
}

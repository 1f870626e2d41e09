import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ProblemException } from '@cadre/platform';
import type { TokenClaims } from '../auth/tokens';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER, answerToStore, fingerprintOf, idempotencyKeyErrors, replayBody, scopeKeyOf, type StoredAnswer } from './idempotency';
import type { IdempotencyStore } from './idempotency-store';

export interface IdempotentPostsOptions {
  /** Prepended to the Redis keys (the gateway's REDIS_KEY_PREFIX). */
  keyPrefix: string;
  /** Route templates that take no key (sign-in: it has no caller to scope the key to). */
  excludedRoutes: string[];
  /** How long a retry waits for the first request with its key to finish before a 409. */
  waitMs?: number;
  pollMs?: number;
  logger: Logger;
}

interface Claimed {
  key: string;
  marker: string;
  fingerprint: string;
  settled: boolean;
  /** Ends the renewal of the key's lease (IdempotencyStore.hold). */
  stopHolding(): void;
}

const claimedRequests = new WeakMap<FastifyRequest, Claimed>();

/**
 * `Idempotency-Key` on every POST, once for all routes: the first request with a key claims it in Redis and runs;
 * its answer (2xx and 4xx) is kept for the TTL and replayed to any retry of the same request by the same caller on
 * the same path (`Idempotent-Replayed: true`); a retry while it runs waits for it; the key with another request is
 * a 422. Answers that say "try again" (5xx, 429, 401) give the key back. Runs after the edge has verified the token.
 */
export function makePostsIdempotent(fastify: FastifyInstance, store: IdempotencyStore, options: IdempotentPostsOptions): void {
  const excluded = new Set(options.excludedRoutes);
  const waitMs = options.waitMs ?? 10_000;
  const pollMs = options.pollMs ?? 50;

  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || excluded.has(request.routeOptions.url ?? '')) return;
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return;
    const claims = (request as unknown as { tokenClaims: TokenClaims | null }).tokenClaims;
    // No verified token: the auth guard answers 401 (or the route is public and has no caller to scope a key to).
    if (!claims) return;
    const errors = idempotencyKeyErrors(header);
    if (errors.length) throw new ProblemException(400, 'The Idempotency-Key header is malformed.', errors);

    const path = request.url.split('?')[0];
    const key = scopeKeyOf(options.keyPrefix, { userId: claims.userId, method: request.method, path, key: header as string });
    const fingerprint = fingerprintOf({
      method: request.method,
      url: request.url,
      body: request.body,
      multipartLength: request.isMultipart?.() ? String(request.headers['content-length'] ?? 'chunked') : undefined,
    });
    const owner = randomUUID();
    const deadline = Date.now() + waitMs;
    for (;;) {
      const claim = await store.claim(key, owner, fingerprint).catch(() => unavailable());
      if (claim.claimed) {
        claimedRequests.set(request, { key, marker: claim.marker, fingerprint, settled: false, stopHolding: store.hold(key, claim.marker) });
        return;
      }
      const entry = claim.entry;
      if (entry && entry.fingerprint !== fingerprint) {
        throw new ProblemException(422, 'This Idempotency-Key was already used for a different request (another body or path); use a new key for a new request.');
      }
      if (entry?.state === 'done') return replay(reply, entry.answer);
      if (Date.now() >= deadline) {
        throw new ProblemException(409, 'A request with this Idempotency-Key is still in progress; retry shortly.', undefined, { 'retry-after': '1' });
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const claimed = claimedRequests.get(request);
    if (!claimed || claimed.settled) return payload;
    claimed.settled = true;
    claimed.stopHolding();
    const answer = answerToStore(reply.statusCode, payload, { contentType: reply.getHeader('content-type'), location: reply.getHeader('location') });
    try {
      if (answer) await store.complete(claimed.key, claimed.marker, claimed.fingerprint, answer);
      else await store.release(claimed.key, claimed.marker);
    } catch (error) {
      // The answer still goes out; the key's lease runs out by itself and a retry then runs again.
      options.logger.warn({ err: error }, 'could not settle an idempotency key');
    }
    return payload;
  });

  // A request that never reached onSend (the client went away): its key is given back at once.
  fastify.addHook('onResponse', async (request) => {
    const claimed = claimedRequests.get(request);
    if (!claimed || claimed.settled) return;
    claimed.settled = true;
    claimed.stopHolding();
    await store.release(claimed.key, claimed.marker).catch(() => undefined);
  });
}

function replay(reply: FastifyReply, answer: StoredAnswer): FastifyReply {
  void reply.code(answer.status).header(REPLAYED_HEADER, 'true');
  if (answer.contentType) void reply.header('content-type', answer.contentType);
  if (answer.location) void reply.header('location', answer.location);
  return reply.send(replayBody(answer));
}

function unavailable(): never {
  throw new ProblemException(503, 'Idempotency keys cannot be checked right now; try again shortly.', undefined, { 'retry-after': '1' });
}

import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { trace } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import cors from '@fastify/cors';
import type { Problem } from '@cadre/contracts';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemOf } from '@cadre/platform';
import type { GatewayConfig } from '../config';
import type { TokenClaims } from '../auth/tokens';
import { TokenVerifier } from '../auth/token-verifier';
import { RateLimiter } from './rate-limit';
import { operatorKeyErrors } from './operator-keys';
import { measureRequests } from './http-metrics';
import { limitJsonDepth } from './json-depth';
import { addSecurityHeaders } from './security-headers';
import { addressLimits, parseNetworks } from './trusted-networks';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Request ids: the caller's `x-request-id` when it is safe to echo and log, otherwise a new one; echoed on every response. */
export function requestIdOptions() {
  return {
    // Not `requestIdHeader`: Fastify would take the header as it is and never ask genReqId.
    requestIdHeader: false as const,
    genReqId: (request: { headers: Record<string, unknown> }) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  };
}

const HEADERS_TOO_LARGE = {
  type: 'https://cadre-platform.example/problems/request-header-fields-too-large',
  title: 'Request header fields too large',
  status: 431,
  detail: 'The request headers are too large.',
};
const MALFORMED_REQUEST = problemOf(400, 'The request is malformed.');

/**
 * The Fastify server options of the edge: body limit, request ids, and problem+json for the errors Fastify and
 * Node answer before any route or hook runs (a malformed URL, oversized headers, an unparsable request).
 */
export function edgeServerOptions(config: Pick<GatewayConfig, 'BODY_LIMIT_BYTES'>) {
  return {
    bodyLimit: config.BODY_LIMIT_BYTES,
    ...requestIdOptions(),
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const detail = error.code === 'FST_ERR_BAD_URL' ? 'The URL is malformed (bad percent-encoding).' : 'The request cannot be routed.';
      sendProblem(reply, problemOf(400, detail));
    },
    clientErrorHandler: (error: Error & { code?: string }, socket: Duplex) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) {
        const problem = error.code === 'HPE_HEADER_OVERFLOW' ? HEADERS_TOO_LARGE : MALFORMED_REQUEST;
        const body = JSON.stringify(problem);
        socket.write(
          `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy(error);
    },
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}) {
  const extra = problem.status === 503 && !headers['retry-after'] ? { 'retry-after': '5' } : {};
  void reply
    .status(problem.status)
    .headers({ ...extra, ...headers })
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem);
}

/**
 * The hardened edge every route shares: request metrics, security headers, CORS from configuration, per-IP rate limiting in
 * Redis (per address, and per user for requests with a valid token), operator-looking keys refused anywhere in a body or
 * query. Errors Fastify raises itself (413, malformed JSON, 429) reach HttpProblemFilter through Nest.
 */
export async function hardenEdge(fastify: FastifyInstance, config: GatewayConfig, limiter: RateLimiter): Promise<void> {
  measureRequests(fastify);
  limitJsonDepth(fastify, config.BODY_MAX_DEPTH);
  // The trace id on every answer (problems carry it in the body too), so support can go from a user's report to the trace.
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    if (traceId) reply.header('x-trace-id', traceId);
  });
  // The http server span is named after the route (`GET /api/v1/records/:id`), not the bare method.
  fastify.addHook('preHandler', async (request) => {
    const span = trace.getActiveSpan();
    const route = request.routeOptions.url;
    if (span && route) {
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'request.id': request.id });
    }
  });

  await addSecurityHeaders(fastify, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'], frameSrc: ["'self'", 'blob:'] } },
  });
  const origins = config.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  await fastify.register(cors, { origin: origins.length ? origins : false, credentials: false, exposedHeaders: ['x-request-id', 'x-trace-id', 'retry-after', 'idempotent-replayed'] });
  // Rate limits before any route runs: per address always, per user when the request carries a valid token
  // (whose claims the auth guard then reuses instead of verifying again).
  fastify.decorateRequest('tokenClaims', null);
  fastify.addHook('onClose', async () => {
    await limiter.close().catch(() => undefined);
  });
  fastify.addHook('onRequest', async (request) => {
    if (request.url === '/healthz' || request.url === '/readyz') return;
    const claims = await claimsOf(request.headers.authorization, config);
    (request as unknown as { tokenClaims: TokenClaims | null }).tokenClaims = claims;
    const verdict = await limiter.hit(request.ip, claims?.userId);
    if (verdict.limitedBy) {
      const who = verdict.limitedBy === 'address' ? 'this address' : 'this account';
      throw new ProblemException(429, `Too many requests from ${who}; try again in ${verdict.retryAfterSeconds} s.`, undefined, {
        'retry-after': String(verdict.retryAfterSeconds),
      });
    }
  });

  fastify.addHook('preHandler', async (request) => {
    const errors = [...operatorKeyErrors(request.query, 'query'), ...operatorKeyErrors(request.body)];
    if (errors.length) throw new ProblemException(400, 'The request contains operator-like keys.', errors);
  });
}

/** The rate limiter the configuration asks for: per user, per address (more for the trusted office networks). */
export function rateLimiterOf(redis: Redis, config: GatewayConfig): RateLimiter {
  const perAddress = config.RATE_LIMIT_TRUSTED_NETWORKS
    ? addressLimits(parseNetworks(config.RATE_LIMIT_TRUSTED_NETWORKS), config.RATE_LIMIT_TRUSTED_IP_PER_MINUTE, config.RATE_LIMIT_IP_PER_MINUTE)
    : config.RATE_LIMIT_IP_PER_MINUTE;
  return new RateLimiter(redis, { perAddress, perUser: config.RATE_LIMIT_USER_PER_MINUTE, keyPrefix: config.REDIS_KEY_PREFIX });
}

const BEARER = /^Bearer ([A-Za-z0-9\-_.]+)$/;

const verifiers = new WeakMap<GatewayConfig, TokenVerifier>();

/** The verified claims of a bearer token, or null (no token, or not a valid one: the guard answers 401 later). */
export function claimsOf(header: string | undefined, config: GatewayConfig): Promise<TokenClaims | null> {
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!match) return Promise.resolve(null);
  let verifier = verifiers.get(config);
  if (!verifier) {
    verifier = new TokenVerifier({ secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
    verifiers.set(config, verifier);
  }
  return verifier.claims(match[1]);
}

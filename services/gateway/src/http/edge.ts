import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { Problem } from '@cadre/contracts';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemOf } from '@cadre/platform';
import type { GatewayConfig } from '../config';
import { operatorKeyErrors } from './operator-keys';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Request ids: the caller's `x-request-id` when it is sane, otherwise a new one; echoed on every response. */
export function requestIdOptions() {
  return {
    requestIdHeader: 'x-request-id',
    genReqId: (request: { headers: Record<string, unknown> }) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
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
 * The hardened edge every route shares: security headers, CORS from configuration, per-IP rate limiting in
 * Redis (per-user limiting happens after authentication), operator-looking keys refused anywhere in a body or
 * query. Errors Fastify raises itself (413, malformed JSON, 429) reach HttpProblemFilter through Nest.
 */
export async function hardenEdge(fastify: FastifyInstance, config: GatewayConfig, redis: Redis): Promise<void> {
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await fastify.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } },
  });
  const origins = config.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  await fastify.register(cors, { origin: origins.length ? origins : false, credentials: false, exposedHeaders: ['x-request-id', 'retry-after'] });
  await fastify.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_IP_PER_MINUTE,
    timeWindow: 60_000,
    redis,
    nameSpace: 'rl:ip:',
    keyGenerator: (request) => request.ip,
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      ...problemOf(429, `Too many requests from this address; try again in ${Math.ceil(context.ttl / 1000)} s.`),
    }),
  });

  fastify.addHook('preHandler', async (request) => {
    const errors = [...operatorKeyErrors(request.query, 'query'), ...operatorKeyErrors(request.body)];
    if (errors.length) throw new ProblemException(400, 'The request contains operator-like keys.', errors);
  });
}

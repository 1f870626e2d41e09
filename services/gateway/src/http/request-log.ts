import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { TokenClaims } from '../auth/tokens';

/** Probes poll these every few seconds: their lines go out at debug level, so `info` logs stay about users. */
const PROBES = new Set(['/healthz', '/readyz']);

/** The fields of one request's log line. */
export function requestLogFields(request: FastifyRequest, reply: FastifyReply) {
  const claims = (request as unknown as { tokenClaims?: TokenClaims | null }).tokenClaims;
  const traceHeader = reply.getHeader('x-trace-id');
  const length = Number(reply.getHeader('content-length'));
  return {
    method: request.method,
    route: request.routeOptions.url ?? 'unmatched',
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 10) / 10,
    traceId: typeof traceHeader === 'string' ? traceHeader : trace.getActiveSpan()?.spanContext().traceId,
    requestId: request.id,
    ...(claims ? { userId: claims.userId } : {}),
    ...(Number.isFinite(length) ? { bytes: length } : {}),
  };
}

/** Exactly one JSON line per HTTP request, when its answer has gone out: `msg: "request"`, by route template. */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const fields = requestLogFields(request, reply);
    if (PROBES.has(fields.route)) logger.debug(fields, 'request');
    else logger.info(fields, 'request');
  });
}

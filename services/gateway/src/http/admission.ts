import type { FastifyInstance } from 'fastify';
import { problemOf } from '@cadre/platform';
import { sendProblem } from './edge';
import { isLiveStream } from '../notifications/stream-path';

/** Seconds a client is asked to wait when the gateway has no room for its request. */
const RETRY_AFTER_SECONDS = '1';

/**
 * At most `maxInflight` API requests in progress in the gateway; beyond it the request is answered 503 with
 * Retry-After at once, before any token check, rate-limit count or service call. The console's static files and the
 * health endpoints are not counted, nor the live streams (`GET /notifications/stream`: open for hours, bounded by
 * SSE_MAX_STREAMS instead). Register it before the rate limiter so overload costs no Redis round trip.
 */
export function limitInflight(fastify: FastifyInstance, maxInflight: number): { inflight: () => number } {
  let inflight = 0;
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') || isLiveStream(request.url)) return;
    if (inflight >= maxInflight) {
      sendProblem(reply, problemOf(503, 'The gateway is overloaded; try again shortly.'), { 'retry-after': RETRY_AFTER_SECONDS });
      return reply;
    }
    inflight++;
    // 'close' fires once the answer is sent or the client went away, whichever comes first.
    reply.raw.once('close', () => inflight--);
  });
  return { inflight: () => inflight };
}

import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';
import { metricsRegistry } from '@cadre/platform';

const duration = new Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'Time from request to response on the public API, by route template and status (errors: status_code 4xx/5xx)',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** Times every response by its route template (never the raw URL: ids would explode the series). */
export function measureRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1_000);
  });
}

import Fastify from 'fastify';
import { limitInflight } from './admission';

describe('limitInflight', () => {
  it('answers API requests beyond the bound 503 with Retry-After at once, and does not count health checks', async () => {
    const fastify = Fastify();
    const bound = limitInflight(fastify, 2);
    let finish: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (finish = resolve));
    fastify.get('/api/v1/slow', async () => {
      await held;
      return { ok: true };
    });
    fastify.get('/healthz', async () => ({ status: 'ok' }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(fastify.server.address() as { port: number }).port}`;
    try {
      const slow = [fetch(`${base}/api/v1/slow`), fetch(`${base}/api/v1/slow`)];
      while (bound.inflight() < 2) await new Promise((resolve) => setTimeout(resolve, 10));

      const refused = await fetch(`${base}/api/v1/slow`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      finish();
      expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
      while (bound.inflight() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      expect((await fetch(`${base}/api/v1/slow`)).status).toBe(200);
    } finally {
      await fastify.close();
    }
  });
});

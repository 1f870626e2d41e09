import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import { addSecurityHeaders } from './security-headers';

const OPTIONS = { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } } };

describe('security headers worked out once', () => {
  it("answers every route with exactly @fastify/helmet's headers, the 404 included", async () => {
    const headersOf = async (setUp: (app: ReturnType<typeof Fastify>) => Promise<unknown>, url: string) => {
      const app = Fastify();
      await setUp(app);
      app.get('/x', async () => ({ ok: true }));
      const { headers } = await app.inject({ method: 'GET', url });
      await app.close();
      delete headers.date;
      return headers;
    };
    for (const url of ['/x', '/missing']) {
      const ours = await headersOf((app) => addSecurityHeaders(app, OPTIONS), url);
      expect(ours['content-security-policy']).toMatch(/^default-src 'self';.*img-src 'self' data:;.*script-src 'self';/);
      expect(ours).toEqual(await headersOf((app) => app.register(helmet, OPTIONS), url));
    }
  });
});

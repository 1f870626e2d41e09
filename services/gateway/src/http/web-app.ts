import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built web console (a single-page app) at `/`: its files, and `index.html` for a page a browser opens
 * at any other path outside `/api` (`Accept: text/html`), so the console's own routes (`/records/123`) load it. Files under `assets/` carry a content hash
 * in their names and are cached for a year; `index.html` is never cached. Paths never leave `root`.
 * (@fastify/static would do this, but its releases satisfy either @nestjs/swagger's peer range or
 * @nestjs/platform-fastify's, not both.)
 */
export function serveWebApp(fastify: FastifyInstance, root: string): boolean {
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) return false;
  fastify.get('/*', async (request, reply) => {
    const urlPath = decodeURIComponent(request.url.split('?')[0]);
    // Unknown API paths keep the API's own 404 problem.
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return reply.callNotFound();
    const candidate = path.resolve(root, `.${urlPath}`);
    const inside = candidate.startsWith(root + path.sep);
    const found = inside && existsSync(candidate) && statSync(candidate).isFile();
    // Only a browser opening a page gets the app for an unknown path; anything else gets the ordinary 404.
    if (!found && urlPath !== '/' && !String(request.headers.accept ?? '').includes('text/html')) return reply.callNotFound();
    const file = found ? candidate : index;
    const immutable = file !== index && file.startsWith(path.join(root, 'assets') + path.sep);
    return reply
      .header('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(createReadStream(file));
  });
  return true;
}

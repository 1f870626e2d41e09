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

/** The encodings a build's files are precompressed in (web/precompress.mts), best first. */
const ENCODINGS = [
  { name: 'br', extension: '.br' },
  { name: 'gzip', extension: '.gz' },
] as const;

/** The content codings `accept-encoding` accepts (q > 0; `*` accepts any not named). */
export function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const accepted = new Set<string>();
  const refused = new Set<string>();
  let any = false;
  for (const part of String(header ?? '').split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (!coding) continue;
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)).find(Boolean);
    const ok = !q || Number(q[1]) > 0;
    if (coding === '*') any = ok;
    else (ok ? accepted : refused).add(coding);
  }
  if (any) for (const { name } of ENCODINGS) if (!refused.has(name)) accepted.add(name);
  return accepted;
}

/**
 * Serves the built web console (a single-page app) at `/`: its files, and `index.html` for a page a browser opens
 * at any other path outside `/api` (`Accept: text/html`), so the console's own routes (`/records/123`) load it. Files under `assets/` carry a content hash
 * in their names and are cached for a year; `index.html` is never cached. Paths never leave `root`. A file's
 * precompressed variant (`.br`, `.gz`) goes to a client that accepts it.
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
    const accepted = acceptedEncodings(request.headers['accept-encoding']);
    const encoding = ENCODINGS.find(({ name, extension }) => accepted.has(name) && existsSync(file + extension));
    const sent = encoding ? file + encoding.extension : file;
    reply
      .header('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('content-length', statSync(sent).size)
      .header('vary', 'accept-encoding');
    if (encoding) reply.header('content-encoding', encoding.name);
    return reply.send(createReadStream(sent));
  });
  return true;
}

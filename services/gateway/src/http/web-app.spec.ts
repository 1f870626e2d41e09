import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serveWebApp } from './web-app';

describe('serving the built web console', () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'cadre-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'not for the web');
    app = Fastify();
    app.setNotFoundHandler((_request, reply) => reply.status(404).send({ title: 'Not Found', status: 404 }));
    expect(serveWebApp(app, root)).toBe(true);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(path.join(path.dirname(root), 'secret.txt'), { force: true });
  });

  it('answers the app at / and at every console route, never cached', async () => {
    for (const url of ['/', '/records/42', '/admin/users?page=2']) {
      const reply = await app.inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml' } });
      expect({ url, status: reply.statusCode, type: reply.headers['content-type'], cache: reply.headers['cache-control'] }).toEqual({ url, status: 200, type: 'text/html; charset=utf-8', cache: 'no-cache' });
      expect(reply.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for a year', async () => {
    const reply = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(reply.body).toBe('console.log(1)');
  });

  it('never leaves its folder', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const reply = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(reply.body).not.toContain('not for the web');
    }
  });

  it('answers an unknown path that is not a page (a script, a scraper) with the ordinary 404', async () => {
    for (const url of ['/metrics', '/assets/missing.js']) {
      const reply = await app.inject({ method: 'GET', url, headers: { accept: '*/*' } });
      expect({ url, status: reply.statusCode }).toEqual({ url, status: 404 });
    }
  });

  it('leaves unknown API paths to the API’s own 404', async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toEqual({ title: 'Not Found', status: 404 });
  });

  it('does nothing when the console is not built', () => {
    expect(serveWebApp(Fastify(), path.join(root, 'missing'))).toBe(false);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { acceptedEncodings, serveWebApp } from './web-app';

const SCRIPT = `export const rows = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ i, name: '干部' })))};`;

describe('serving the built web console', () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'cadre-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'assets', 'app-def456.js'), SCRIPT);
    writeFileSync(path.join(root, 'assets', 'app-def456.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(path.join(root, 'assets', 'app-def456.js.gz'), gzipSync(SCRIPT));
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

  it('sends the precompressed variant the client accepts, brotli first, with its length and Vary', async () => {
    const get = (acceptEncoding?: string) =>
      app.inject({ method: 'GET', url: '/assets/app-def456.js', headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
    const br = await get('gzip, deflate, br, zstd');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    const gzip = await get('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);
    for (const refusing of [undefined, 'identity', 'br;q=0, gzip;q=0', '*;q=0', 'deflate']) {
      const plain = await get(refusing);
      expect({ refusing, encoding: plain.headers['content-encoding'], body: plain.body }).toEqual({ refusing, encoding: undefined, body: SCRIPT });
      expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(SCRIPT));
    }
    // A file built without variants (too small to gain) goes as it is to everyone.
    expect((await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br' } })).headers['content-encoding']).toBeUndefined();
  });

  it('reads accept-encoding as HTTP defines it: q=0 refuses, * stands for the codings not named', () => {
    expect([...acceptedEncodings('gzip, deflate, br')].sort()).toEqual(['br', 'deflate', 'gzip']);
    expect([...acceptedEncodings('BR;q=0.5, gzip;q=0')]).toEqual(['br']);
    expect([...acceptedEncodings('*')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('*, br;q=0')]).toEqual(['gzip']);
    expect([...acceptedEncodings('*;q=0, gzip')]).toEqual(['gzip']);
    expect(acceptedEncodings(undefined).size).toBe(0);
    expect(acceptedEncodings('').size).toBe(0);
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

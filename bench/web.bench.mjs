#!/usr/bin/env node
// The web console's first paint, cold (new browser context, empty cache, headless Debian Chromium, 1366×850):
//   sign-in   — `/` until the login form is painted;                       target: median ≤ 1500 ms
//   deep link — a signed-in tab opening 用户管理 (/admin/users) by URL until
//               its first rows are painted (session check, frame, page, API); target: median ≤ 2500 ms
// each from the whole system as `npm start` runs it (the gateway serves web/dist) and, in the same run with the
// visits interleaved, from a bare node:http static server serving the same web/dist (the API proxied to the same
// gateway): the ratio is what serving through the gateway costs. A bare page holding only the username field is
// the browser's own floor. Needs NATS, Redis and FerretDB up (npm run infra:up), a build (npx nx run-many -t
// build, or cd web && npx vite build) and /usr/bin/chromium. BENCH_VISITS (default 9) visits of each after one
// warm-up visit of each; CHROMIUM_PATH overrides the browser. Writes web/screenshots/timings.json.
import { createReadStream, existsSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ADMIN_PASSWORD, MongoClient, freePort, mongoUri, report, startSystem } from './lib.mjs';
import { measureFirstLoad, medianOf } from '../web/e2e/first-load.ts';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist');
const visits = Number(process.env.BENCH_VISITS ?? 9);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1366, height: 850 };

if (!existsSync(path.join(dist, 'index.html'))) throw new Error('web/dist is missing: cd web && npx vite build');
if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium (npm test installs it)`);

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const BARE_PAGE = '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>bare</title><link rel="icon" href="data:,"></head><body><label for="username">用户名</label><input id="username"></body></html>';

/** The baseline: web/dist as plain files (the app's shell for any other path), /api passed to the gateway, /bare. */
function startRawServer(port, gatewayPort) {
  const server = http.createServer((request, response) => {
    const urlPath = decodeURIComponent(request.url.split('?')[0]);
    if (urlPath.startsWith('/api/')) {
      const upstream = http.request({ host: '127.0.0.1', port: gatewayPort, path: request.url, method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.writeHead(502).end());
      return void request.pipe(upstream);
    }
    if (urlPath === '/bare') return response.writeHead(200, { 'content-type': TYPES['.html'] }).end(BARE_PAGE);
    const candidate = path.resolve(dist, `.${urlPath}`);
    const file = candidate.startsWith(dist + path.sep) && existsSync(candidate) && statSync(candidate).isFile() ? candidate : path.join(dist, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const run = `bench-web-${Date.now().toString(36)}`;
const system = await startSystem({ run, onExit: (name, code) => console.error(`${name} exited (${code})`) });
const raw = await startRawServer(await freePort(), system.port);
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const client = await new MongoClient(mongoUri).connect();
try {
  const session = { 'cadre.token': await system.login('admin', BENCH_ADMIN_PASSWORD) };
  const gateway = `http://127.0.0.1:${system.port}`;
  const rawServer = `http://127.0.0.1:${raw.address().port}`;
  const pages = {
    'sign-in': { path: '/', selector: '#username', targetMs: 1500 },
    'deep link': { path: '/admin/users', selector: '[data-testid="users-table"] .ant-table-row', targetMs: 2500, session },
  };
  const servers = { gateway, 'raw server': rawServer };
  const visitsOf = [
    ...Object.entries(pages).flatMap(([page, p]) => Object.entries(servers).map(([server, origin]) => ({ key: `${page} · ${server}`, page, server, url: `${origin}${p.path}`, selector: p.selector, session: p.session }))),
    { key: 'bare page · raw server', page: 'bare page', server: 'raw server', url: `${rawServer}/bare`, selector: '#username' },
  ];
  const runs = Object.fromEntries(visitsOf.map((v) => [v.key, []]));
  const visit = (v) => measureFirstLoad(browser, v.url, v.selector, VIEWPORT, v.session);
  for (const v of visitsOf) await visit(v);
  for (let i = 0; i < visits; i++) for (const v of visitsOf) runs[v.key].push(await visit(v));
  const medians = Object.fromEntries(Object.entries(runs).map(([key, measured]) => [key, medianOf(measured)]));
  const worst = (key) => Math.max(...runs[key].map((r) => r.usableMs));

  console.log(`\nCold visits of the console (new context, no cache), median of ${visits} each, headless Chromium ${VIEWPORT.width}×${VIEWPORT.height}\n`);
  console.log('| page · served by | usable ms | worst ms | FCP ms | DOMContentLoaded ms | load ms | script KB | requests |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [key, m] of Object.entries(medians)) {
    console.log(`| ${key} | ${m.usableMs.toFixed(0)} | ${worst(key).toFixed(0)} | ${m.firstContentfulPaintMs.toFixed(0)} | ${m.domContentLoadedMs.toFixed(0)} | ${m.loadEventEndMs.toFixed(0)} | ${(m.scriptBytes / 1024).toFixed(0)} | ${m.requests} |`);
  }
  const floor = medians['bare page · raw server'].usableMs;
  const rows = Object.entries(pages).map(([page, p]) => {
    const ours = medians[`${page} · gateway`].usableMs;
    const base = medians[`${page} · raw server`].usableMs;
    const met = ours <= p.targetMs;
    console.log(`${page}: gateway ${ours.toFixed(0)} ms, raw server ${base.toFixed(0)} ms (${(ours / base).toFixed(2)}×); target ≤ ${p.targetMs} ms: ${met ? 'MET' : 'NOT MET'}`);
    return {
      figure: `${page === 'sign-in' ? 'login form painted' : 'a page opened by URL (用户管理, signed in) showing its rows'}, cold, median of ${visits}`,
      value: Math.round(ours),
      unit: 'ms',
      baseline: Math.round(base),
      baselineLabel: 'same files from a bare node:http server',
      ratio: ours / base,
      ratioUnit: '×',
      target: `≤ ${p.targetMs} ms`,
      met,
      note: `worst ${worst(`${page} · gateway`).toFixed(0)} ms; FCP ${medians[`${page} · gateway`].firstContentfulPaintMs.toFixed(0)} ms; the browser's floor (a bare page with only the field) ${floor.toFixed(0)} ms`,
    };
  });
  console.log(`the browser's floor (bare page): ${floor.toFixed(0)} ms`);
  report('web', rows);
  const timings = {
    measuredAt: new Date().toISOString(),
    what: `npm run bench:web: cold visits (new browser context, no cache), headless Chromium ${VIEWPORT.width}x${VIEWPORT.height} on 127.0.0.1, ${visits} visits of each after a warm-up, interleaved; usableMs: the frame painting the selector began (ms from navigation start). sign-in: / until the login form; deep link: /admin/users with a session until its first rows. gateway: the system as npm start runs it; raw server: the same web/dist from a bare node:http server (API proxied to the same gateway)`,
    median: Object.fromEntries(Object.entries(medians)),
    runs,
  };
  writeFileSync(path.join(root, 'web', 'screenshots', 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
} finally {
  await browser.close();
  raw.close();
  await system.stop(client);
  await client.close();
}

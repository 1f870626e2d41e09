#!/usr/bin/env node
// The web console's first page: a cold visit (new browser context, empty cache) until the login form is painted,
// in Debian's Chromium (headless), from the whole system as `npm start` runs it (the gateway serves web/dist).
// Baselines measured in the same run, visits interleaved:
//   raw server — the same built files from a bare node:http static server: what serving through the gateway costs;
//   bare page  — one HTML page holding just the username field, from the raw server: the browser's own floor.
// Needs NATS, Redis and FerretDB up (npm run infra:up), a build (npx nx run-many -t build) and /usr/bin/chromium.
// BENCH_VISITS (default 9) visits of each after one warm-up visit of each; CHROMIUM_PATH overrides the browser.
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, freePort, mongoUri, report, startSystem } from './lib.mjs';
import { measureFirstLoad, medianOf } from '../web/e2e/first-load.ts';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist');
const visits = Number(process.env.BENCH_VISITS ?? 9);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGET_MS = 2000;
const SELECTOR = '#username';

if (!existsSync(path.join(dist, 'index.html'))) throw new Error('web/dist is missing: npx nx run-many -t build');
if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium (npm test installs it)`);

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const BARE_PAGE = '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>bare</title><link rel="icon" href="data:,"></head><body><label for="username">用户名</label><input id="username"></body></html>';

/** The raw baseline: web/dist as plain files (the app's shell for any other path), and the bare page at /bare. */
function startRawServer(port) {
  const server = http.createServer((request, response) => {
    const urlPath = decodeURIComponent(request.url.split('?')[0]);
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
const raw = await startRawServer(await freePort());
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const client = await new MongoClient(mongoUri).connect();
try {
  const targets = {
    gateway: `http://127.0.0.1:${system.port}/`,
    'raw server': `http://127.0.0.1:${raw.address().port}/`,
    'bare page': `http://127.0.0.1:${raw.address().port}/bare`,
  };
  const runs = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (const url of Object.values(targets)) await measureFirstLoad(browser, url, SELECTOR);
  for (let visit = 0; visit < visits; visit++) {
    for (const [name, url] of Object.entries(targets)) runs[name].push(await measureFirstLoad(browser, url, SELECTOR));
  }
  const medians = Object.fromEntries(Object.entries(runs).map(([name, measured]) => [name, medianOf(measured)]));
  const worst = (name) => Math.max(...runs[name].map((r) => r.usableMs));

  console.log(`\nCold first visit of the console (login form painted), median of ${visits} visits each, headless Chromium 1366×850\n`);
  console.log('| served by | usable ms | worst ms | FCP ms | DOMContentLoaded ms | load ms | script KB | requests |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, m] of Object.entries(medians)) {
    console.log(`| ${name} | ${m.usableMs.toFixed(0)} | ${worst(name).toFixed(0)} | ${m.firstContentfulPaintMs.toFixed(0)} | ${m.domContentLoadedMs.toFixed(0)} | ${m.loadEventEndMs.toFixed(0)} | ${(m.scriptBytes / 1024).toFixed(0)} | ${m.requests} |`);
  }
  const gateway = medians.gateway.usableMs;
  console.log(`\ngateway / raw server: ${(gateway / medians['raw server'].usableMs).toFixed(2)}×; above the browser's floor (bare page): ${(gateway - medians['bare page'].usableMs).toFixed(0)} ms`);
  console.log(`target: usable in under ${TARGET_MS} ms (median): ${gateway < TARGET_MS ? 'MET' : 'NOT MET'} (${gateway.toFixed(0)} ms)`);
  const rawMs = medians['raw server'].usableMs;
  report('web', [
    {
      figure: `console's first cold visit until the login form is usable, median of ${visits}`,
      value: Math.round(gateway),
      unit: 'ms',
      baseline: Math.round(rawMs),
      baselineLabel: 'same files from a bare node:http server',
      ratio: gateway / rawMs,
      ratioUnit: '×',
      target: `< ${TARGET_MS} ms`,
      met: gateway < TARGET_MS,
      note: `worst ${worst('gateway').toFixed(0)} ms; FCP ${medians.gateway.firstContentfulPaintMs.toFixed(0)} ms; ${(gateway - medians['bare page'].usableMs).toFixed(0)} ms above the browser's floor (a bare page with only the field: ${medians['bare page'].usableMs.toFixed(0)} ms)`,
    },
  ]);
} finally {
  await browser.close();
  raw.close();
  await system.stop(client);
  await client.close();
}

#!/usr/bin/env node
// Authenticated reads through the gateway vs a bare Fastify server doing the same JWT verification, same run.
//   GET /api/v1/me           — local: token check + the caller's user row (directory cache, MongoDB on a miss)
//   GET /api/v1/departments  — local: the department list (directory cache, MongoDB on a miss)
// Neither route makes a NATS round trip. Needs NATS, Redis and FerretDB up (npm run infra:up) and a build.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from './lib.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const Fastify = require('fastify');
const { jwtVerify } = require('jose');
const mongoose = require('mongoose');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const duration = Number(process.env.BENCH_DURATION_S ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const secret = 'bench-only-jwt-secret-0123456789abcdefghijklmnop';
const dbName = `bench-gateway-${Date.now().toString(36)}`;

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function waitReady(url, child) {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error('the gateway exited');
    const ok = await fetch(url).then((r) => r.status < 500, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the gateway did not start');
}

async function run(url, token) {
  const result = await autocannon({ url, connections, duration, headers: { authorization: `Bearer ${token}` } });
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const port = await freePort();
const opsPort = await freePort();
const gateway = spawn(process.execPath, [path.join(root, 'services/gateway/dist/main.js')], {
  env: {
    ...process.env,
    GATEWAY_PORT: String(port),
    OPS_PORT: String(opsPort),
    MONGODB_DB: dbName,
    JWT_SECRET: secret,
    ADMIN_PASSWORD: 'Bench-Root-2026x',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let bare;
try {
  await waitReady(`http://127.0.0.1:${port}/healthz`, gateway);
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Bench-Root-2026x' }),
  }).then((r) => r.json());
  const token = login.accessToken;
  const user = login.user;
  const departments = await fetch(`http://127.0.0.1:${port}/api/v1/departments`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());

  // The raw baseline: the same JWT checks (HS256 pinned, issuer, audience, expiry), answering from memory.
  bare = Fastify({ logger: false });
  const key = new TextEncoder().encode(secret);
  const verify = async (request, reply) => {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    try {
      await jwtVerify(match[1], key, { algorithms: ['HS256'], issuer: 'cadre-platform', audience: 'cadre-platform-api' });
    } catch {
      reply.code(401).send({ status: 401 });
      return false;
    }
    return true;
  };
  bare.get('/api/v1/me', async (request, reply) => ((await verify(request, reply)) ? user : reply));
  bare.get('/api/v1/departments', async (request, reply) => ((await verify(request, reply)) ? departments : reply));
  const barePort = await freePort();
  await bare.listen({ port: barePort, host: '127.0.0.1' });

  const rows = [];
  for (const route of ['/api/v1/me', '/api/v1/departments']) {
    await run(`http://127.0.0.1:${port}${route}`, token); // warm-up of the same length
    const viaGateway = await run(`http://127.0.0.1:${port}${route}`, token);
    const viaBare = await run(`http://127.0.0.1:${barePort}${route}`, token);
    rows.push({ route, viaGateway, viaBare, ratio: viaGateway.rps / viaBare.rps });
  }

  console.log(`\nAuthenticated reads, ${connections} connections, ${duration} s each (after a warm-up)\n`);
  console.log('| route | gateway req/s | gateway p50/p99 ms | bare Fastify+JWT req/s | bare p50/p99 ms | ratio |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const { route, viaGateway, viaBare, ratio } of rows) {
    console.log(`| ${route} | ${viaGateway.rps.toFixed(0)} | ${viaGateway.p50}/${viaGateway.p99} | ${viaBare.rps.toFixed(0)} | ${viaBare.p50}/${viaBare.p99} | ${(ratio * 100).toFixed(1)}% |`);
  }
  const met = rows.every((row) => row.ratio >= 0.4);
  console.log(`\ntarget ≥ 40% of the bare server's throughput: ${met ? 'MET' : 'NOT MET'}`);
  report(
    'gateway',
    rows.map(({ route, viaGateway, viaBare, ratio }) => ({
      figure: `GET ${route}, ${connections} connections`,
      value: Math.round(viaGateway.rps),
      unit: 'req/s',
      baseline: Math.round(viaBare.rps),
      baselineLabel: 'bare Fastify + JWT',
      ratio,
      target: '≥ 40% of bare',
      met: ratio >= 0.4,
      note: `p50/p99 ${viaGateway.p50}/${viaGateway.p99} ms (bare ${viaBare.p50}/${viaBare.p99} ms); ${duration} s each after a warm-up`,
    })),
  );
} finally {
  await bare?.close();
  gateway.kill('SIGTERM');
  const connection = await mongoose.createConnection(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017', { dbName }).asPromise();
  await connection.dropDatabase();
  await connection.close();
}

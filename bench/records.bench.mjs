#!/usr/bin/env node
// Records through the gateway vs the same insert/find done directly with the MongoDB driver on the same FerretDB,
// in the same run: POST /api/v1/records (create a draft) and GET /api/v1/records/:id at 50 connections.
// Starts its own NATS server and the five services with fresh databases; needs FerretDB and Redis up and a build.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const { MongoClient } = require('mongodb');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const duration = Number(process.env.BENCH_DURATION_S ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const run = `bench-records-${Date.now().toString(36)}`;
// BENCH_NODE_ARGS: extra node flags for the services, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them.
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const secret = 'bench-only-jwt-secret-0123456789abcdefghijklmnop';

const freePort = () => new Promise((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const children = [];
const named = new Map(); // process name → pid, for the CPU accounting

// CPU seconds used by each process of the system while a run lasted: where the time of a request goes.
const redisPid = Number(spawnSync('pgrep', ['-f', 'redis-server .*:6379'], { encoding: 'utf8' }).stdout.split('\n')[0]) || undefined;
const ferretPid = Number(spawnSync('pgrep', ['-f', `ferretdb -listen ${new URL(mongoUri).host}`], { encoding: 'utf8' }).stdout.split('\n')[0]) || undefined;
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch { return 0; }
}
function cpuSnapshot() {
  const snapshot = { bench: process.cpuUsage() };
  for (const [name, pid] of named) snapshot[name] = cpuSeconds(pid);
  return snapshot;
}
function cpuSince(before) {
  const after = cpuSnapshot();
  const used = {};
  for (const name of Object.keys(before)) {
    used[name] = name === 'bench' ? (after.bench.user + after.bench.system - before.bench.user - before.bench.system) / 1e6 : after[name] - before[name];
  }
  return used;
}
/** Waits until the system has finished the work a run left behind (outbox relay, consumers): ferretdb quiet for 1 s. */
async function settle() {
  for (let i = 0; i < 30; i++) {
    const before = cpuSnapshot();
    await sleep(1000);
    const used = cpuSince(before);
    if ((used.ferretdb ?? 0) + (used.records ?? 0) + (used.analytics ?? 0) < 0.1) return;
  }
}
async function measured(work) {
  await settle();
  const before = cpuSnapshot();
  const result = await work();
  return { ...result, cpu: cpuSince(before) };
}
const store = mkdtempSync(path.join(os.tmpdir(), 'bench-nats-'));

async function waitFor(check, what) {
  for (let i = 0; i < 240; i++) { if (await check().catch(() => false)) return; await sleep(250); }
  throw new Error(`timed out waiting for ${what}`);
}

const body = {
  itemCode: 'INVEST-03',
  title: '引进世界500强企业区域总部落户',
  description: '牵头洽谈并促成区域总部签约落地，带动上下游企业集聚。'.repeat(4),
  periodStart: '2026-01-01',
  periodEnd: '2026-06-30',
  impactLevel: 'city',
  results: [{ name: '引进资金', value: 5, unit: '亿元' }],
};

async function direct(collection, op) {
  const latencies = [];
  let count = 0;
  const end = Date.now() + duration * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < end) {
      const t = performance.now();
      await op(collection);
      latencies.push(performance.now() - t);
      count++;
    }
  }));
  latencies.sort((a, b) => a - b);
  return { rps: count / duration, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)] };
}

async function cannon(options) {
  const result = await autocannon({ connections, duration, ...options });
  if (result.non2xx > 0) throw new Error(`${options.url}: ${result.non2xx} non-2xx answers`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const client = await new MongoClient(mongoUri, { maxPoolSize: connections }).connect();
try {
  const natsPort = await freePort();
  const nats = spawn(spawnSync('sh', ['-c', 'command -v nats-server || echo /usr/sbin/nats-server'], { encoding: 'utf8' }).stdout.trim(), ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', store], { stdio: 'ignore' });
  children.push(nats);
  named.set('nats', nats.pid);
  if (ferretPid) named.set('ferretdb', ferretPid);
  if (redisPid) named.set('redis', redisPid);
  await waitFor(() => new Promise((resolve) => { const s = net.connect(natsPort, '127.0.0.1', () => { s.destroy(); resolve(true); }); s.on('error', () => resolve(false)); }), 'NATS');
  const port = await freePort();
  for (const name of ['records', 'tasks', 'scoring', 'analytics', 'gateway']) {
    const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'services', name, 'dist/main.js')], {
      env: {
        ...process.env, NATS_URL: `nats://127.0.0.1:${natsPort}`, MONGODB_DB: `${run}-${name}`, OPS_PORT: String(await freePort()), GATEWAY_PORT: String(port),
        JWT_SECRET: secret, ADMIN_PASSWORD: 'Bench-Root-2026x', RATE_LIMIT_IP_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000', LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    named.set(name, child.pid);
  }
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 'the system');
  const api = async (method, p, token, payload) => {
    const r = await fetch(`http://127.0.0.1:${port}/api/v1${p}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: payload ? JSON.stringify(payload) : undefined });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const admin = (await api('POST', '/auth/login', null, { username: 'admin', password: 'Bench-Root-2026x' })).accessToken;
  const { items } = await api('GET', '/departments', admin);
  await api('POST', '/users', admin, { username: 'benchcadre', password: 'Bench-Cadre-2026', name: '压测干部', staffNo: 'B-1', departmentId: items[0].id, roles: ['cadre'], rankLevel: 'section', title: '' });
  const token = (await api('POST', '/auth/login', null, { username: 'benchcadre', password: 'Bench-Cadre-2026' })).accessToken;
  const sample = await api('POST', '/records', token, body);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // The baseline does the same work on the same data: it inserts copies of the document the service stored (with
  // its history and outbox entry) into a collection with the service's indexes, and reads the service's record.
  const serviceRecords = client.db(`${run}-records`).collection('records');
  const stored = await serviceRecords.findOne({ _id: sample.id });
  const direct_ = client.db(`${run}-direct`).collection('records');
  for (const index of await serviceRecords.listIndexes().toArray()) {
    if (index.name !== '_id_') await direct_.createIndex(index.key, { name: index.name, unique: index.unique ?? false });
  }
  const doc = () => ({ ...stored, _id: randomUUID() });

  // Warm-ups, then the measured runs, gateway and direct back to back for each operation.
  await cannon({ url: `http://127.0.0.1:${port}/api/v1/records/${sample.id}`, headers, duration: 3 });
  const rows = [];
  const writeGateway = await measured(() => cannon({ url: `http://127.0.0.1:${port}/api/v1/records`, method: 'POST', headers, body: JSON.stringify(body) }));
  const writeDirect = await measured(() => direct(direct_, (c) => c.insertOne(doc())));
  rows.push(['create a draft', writeGateway, writeDirect, 0.3]);
  const readGateway = await measured(() => cannon({ url: `http://127.0.0.1:${port}/api/v1/records/${sample.id}`, headers }));
  const readDirect = await measured(() => direct(serviceRecords, (c) => c.findOne({ _id: sample.id })));
  rows.push(['read one record', readGateway, readDirect, 0.4]);

  const recordCount = await client.db(`${run}-records`).collection('records').countDocuments({});
  console.log(`\nRecords, ${connections} connections, ${duration} s each; FerretDB at ${mongoUri}; ${recordCount} records in the service's collection at the end\n`);
  console.log('| operation | gateway req/s | gateway p50/p99 ms | direct driver ops/s | direct p50/p99 ms | ratio | target |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, g, d, target] of rows) {
    console.log(`| ${name} | ${g.rps.toFixed(0)} | ${g.p50}/${g.p99} | ${d.rps.toFixed(0)} | ${d.p50.toFixed(1)}/${d.p99.toFixed(1)} | ${((g.rps / d.rps) * 100).toFixed(1)}% | ≥ ${target * 100}% ${g.rps / d.rps >= target ? 'MET' : 'NOT MET'} |`);
  }
  console.log('\nCPU milliseconds per operation, by process (2 cores; the bench process drives the load):\n');
  const processes = ['bench', 'gateway', 'records', 'analytics', 'nats', 'redis', 'ferretdb'];
  console.log(`| run | ${processes.join(' | ')} |`);
  console.log(`| --- |${processes.map(() => ' ---: |').join('')}`);
  for (const [name, g, d] of rows) {
    for (const [label, r] of [[`${name}, gateway`, g], [`${name}, direct`, d]]) {
      const total = r.rps * duration;
      console.log(`| ${label} | ${processes.map((p) => (r.cpu[p] === undefined ? '' : ((r.cpu[p] * 1000) / total).toFixed(2))).join(' | ')} |`);
    }
  }
} finally {
  for (const child of children.reverse()) child.kill('SIGTERM');
  await sleep(1500);
  for (const name of ['records', 'tasks', 'scoring', 'analytics', 'gateway', 'direct']) await client.db(`${run}-${name}`).dropDatabase().catch(() => undefined);
  await client.close();
  rmSync(store, { recursive: true, force: true });
}

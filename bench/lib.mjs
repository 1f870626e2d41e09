// What the system benches share: their own NATS and the five services on fresh databases, a JSON API client,
// CPU accounting per process, and waiting for the system to go quiet between runs.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const { MongoClient } = require('mongodb');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVICES = ['records', 'tasks', 'scoring', 'analytics', 'gateway'];
export const BENCH_ADMIN_PASSWORD = 'Bench-Root-2026x';
export const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export async function waitFor(check, what, tries = 240) {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const pidOf = (pattern) => Number(spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.split('\n')[0]) || undefined;

/**
 * Starts a private NATS (JetStream) and the five services from their build, databases `<run>-<service>`; waits
 * until the gateway is ready. `env` adds to every service's environment; BENCH_NODE_ARGS passes node flags (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof"). A service that exits before `stop()` is reported through `onExit`.
 * Answers the gateway's port, the private NATS's URL (`natsUrl`), the pids, an API client, `login` and `stop`.
 */
export async function startSystem({ run, env = {}, onExit = () => undefined }) {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const store = mkdtempSync(path.join(os.tmpdir(), 'bench-nats-'));
  const children = [];
  const pids = new Map();
  let stopping = false;
  const natsPort = await freePort();
  const natsBinary = spawnSync('sh', ['-c', 'command -v nats-server || echo /usr/sbin/nats-server'], { encoding: 'utf8' }).stdout.trim();
  const nats = spawn(natsBinary, ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', store], { stdio: 'ignore' });
  children.push(nats);
  pids.set('nats', nats.pid);
  const ferretdb = pidOf(`ferretdb -listen ${new URL(mongoUri).host}`);
  if (ferretdb) pids.set('ferretdb', ferretdb);
  const redis = pidOf('redis-server .*:6379');
  if (redis) pids.set('redis', redis);
  await waitFor(() => new Promise((resolve) => { const s = net.connect(natsPort, '127.0.0.1', () => { s.destroy(); resolve(true); }); s.on('error', () => resolve(false)); }), 'NATS');
  const port = await freePort();
  for (const name of SERVICES) {
    const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'services', name, 'dist/main.js')], {
      env: {
        ...process.env, NATS_URL: `nats://127.0.0.1:${natsPort}`, MONGODB_DB: `${run}-${name}`, OPS_PORT: String(await freePort()), GATEWAY_PORT: String(port),
        JWT_SECRET: 'bench-only-jwt-secret-0123456789abcdefghijklmnop', ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
        RATE_LIMIT_IP_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000', LOG_LEVEL: 'warn', ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output = (output + chunk).slice(-4000); });
    child.on('exit', (code, signal) => { if (!stopping) onExit(name, signal ?? code, output); });
    children.push(child);
    pids.set(name, child.pid);
  }
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 'the system');

  const api = async (method, p, token, payload) => {
    const r = await fetch(`http://127.0.0.1:${port}/api/v1${p}`, {
      method,
      headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: payload ? JSON.stringify(payload) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const login = async (username, password) => (await api('POST', '/auth/login', null, { username, password })).accessToken;

  /** Stops everything and drops the databases (through `client`, a connected MongoClient). */
  const stop = async (client) => {
    stopping = true;
    for (const child of [...children].reverse()) child.kill('SIGTERM');
    await sleep(1500);
    for (const name of SERVICES) await client.db(`${run}-${name}`).dropDatabase().catch(() => undefined);
    rmSync(store, { recursive: true, force: true });
  };
  return { port, natsUrl: `nats://127.0.0.1:${natsPort}`, pids, api, login, stop };
}

/** CPU seconds each process of the system used while `work` ran: where the time of a request goes. */
export function cpuMeter(pids) {
  const cpuSeconds = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return 0;
    }
  };
  const snapshot = () => {
    const taken = { bench: process.cpuUsage() };
    for (const [name, pid] of pids) taken[name] = cpuSeconds(pid);
    return taken;
  };
  const since = (before) => {
    const after = snapshot();
    const used = {};
    for (const name of Object.keys(before)) {
      used[name] = name === 'bench' ? (after.bench.user + after.bench.system - before.bench.user - before.bench.system) / 1e6 : after[name] - before[name];
    }
    return used;
  };
  /** Waits until the system has finished what a run left behind (outbox relay, consumers): `busy` quiet for 1 s. */
  const settle = async (busy) => {
    for (let i = 0; i < 30; i++) {
      const before = snapshot();
      await sleep(1000);
      const used = since(before);
      if (busy.reduce((sum, name) => sum + (used[name] ?? 0), 0) < 0.1) return;
    }
  };
  return {
    snapshot,
    since,
    settle,
    /** Runs `work` after the system settles; its result with `cpu`: seconds per process. */
    async measured(work, busy) {
      await settle(busy);
      const before = snapshot();
      const result = await work();
      return { ...result, cpu: since(before) };
    },
  };
}

/**
 * A bench's figures, for `npm run bench` (bench/run-all.mjs) to put in bench/RESULTS.md: each row is one figure
 * with its unit, the raw baseline measured in the same run and the ratio where the target is relative, the target
 * in words and whether it is met (true / false; null where the figure has no target). Printed as one
 * `BENCH_RESULT {...}` line per row and, when BENCH_RESULTS_FILE is set, appended there as JSON lines.
 *
 *   report('scoring', [{ figure: 'approval → own total, p99', value: 840, unit: 'ms', target: 'p99 < 2000 ms', met: true }])
 */
export function report(bench, rows) {
  const lines = rows.map((row) => JSON.stringify({ bench, at: new Date().toISOString(), baseline: null, baselineLabel: null, ratio: null, target: null, met: null, note: null, ...row }));
  for (const line of lines) process.stdout.write(`BENCH_RESULT ${line}\n`);
  if (process.env.BENCH_RESULTS_FILE) appendFileSync(process.env.BENCH_RESULTS_FILE, lines.map((line) => `${line}\n`).join(''));
}

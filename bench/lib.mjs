// What the system benches share: their own NATS and the eight services on fresh databases, a JSON API client,
// CPU accounting per process, and waiting for the system to go quiet between runs.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';

const require = createRequire(import.meta.url);
export const { MongoClient } = require('mongodb');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVICES = ['records', 'tasks', 'scoring', 'analytics', 'notifications', 'appraisal', 'selection', 'gateway'];
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

/** A service or the private NATS that stop() has SIGTERMed this long ago is SIGKILLed (BENCH_STOP_TIMEOUT_MS). */
const STOP_TIMEOUT_MS = Number(process.env.BENCH_STOP_TIMEOUT_MS ?? 10_000);

const running = (child) => child.pid !== undefined && child.exitCode === null && child.signalCode === null;

/** Resolves true once `child` has exited (at once if it has), false after `ms`. */
const exitWithin = (child, ms) =>
  new Promise((resolve) => {
    if (!running(child)) return resolve(true);
    const timer = setTimeout(() => resolve(!running(child)), ms);
    child.once('exit', () => (clearTimeout(timer), resolve(true)));
  });

/**
 * SIGTERM to each child still running, then waits for every one to exit: whatever has not after `timeoutMs` is
 * SIGKILLed and waited for again (briefly). Answers the names of those still running after that (none, normally).
 */
async function terminate(named, timeoutMs = STOP_TIMEOUT_MS) {
  for (const { child } of named) if (running(child)) child.kill('SIGTERM');
  const late = [];
  await Promise.all(named.map(async (entry) => (await exitWithin(entry.child, timeoutMs)) || late.push(entry)));
  for (const { name, child } of late) {
    process.stderr.write(`[bench] ${name} (pid ${child.pid}) did not exit within ${timeoutMs / 1000} s of SIGTERM; killing it\n`);
    child.kill('SIGKILL');
  }
  const survivors = [];
  await Promise.all(late.map(async (entry) => (await exitWithin(entry.child, 5_000)) || survivors.push(entry.name)));
  return survivors;
}

// Every system started and not yet stopped: the process-wide hooks below stop them when the bench cannot.
const liveSystems = new Set();
let hooksInstalled = false;

/**
 * Once per process: a bench that fails (an uncaught error or rejection) or is interrupted (SIGINT, SIGTERM) stops
 * its systems before it exits (1, 130, 143), so no NATS or service outlives it. A bench's own `finally` calling
 * `stop()` first is the normal path; these catch what escapes it (an error before the `try`, a Ctrl-C).
 */
function installTeardownHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  let leaving = false;
  const leave = async (why, code, error) => {
    if (error !== undefined) process.stderr.write(`${why}:\n${error instanceof Error ? inspect(error) : String(error)}\n`);
    else process.stderr.write(`\n${why}\n`);
    if (leaving) return;
    leaving = true;
    if (liveSystems.size) process.stderr.write('[bench] stopping the services and the private NATS, then dropping the run\'s databases\n');
    await Promise.allSettled([...liveSystems].map((system) => system.stop()));
    process.exit(code);
  };
  process.on('SIGINT', () => void leave('[bench] interrupted (SIGINT)', 130));
  process.on('SIGTERM', () => void leave('[bench] terminated (SIGTERM)', 143));
  process.on('uncaughtException', (error) => void leave('[bench] failed', 1, error));
  process.on('unhandledRejection', (error) => void leave('[bench] failed (unhandled rejection)', 1, error));
  // process.exit() elsewhere skips all of the above: the children at least get their SIGTERM (no wait is possible).
  process.on('exit', () => {
    for (const system of liveSystems) for (const child of system.children) if (running(child)) child.kill('SIGTERM');
  });
}

/**
 * Starts a private NATS (JetStream) and the eight services from their build, databases `<run>-<service>`; waits
 * until the gateway is ready. `env` adds to every service's environment; BENCH_NODE_ARGS passes node flags (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof"). A service that exits before `stop()` is reported through `onExit`.
 * Answers the gateway's port, the private NATS's URL (`natsUrl`), the pids, an API client, `login` and `stop`.
 *
 * Teardown always runs: `stop()` from the bench's `finally`, or, when the bench fails or is interrupted before
 * that, from the process hooks (see installTeardownHooks); a failed start stops what it started before throwing.
 */
export async function startSystem({ run, env = {}, onExit = () => undefined }) {
  installTeardownHooks();
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const store = mkdtempSync(path.join(os.tmpdir(), 'bench-nats-'));
  /** `{ name, child }` in start order: the NATS first. */
  const children = [];
  const pids = new Map();
  let stopping = false;
  let stopped;

  /**
   * Stops everything, then drops the databases (through `client`, a connected MongoClient; without one, through a
   * connection of its own): SIGTERM to the services, wait until each has exited (SIGKILL after STOP_TIMEOUT_MS), the
   * same for the NATS, and only then the drops and the NATS store. Idempotent: a second call awaits the first.
   */
  const stop = (client) =>
    (stopped ??= (async () => {
      stopping = true;
      const survivors = [
        ...(await terminate(children.filter(({ name }) => name !== 'nats'))),
        ...(await terminate(children.filter(({ name }) => name === 'nats'))),
      ];
      liveSystems.delete(system);
      if (survivors.length) {
        process.stderr.write(`[bench] ${survivors.join(', ')} still running after SIGKILL: the databases of ${run} and ${store} are kept\n`);
        return;
      }
      let own;
      try {
        const db = client ?? (own = await new MongoClient(mongoUri, { serverSelectionTimeoutMS: 10_000 }).connect());
        // Only the databases that exist: FerretDB v1 leaves an empty file behind a drop of one that does not.
        const existing = new Set((await db.db().admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name));
        for (const name of SERVICES) if (existing.has(`${run}-${name}`)) await db.db(`${run}-${name}`).dropDatabase().catch(() => undefined);
      } catch (error) {
        process.stderr.write(`[bench] could not drop the databases of ${run}: ${error.message}\n`);
      } finally {
        await own?.close().catch(() => undefined);
      }
      rmSync(store, { recursive: true, force: true });
    })());
  const system = { children: [], stop };
  liveSystems.add(system);
  const track = (name, child) => {
    children.push({ name, child });
    system.children.push(child);
    pids.set(name, child.pid);
  };

  try {
    const natsPort = await freePort();
    const natsBinary = spawnSync('sh', ['-c', 'command -v nats-server || echo /usr/sbin/nats-server'], { encoding: 'utf8' }).stdout.trim();
    const nats = spawn(natsBinary, ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', store], { stdio: 'ignore' });
    let natsFailed;
    nats.once('error', (error) => (natsFailed = error));
    track('nats', nats);
    const ferretdb = pidOf(`ferretdb -listen ${new URL(mongoUri).host}`);
    if (ferretdb) pids.set('ferretdb', ferretdb);
    const redis = pidOf('redis-server .*:6379');
    if (redis) pids.set('redis', redis);
    // Done waiting as soon as the NATS listens, or has failed to start or exited.
    await waitFor(async () => natsFailed || !running(nats) || new Promise((resolve) => { const s = net.connect(natsPort, '127.0.0.1', () => { s.destroy(); resolve(true); }); s.on('error', () => resolve(false)); }), 'NATS');
    if (natsFailed || !running(nats)) throw new Error(`NATS (${natsBinary}) did not start: ${natsFailed?.message ?? `exited (${nats.signalCode ?? nats.exitCode})`}`);
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
      track(name, child);
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
    return { port, natsUrl: `nats://127.0.0.1:${natsPort}`, pids, api, login, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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

// FerretDB backends benchmark: the same MongoDB-driver workload against two private FerretDB v1.24.2
// processes started by this script — one on the SQLite backend (single writer), one on the PostgreSQL
// backend — in the same run, to decide which backend the services should use.
//
//   cd /work/main && node_modules/.bin/node bench/ferretdb-backends.bench.mjs
//
// It never touches the shared FerretDB on 127.0.0.1:27017. It starts .infra/bin/ferretdb twice on free
// 127.0.0.1 ports: `-handler sqlite -sqlite-url file:<fresh temp dir>/` and `-handler postgresql
// -postgresql-url postgres://postgres@127.0.0.1:5432/<fresh database>` (created with createdb, dropped with
// DROP DATABASE ... WITH (FORCE) at the end). Both processes, the temp dir and the database are removed on
// success, failure, Ctrl-C and watchdog alike.
//
// Cases (mongodb driver, maxPoolSize 20, ~1 KB record-shaped documents):
//   insertOne       into a collection with a unique index (recordNo), concurrency 1 and 20
//   findOne         by _id over 20,000 seeded docs, concurrency 1 and 20
//   updateOne       $inc + $push, concurrency 20, round-robin over 1,000 distinct docs
//   aggregate       [$group { _id: '$status', total: { $sum: '$score' } }] over the 20,000 docs, concurrency 1
// Each case: BENCH_WARMUP_MS of warm-up per backend, then BENCH_DURATION_MS of measurement split into
// BENCH_ROUNDS slices interleaved across the backends (S P P S ...), so machine-load drift hits both alike.
// Results are checked (inserted counts, $inc totals, $group sums) so a fast-but-wrong backend shows up, and
// the SQL plan each backend uses for find({_id}) is printed (FerretDB v1.24.2 scans the table on both).
// CPU columns split the machine's busy time into this client, the FerretDB process, all postgres processes
// and "other" (anything else running on the machine meanwhile: a high value means the numbers are noisy).
//
// Knobs (environment): BENCH_DURATION_MS (default 5000 per case and backend), BENCH_WARMUP_MS (500),
// BENCH_ROUNDS (2), BENCH_SEED_DOCS (20000), BENCH_WATCHDOG_MS (175000: the run is killed and cleaned up
// after this; no new case starts in its last 35 s). A default run takes about 2 minutes.
import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { MongoClient, BSON } = require('mongodb');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FERRETDB = path.join(ROOT, '.infra', 'bin', 'ferretdb');
// The embedded FerretDB reports ferretdbVersion "unknown"; the launcher's go.mod pins the real one.
const FERRETDB_VERSION = (() => {
  try {
    return readFileSync(path.join(ROOT, 'infra', 'ferretdb', 'go.mod'), 'utf8').match(/github\.com\/FerretDB\/FerretDB (v\S+)/)?.[1] ?? '?';
  } catch {
    return '?';
  }
})();
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 500);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const SEED_DOCS = Number(process.env.BENCH_SEED_DOCS ?? 20_000);
const UPDATE_DOCS = 1_000;
const SEED_BATCH = 1_000;
const POOL = 20;
const WATCHDOG_MS = Number(process.env.BENCH_WATCHDOG_MS ?? 175_000);
const CASE_BUDGET_MS = WATCHDOG_MS - 35_000; // no new case starts after this (slow cases can take ~30 s under load)
const RUN_ID = randomBytes(4).toString('hex');
const STARTED = performance.now();
const PG_DB = `ferretdb_bench_${RUN_ID}`;
const DB = 'bench';
const STATUSES = ['draft', 'submitted', 'approved', 'archived'];

// ---- bounded run time + cleanup ------------------------------------------------------------------------
const cleanups = [];
let cleaningUp = null;
const onCleanup = (label, fn) => cleanups.push({ label, fn });
function cleanup() {
  cleaningUp ??= (async () => {
    while (cleanups.length) {
      const { label, fn } = cleanups.pop();
      try {
        await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 8_000))]);
      } catch (error) {
        console.error(`cleanup "${label}" failed:`, error?.message ?? error);
      }
    }
  })();
  return cleaningUp;
}
const watchdog = setTimeout(async () => {
  console.error(`\n!! watchdog: the benchmark exceeded ${WATCHDOG_MS / 1000} s; cleaning up and exiting`);
  await cleanup();
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, async () => {
    console.error(`\n!! ${signal}: cleaning up`);
    await cleanup();
    process.exit(130);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';
const fmtRate = (n) => fmt(n, n < 10 ? 2 : n < 100 ? 1 : 0);
const fmtMs = (n) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)) : '—');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');

// ---- documents -----------------------------------------------------------------------------------------
// ~1 KB of BSON, shaped like a performance record (services/records) plus a few fields such records carry.
const TITLES = [
  '2025年度第三季度干部绩效考核记录：重点工作任务完成情况',
  '乡村振兴重点任务：新建高标准农田示范区建设进展评估',
  '基层党建工作述职评议：组织生活会与主题教育落实情况',
  '营商环境优化专项行动：审批事项压减与群众满意度调查',
];
const DESCRIPTION =
  '牵头协调发改、财政、农业农村三个部门，按期完成年度考核指标，群众满意度显著提升。' +
  '全年推进项目十二个，其中重点项目五个，累计完成投资三点二亿元，超出计划百分之八。' +
  '存在问题：部分项目前期手续办理周期较长，跨部门协同机制仍需完善，下一步将建立周调度制度。';
const DEPARTMENTS = ['市委组织部', '干部一处', '考核评价科'];
const TAGS = ['党建', '业务', '创新', '廉政'];

function makeDoc(prefix, i) {
  const now = new Date();
  return {
    _id: `${prefix}-${i}-${randomUUID()}`,
    recordNo: `${prefix}-${RUN_ID}-${String(i).padStart(8, '0')}`,
    version: 1,
    cadreId: `cadre-${(i * 7919) % 5000}`,
    departmentPath: [...DEPARTMENTS, `第${(i % 12) + 1}组`],
    itemCode: `KT-2025-${String(i % 400).padStart(3, '0')}`,
    title: TITLES[i % TITLES.length],
    description: DESCRIPTION,
    status: STATUSES[i % STATUSES.length],
    score: i % 100,
    tags: TAGS.slice(0, (i % TAGS.length) + 1),
    scores: [
      { dimension: '德', value: 80 + (i % 20) },
      { dimension: '能', value: 75 + (i % 25) },
      { dimension: '勤', value: 85 + (i % 15) },
    ],
    period: { year: 2025, quarter: (i % 4) + 1, from: new Date('2025-07-01T00:00:00Z'), to: new Date('2025-09-30T00:00:00Z') },
    history: [],
    createdAt: now,
    updatedAt: now,
  };
}
const DOC_BYTES = BSON.calculateObjectSize(makeDoc('size', 123456));

// ---- processes, ports, CPU accounting ------------------------------------------------------------------
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(500, () => done(false));
  });
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000, env: { ...process.env, PGCONNECT_TIMEOUT: '5' } });
  if (result.error) throw new Error(`${cmd} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout.trim();
}
const psql = (sql, db = 'postgres') => run('psql', ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, '-d', db, '-X', '-tA', '-v', 'ON_ERROR_STOP=1', '-c', sql]);

const CLK_TCK = (() => {
  try {
    return Number(run('getconf', ['CLK_TCK'])) || 100;
  } catch {
    return 100;
  }
})();
/** utime + stime of one process, in ms (NaN if gone). */
function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}
/** CPU ms of every process whose comm is "postgres" (postmaster, backends, WAL writer, checkpointer...). */
function postgresCpuMs() {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
    } catch {
      // the process went away
    }
  }
  return total;
}
/** Busy CPU ms of the whole machine (all cores) from /proc/stat. */
function machineBusyMs() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = ticks[3] + ticks[4]; // idle + iowait
  const all = ticks.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal (guest is already in user)
  return ((all - idle) * 1000) / CLK_TCK;
}
function cpuSnapshot(ferretPid) {
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1000, ferret: procCpuMs(ferretPid), postgres: postgresCpuMs(), machine: machineBusyMs() };
}
function addCpu(acc, a, b) {
  for (const k of Object.keys(acc)) acc[k] += b[k] - a[k];
}
/** CPU ms over wall ms -> average cores busy; "other" is whatever else ran on the machine meanwhile. */
function coresOf(cpu, ms) {
  const c = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v / ms]));
  c.other = Math.max(0, c.machine - c.node - c.ferret - c.postgres);
  return c;
}

/** Starts one private FerretDB and waits until it answers ping. */
async function startFerret(backend) {
  const port = await freePort();
  const args = ['-listen', `127.0.0.1:${port}`, '-handler', backend.handler, '-log-level', 'warn'];
  if (backend.handler === 'sqlite') args.push('-sqlite-url', `file:${backend.dir}/`);
  else args.push('-postgresql-url', backend.pgUrl);
  const child = spawn(FERRETDB, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  backend.child = child;
  backend.stderr = [];
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) if (line.trim() && backend.stderr.length < 2_000) backend.stderr.push(line);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  backend.exited = exited;
  onCleanup(`stop FerretDB (${backend.name})`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  let early = null;
  exited.then((how) => (early = how));
  const deadline = performance.now() + 20_000;
  while (!(await tcpOpen(port))) {
    if (early) throw new Error(`FerretDB (${backend.name}) exited early (${JSON.stringify(early)}): ${backend.stderr.slice(-5).join(' | ')}`);
    if (performance.now() > deadline) throw new Error(`FerretDB (${backend.name}) did not listen on ${port} within 20 s`);
    await sleep(100);
  }
  backend.port = port;
  backend.uri = `mongodb://127.0.0.1:${port}/?directConnection=true`;
  backend.client = new MongoClient(backend.uri, { maxPoolSize: POOL, serverSelectionTimeoutMS: 10_000, socketTimeoutMS: 60_000 });
  onCleanup(`close client (${backend.name})`, () => backend.client.close(true));
  await backend.client.connect();
  await backend.client.db(DB).command({ ping: 1 });
  const build = await backend.client.db('admin').command({ buildInfo: 1 });
  backend.version = `${build.ferretdbVersion === 'unknown' || !build.ferretdbVersion ? FERRETDB_VERSION : build.ferretdbVersion} (reports MongoDB ${build.version})`;
}

// ---- the measuring loop ----------------------------------------------------------------------------------
/** Runs op(i) from `concurrency` workers until `ms` have passed; i counts up across calls via state.next. */
async function drive(state, concurrency, ms, op, latencies) {
  const deadline = performance.now() + ms;
  let ok = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = state.next++;
      const t = performance.now();
      try {
        await op(i);
        const dt = performance.now() - t;
        if (latencies) latencies.push(dt);
        ok++;
      } catch (error) {
        state.errorsAll++; // warm-up included, for the consistency checks
        if (latencies) {
          state.errors++;
          state.firstError ??= error;
        } else state.firstWarmupError ??= error;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok, ms: performance.now() - t0 };
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** One case over both backends: warm-up each, then ROUNDS slices in S P P S order. */
async function runCase(backends, spec) {
  const perBackend = new Map(
    backends.map((b) => [
      b,
      {
        state: { next: 0, errors: 0, errorsAll: 0, firstError: null, firstWarmupError: null },
        latencies: [],
        ok: 0,
        ms: 0,
        cpu: { node: 0, ferret: 0, postgres: 0, machine: 0 },
        ctx: null,
      },
    ]),
  );
  for (const b of backends) {
    const r = perBackend.get(b);
    r.ctx = (await spec.setup?.(b)) ?? {};
    if (WARMUP_MS > 0) await drive(r.state, spec.concurrency, WARMUP_MS, (i) => spec.op(b, r.ctx, i), null);
    r.warmupOps = r.state.next;
  }
  const sliceMs = DURATION_MS / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? backends : [...backends].reverse();
    for (const b of order) {
      const r = perBackend.get(b);
      const c0 = cpuSnapshot(b.child.pid);
      const { ok, ms } = await drive(r.state, spec.concurrency, sliceMs, (i) => spec.op(b, r.ctx, i), r.latencies);
      addCpu(r.cpu, c0, cpuSnapshot(b.child.pid));
      r.ok += ok;
      r.ms += ms;
    }
  }
  for (const b of backends) {
    const r = perBackend.get(b);
    r.latencies.sort((x, y) => x - y);
    const row = {
      name: spec.name,
      concurrency: spec.concurrency,
      ops: r.ok,
      errors: r.state.errors,
      firstError: r.state.firstError,
      opsPerSec: r.ok / (r.ms / 1000),
      p50: percentile(r.latencies, 50),
      p99: percentile(r.latencies, 99),
      cores: coresOf(r.cpu, r.ms),
      check: (await spec.check?.(b, r.ctx, { attempted: r.state.next, errors: r.state.errorsAll })) ?? null,
      warmupErrors: r.state.errorsAll - r.state.errors,
      firstWarmupError: r.state.firstWarmupError,
    };
    b.results.push(row);
  }
}

// ---- workload ----------------------------------------------------------------------------------------------
async function seed(backend) {
  const db = backend.client.db(DB);
  const records = db.collection('records');
  backend.seedIds = [];
  let scoreSum = 0;
  const batchLatencies = [];
  const t0 = performance.now();
  const c0 = cpuSnapshot(backend.child.pid);
  for (let start = 0; start < SEED_DOCS; start += SEED_BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(SEED_DOCS, start + SEED_BATCH); i++) {
      const doc = makeDoc('seed', i);
      backend.seedIds.push(doc._id);
      scoreSum += doc.score;
      docs.push(doc);
    }
    const t = performance.now();
    await records.insertMany(docs, { ordered: true });
    batchLatencies.push(performance.now() - t);
  }
  const ms = performance.now() - t0;
  const cpu = { node: 0, ferret: 0, postgres: 0, machine: 0 };
  addCpu(cpu, c0, cpuSnapshot(backend.child.pid));
  backend.seedScoreSum = scoreSum;
  batchLatencies.sort((x, y) => x - y);
  backend.seedRow = {
    name: `seed insertMany ×${SEED_BATCH} (docs/s)`,
    concurrency: 1,
    ops: SEED_DOCS,
    errors: 0,
    opsPerSec: SEED_DOCS / (ms / 1000),
    p50: percentile(batchLatencies, 50),
    p99: percentile(batchLatencies, 99),
    cores: coresOf(cpu, ms),
    check: null,
  };

  const updates = db.collection('updates');
  const updateDocs = Array.from({ length: UPDATE_DOCS }, (_, i) => makeDoc('upd', i));
  await updates.insertMany(updateDocs, { ordered: true });
  backend.updateIds = updateDocs.map((d) => d._id);

  const inserts = db.collection('inserts');
  await inserts.createIndex({ recordNo: 1 }, { unique: true, name: 'recordNo_unique' });
  // Sanity: the unique index is enforced.
  await inserts.insertOne(makeDoc('dup', 0));
  try {
    await inserts.insertOne({ ...makeDoc('dup', 0), _id: `other-${randomUUID()}` });
    backend.uniqueEnforced = 'NO — a duplicate recordNo was accepted';
  } catch (error) {
    backend.uniqueEnforced = error?.code === 11000 ? 'yes (E11000)' : `rejected with code ${error?.code}: ${error?.message}`;
  }
  await inserts.deleteMany({ recordNo: { $regex: '^dup-' } });
  backend.insertedTotal = 0;
}

const insertCase = (concurrency) => ({
  name: 'insertOne (unique idx)',
  concurrency,
  setup: (b) => ({ coll: b.client.db(DB).collection('inserts'), prefix: `c${concurrency}` }),
  op: (b, ctx, i) => ctx.coll.insertOne(makeDoc(ctx.prefix, i)),
  check: async (b, ctx, { attempted, errors }) => {
    b.insertedTotal += attempted - errors;
    const count = await ctx.coll.countDocuments({});
    return count === b.insertedTotal ? null : `collection holds ${count} docs, ${b.insertedTotal} inserts succeeded`;
  },
});

const findCase = (concurrency) => ({
  name: 'findOne by _id',
  concurrency,
  setup: (b) => ({ coll: b.client.db(DB).collection('records') }),
  op: async (b, ctx) => {
    const id = b.seedIds[(Math.random() * b.seedIds.length) | 0];
    const doc = await ctx.coll.findOne({ _id: id });
    if (!doc || doc._id !== id) throw new Error(`findOne(${id}) returned ${doc ? doc._id : null}`);
  },
});

const updateCase = {
  name: 'updateOne $inc+$push',
  concurrency: 20,
  setup: (b) => ({ coll: b.client.db(DB).collection('updates') }),
  op: async (b, ctx, i) => {
    const id = b.updateIds[i % UPDATE_DOCS]; // round-robin: the 20 in-flight updates always hit distinct docs
    const r = await ctx.coll.updateOne(
      { _id: id },
      { $inc: { version: 1, score: 1 }, $push: { history: { at: new Date(), by: 'bench', op: i } }, $set: { updatedAt: new Date() } },
    );
    if (r.matchedCount !== 1 || r.modifiedCount !== 1) throw new Error(`updateOne matched ${r.matchedCount}, modified ${r.modifiedCount}`);
  },
  check: async (b, ctx, { attempted, errors }) => {
    // Every successful update added 1 to version: sum(version) == docs + successes (warm-up included).
    const [sum] = await ctx.coll.aggregate([{ $group: { _id: null, total: { $sum: '$version' } } }]).toArray();
    const expected = UPDATE_DOCS + attempted - errors;
    // Counted client-side: FerretDB v1.24.2 does not implement $size in $project.
    const docs = await ctx.coll.find({}, { projection: { history: 1 } }).toArray();
    const hist = { total: docs.reduce((a, d) => a + (d.history?.length ?? 0), 0) };
    const problems = [];
    if (sum?.total !== expected) problems.push(`sum(version) = ${sum?.total}, expected ${expected}`);
    if (hist?.total !== attempted - errors) problems.push(`history entries = ${hist?.total}, expected ${attempted - errors}`);
    return problems.length ? problems.join('; ') : null;
  },
};

const groupCase = {
  name: `$group $sum (${fmt(SEED_DOCS / 1000)}k docs)`,
  concurrency: 1,
  setup: (b) => ({ coll: b.client.db(DB).collection('records'), bad: 0 }),
  op: async (b, ctx) => {
    const groups = await ctx.coll.aggregate([{ $group: { _id: '$status', total: { $sum: '$score' } } }]).toArray();
    const total = groups.reduce((a, g) => a + g.total, 0);
    if (groups.length !== STATUSES.length || total !== b.seedScoreSum) throw new Error(`$group gave ${groups.length} groups summing to ${total}, expected ${STATUSES.length} / ${b.seedScoreSum}`);
  },
};

/** How the backend runs find({_id: <string>}): the SQL plan from FerretDB's explain. */
async function idPlan(b) {
  try {
    const e = await b.client.db(DB).command({ explain: { find: 'records', filter: { _id: b.seedIds.at(-1) }, limit: 1 } });
    const plan = e.queryPlanner?.Plan;
    if (Array.isArray(plan)) {
      // SQLite: EXPLAIN QUERY PLAN rows
      const text = plan.map((row) => String(row).replace(/^.*detail=/, '')).join('; ');
      return `${text} -> ${/USING (COVERING )?INDEX/.test(text) ? 'index' : 'FULL SCAN, the _id index is not used'}`;
    }
    const nodes = []; // PostgreSQL: EXPLAIN (FORMAT JSON) plan tree
    const walk = (n) => {
      if (!n || typeof n !== 'object') return;
      nodes.push(n['Index Name'] ? `${n['Node Type']} on ${n['Index Name']}` : n['Node Type']);
      for (const child of n.Plans ?? []) walk(child);
    };
    walk(plan);
    const conditions = [];
    const walkConditions = (n) => {
      if (!n || typeof n !== 'object') return;
      for (const k of ['Index Cond', 'Filter']) if (n[k]) conditions.push(n[k]);
      for (const child of n.Plans ?? []) walkConditions(child);
    };
    walkConditions(plan);
    const indexed = nodes.some((n) => /Index/.test(n));
    return `${nodes.join(' > ')} [${conditions.join('; ')}] -> ${indexed ? 'index' : 'FULL SCAN, the _id index is not used'}`;
  } catch (error) {
    return `explain failed: ${error.message}`;
  }
}

/** Distinct FerretDB log messages (JSON lines) with counts; error replies are reduced to their errmsg. */
function summarizeLog(lines) {
  const counts = new Map();
  for (const line of lines) {
    if (line.startsWith('ferretdb: ')) continue; // the launcher's own "listening on" line
    let m;
    try {
      const j = JSON.parse(line);
      if (/^Response header/.test(j.msg)) continue; // always paired with a "Response message"
      const errmsg = /^Response message/.test(j.msg) ? j.msg.match(/"errmsg": "((?:[^"\\]|\\.)*)"/)?.[1] : null;
      m = errmsg ? `${j.level} error reply: ${errmsg}` : `${j.level} ${j.msg}${j.err ? `: ${String(j.err).slice(0, 200)}` : ''}${j.error ? `: ${String(j.error).slice(0, 200)}` : ''}`;
    } catch {
      m = line.slice(0, 300);
    }
    if (/duplicate key|E11000/.test(m)) m += '  (expected: the unique-index probe)';
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  return counts;
}

// ---- output ----------------------------------------------------------------------------------------------
function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

function backendTable(b) {
  console.log(`\n${b.label} — FerretDB ${b.version}, 127.0.0.1:${b.port}  (CPU columns: cores busy on average during the measured slices — this bench client, the FerretDB process, all postgres processes, anything else, whole machine of ${cpus().length})`);
  printTable(
    ['case', 'conc', 'ops', 'errors', 'ops/s', 'p50 ms', 'p99 ms', 'node', 'ferretdb', 'postgres', 'other', 'machine'],
    [b.seedRow, ...b.results].map((r) => [
      r.name,
      String(r.concurrency),
      fmt(r.ops),
      fmt(r.errors),
      fmtRate(r.opsPerSec),
      fmtMs(r.p50),
      fmtMs(r.p99),
      fmt(r.cores.node, 2),
      fmt(r.cores.ferret, 2),
      fmt(r.cores.postgres, 2),
      fmt(r.cores.other, 2),
      fmt(r.cores.machine, 2),
    ]),
  );
}

// ---- main ----------------------------------------------------------------------------------------------------
async function main() {
  if (!existsSync(FERRETDB)) throw new Error(`${FERRETDB} not found (node scripts/infra.mjs up builds it)`);
  console.log(`FerretDB backends benchmark — run ${RUN_ID}, Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(
    `${fmt(DURATION_MS)} ms per case and backend (${ROUNDS} interleaved slices) after ${fmt(WARMUP_MS)} ms warm-up; mongodb driver maxPoolSize ${POOL}; ` +
      `documents ${fmt(DOC_BYTES)} B BSON; ${fmt(SEED_DOCS)} seeded docs for findOne/$group, ${fmt(UPDATE_DOCS)} for updates`,
  );

  const sqlite = { name: 'sqlite', label: 'SQLite backend', handler: 'sqlite', results: [] };
  const postgres = { name: 'postgresql', label: 'PostgreSQL backend', handler: 'postgresql', results: [] };

  sqlite.dir = mkdtempSync(path.join(tmpdir(), `ferretdb-bench-${RUN_ID}-`));
  onCleanup('remove SQLite temp dir', async () => {
    rmSync(sqlite.dir, { recursive: true, force: true });
    console.log(`cleanup: removed ${sqlite.dir}`);
  });
  onCleanup('drop PostgreSQL database', async () => {
    psql(`DROP DATABASE IF EXISTS "${PG_DB}" WITH (FORCE)`);
    console.log(`cleanup: dropped PostgreSQL database ${PG_DB}`);
  });
  run('createdb', ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, PG_DB]);
  postgres.pgUrl = `postgres://${PG.user}@${PG.host}:${PG.port}/${PG_DB}`;
  const pgSettings = psql(
    "select string_agg(name || '=' || setting, ', ' order by name) from pg_settings where name in ('fsync','synchronous_commit','shared_buffers','max_connections')",
  );
  console.log(`PostgreSQL ${psql('show server_version')} on ${PG.host}:${PG.port}, database ${PG_DB} (${pgSettings}); SQLite dir ${sqlite.dir}`);

  await Promise.all([startFerret(sqlite), startFerret(postgres)]);
  console.log(`FerretDB ${sqlite.version}: sqlite on :${sqlite.port} (pid ${sqlite.child.pid}), postgresql on :${postgres.port} (pid ${postgres.child.pid})`);

  const backends = [sqlite, postgres];
  for (const b of backends) {
    process.stdout.write(`  seeding ${b.name}: ${fmt(SEED_DOCS)} + ${fmt(UPDATE_DOCS)} docs ... `);
    await seed(b);
    console.log(`${fmt(b.seedRow.opsPerSec)} docs/s`);
  }

  const cases = [insertCase(1), insertCase(20), findCase(1), findCase(20), updateCase, groupCase];
  for (const spec of cases) {
    if (performance.now() - STARTED > CASE_BUDGET_MS) {
      console.log(`  SKIPPED ${spec.name}, concurrency ${spec.concurrency}: time budget used up (${fmt((performance.now() - STARTED) / 1000)} s)`);
      for (const b of backends) b.results.push({ name: spec.name, concurrency: spec.concurrency, ops: 0, errors: 0, opsPerSec: NaN, p50: NaN, p99: NaN, cores: {}, check: null, skipped: true });
      continue;
    }
    process.stdout.write(`  running ${spec.name}, concurrency ${spec.concurrency} ... `);
    await runCase(backends, spec);
    console.log(backends.map((b) => `${b.name} ${fmtRate(b.results.at(-1).opsPerSec)} ops/s`).join(', '));
  }

  for (const b of backends) backendTable(b);

  console.log('\nPostgreSQL / SQLite (ops/s ratio > 1: PostgreSQL faster; latency ratio < 1: PostgreSQL faster)');
  const rows = [sqlite.seedRow, ...sqlite.results].map((s, i) => {
    const p = [postgres.seedRow, ...postgres.results][i];
    return [
      s.name,
      String(s.concurrency),
      fmtRate(s.opsPerSec),
      fmtRate(p.opsPerSec),
      ratio(p.opsPerSec, s.opsPerSec),
      `${fmtMs(s.p50)} / ${fmtMs(p.p50)}`,
      ratio(p.p50, s.p50),
      `${fmtMs(s.p99)} / ${fmtMs(p.p99)}`,
      ratio(p.p99, s.p99),
    ];
  });
  printTable(['case', 'conc', 'SQLite ops/s', 'PG ops/s', 'PG/SQLite ops/s', 'p50 ms S / P', 'PG/SQLite p50', 'p99 ms S / P', 'PG/SQLite p99'], rows);

  let failures = 0;
  console.log('\nchecks:');
  for (const b of backends) {
    console.log(`  ${b.name}: unique index on recordNo enforced: ${b.uniqueEnforced}`);
    console.log(`  ${b.name}: plan of find({_id}) on the ${fmt(SEED_DOCS)}-doc collection: ${await idPlan(b)}`);
    for (const r of b.results) {
      if (r.skipped) {
        failures++;
        console.log(`  ${b.name}: ${r.name} c${r.concurrency}: skipped (time budget)`);
      }
      if (r.errors) {
        failures++;
        console.log(`  ${b.name}: ${r.name} c${r.concurrency}: ${r.errors} errors, first: ${r.firstError?.codeName ?? ''} ${r.firstError?.message ?? r.firstError}`);
      }
      if (r.warmupErrors) {
        failures++;
        console.log(`  ${b.name}: ${r.name} c${r.concurrency}: ${r.warmupErrors} errors during warm-up, first: ${r.firstWarmupError?.message ?? r.firstWarmupError}`);
      }
      if (r.check) {
        failures++;
        console.log(`  ${b.name}: ${r.name} c${r.concurrency}: CHECK FAILED — ${r.check}`);
      }
    }
    const messages = summarizeLog(b.stderr);
    if (messages.size) {
      console.log(`  ${b.name}: FerretDB log (warn and above), distinct messages:`);
      for (const [m, n] of [...messages].slice(0, 8)) console.log(`    ${n}× ${m}`);
    } else console.log(`  ${b.name}: FerretDB logged no warnings or errors`);
  }
  if (!failures) console.log('  all cases error-free; inserted counts, $inc/$push totals and $group sums verified on both backends');
  try {
    const files = readdirSync(sqlite.dir).map((f) => [f, statSync(path.join(sqlite.dir, f)).size]);
    const bytes = files.reduce((a, [, size]) => a + size, 0);
    const pgBytes = Number(psql(`select pg_database_size('${PG_DB}')`));
    console.log(
      `  storage: SQLite dir ${fmt(bytes / 1e6, 1)} MB (${files.map(([f, size]) => `${f} ${fmt(size / 1e6, 1)} MB`).join(', ')}); ` +
        `PostgreSQL database ${fmt(pgBytes / 1e6, 1)} MB`,
    );
  } catch (error) {
    console.log(`  storage: could not measure (${error.message})`);
  }
  console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return failures ? 1 : 0;
}

let exitCode = 0;
try {
  exitCode = await main();
} catch (error) {
  if (cleaningUp) await new Promise(() => {}); // interrupted (signal or watchdog): that path logs, cleans up and exits
  console.error('\nbenchmark failed:', error);
  exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
  console.log(`total ${fmt((performance.now() - STARTED) / 1000, 1)} s`);
}
process.exit(exitCode);

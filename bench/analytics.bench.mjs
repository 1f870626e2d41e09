#!/usr/bin/env node
// Analytics, in one run against its own NATS and the five services (fresh databases; FerretDB and Redis up, a build):
// 1. the department tree (1 + BENCH_DEPARTMENTS (15) + 15 × BENCH_SUB_DEPARTMENTS (8)) created through the gateway, a
//    reviewer in a second-level department, then BENCH_CADRES cadres (100,000), BENCH_RECORDS records (1,000,000) over
//    the 12 months of BENCH_YEARS (the last complete year), BENCH_TASKS key tasks (3 % of the cadres) and one score per cadre-year
//    published straight into JetStream by bench/generate/analytics-events.mjs (seed BENCH_SEED): events and events/s;
// 2. with BENCH_WAIT_LIVE=1 (or BENCH_SKIP_REBUILD=1), the live models catching up on that (their `positions` in
//    GET /analytics/rebuild against the streams' last sequences);
// 3. a full rebuild (POST /analytics/rebuild, polled until `swapped` or `failed`): duration and events/s, CPU per
//    process (skip with BENCH_SKIP_REBUILD=1);
// 4. latency p50/p95/max through the gateway, BENCH_REQUESTS (200) sequential requests after BENCH_WARMUP (20), then
//    the same number from BENCH_CALLERS (10) concurrent callers, of overview (admin: the city; reviewer: the subtree),
//    departments (admin), portrait (random cadres, admin), candidates (admin, division, limit 20), against the
//    gateway's /healthz and GET /api/v1/me as baselines; PASS/FAIL against p95 < 300 ms.
// The scoring and records services are stopped once the directory is set up (BENCH_KEEP_SERVICES=1 keeps them):
// scoring would derive its own ledger from the synthetic verifications and publish competing score updates, records
// would replicate 100,000 users, and both would compete with analytics for the machine while it is measured.
//
//   npm run bench:analytics
//   BENCH_CADRES=10000 BENCH_RECORDS=100000 npm run bench:analytics      # reduced scale
// Other knobs: BENCH_IN_FLIGHT (publications in flight, 1000), BENCH_PUBLISHER (js | core), BENCH_LIVE_TIMEOUT_S
// (3600), BENCH_REBUILD_TIMEOUT_S (7200), BENCH_REBUILD_STALL_S (300: replaying without progress that long = stalled),
// BENCH_REQUESTS, BENCH_WARMUP, BENCH_CALLERS, BENCH_DEPARTMENTS, BENCH_SUB_DEPARTMENTS, BENCH_YEARS (e.g. 2025,2026:
// the reads use the last).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { BENCH_ADMIN_PASSWORD, MongoClient, cpuMeter, mongoUri, report, sleep, startSystem } from './lib.mjs';
import { buildWorld, gatewayDepartmentProvider, generate, lastCompleteYear, rngFor } from './generate/analytics-events.mjs';

const { connect } = createRequire(import.meta.url)('nats');
const env = (name, fallback) => (process.env[name] === undefined || process.env[name] === '' ? fallback : Number(process.env[name].replace(/[_,]/g, '')));
const CADRES = env('BENCH_CADRES', 100_000);
const RECORDS = env('BENCH_RECORDS', 1_000_000);
const TASKS = env('BENCH_TASKS', Math.max(50, Math.round(CADRES * 0.03)));
const DEPARTMENTS = env('BENCH_DEPARTMENTS', 15);
const SUB_DEPARTMENTS = env('BENCH_SUB_DEPARTMENTS', 8);
const SEED = env('BENCH_SEED', 1);
const YEARS = (process.env.BENCH_YEARS ?? String(lastCompleteYear())).split(',').map(Number);
const PERIOD = String(YEARS[YEARS.length - 1]);
const IN_FLIGHT = env('BENCH_IN_FLIGHT', 1_000);
const PUBLISHER = process.env.BENCH_PUBLISHER ?? 'js';
const REQUESTS = env('BENCH_REQUESTS', 200);
const WARMUP = env('BENCH_WARMUP', 20);
const CALLERS = env('BENCH_CALLERS', 10);
const LIVE_TIMEOUT_S = env('BENCH_LIVE_TIMEOUT_S', 3_600);
const REBUILD_TIMEOUT_S = env('BENCH_REBUILD_TIMEOUT_S', 7_200);
const REBUILD_STALL_S = env('BENCH_REBUILD_STALL_S', 300);
const TARGET_MS = 300;
const PASSWORD = 'Bench-Reviewer-2026';
const run = `bench-analytics-${Date.now().toString(36)}`;

const log = (line) => process.stdout.write(`[bench] ${line}\n`);
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] : NaN);
const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)}` : '—');
const seconds = (value) => `${(value / 1000).toFixed(1)} s`;
/** The process's peak resident set (VmHWM) in MB; null once it has exited. */
const peakRss = (pid) => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM'));
    return Math.round(Number(line.split(/\s+/)[1]) / 1024);
  } catch {
    return null;
  }
};
const peakRssMb = (pid) => peakRss(pid)?.toLocaleString() ?? '? (exited)';
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
/** CPU seconds per process; a process that exited meanwhile has no figure. */
const cpuText = (cpu) => Object.entries(cpu).map(([k, v]) => `${k} ${v < 0 ? '(exited)' : v.toFixed(0)}`).join(', ');

const client = await new MongoClient(mongoUri, { maxPoolSize: 5 }).connect();
const stopped = new Set();
const crashed = [];
let system;
let nc;
try {
  system = await startSystem({
    run,
    onExit: (name, code, output) => {
      if (stopped.has(name)) return;
      crashed.push(name);
      process.stderr.write(`[bench] the ${name} service exited (${code}):\n${output}\n`);
    },
  });
  const { port, pids, natsUrl } = system;
  const base = `http://127.0.0.1:${port}`;
  const meter = cpuMeter(pids);
  /** One request: status, parsed body (or text), milliseconds to the last byte. */
  const call = async (method, path, token, body) => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const elapsed = performance.now() - started;
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, bytes: text.length, ms: elapsed };
  };

  // ── 1. the directory through the gateway, then the events ───────────────────────────────────────────────────────
  const admin = await system.login('admin', BENCH_ADMIN_PASSWORD);
  const options = { cadres: CADRES, records: RECORDS, tasks: TASKS, departments: DEPARTMENTS, subDepartments: SUB_DEPARTMENTS, seed: SEED, years: YEARS, concurrency: IN_FLIGHT, publisher: PUBLISHER };
  const planned = buildWorld({ ...options, cadres: 10, records: 0, tasks: 0 }).departments.map(({ key, code, name, parentKey, depth }) => ({ key, code, name, parentKey, depth }));
  let t = performance.now();
  const departments = await gatewayDepartmentProvider({ baseUrl: base, token: admin })(planned);
  log(`${departments.length} departments created through the gateway in ${seconds(performance.now() - t)}`);
  const reviewerDepartment = departments.find((d) => d.key === 'd1');
  await system.api('POST', '/users', admin, {
    username: 'benchreviewer', password: PASSWORD, name: '评测审核员', staffNo: 'BR-0001', departmentId: reviewerDepartment.id, roles: ['reviewer'], rankLevel: 'division', title: '副处长',
  });
  const reviewer = await system.login('benchreviewer', PASSWORD);
  log(`reviewer "benchreviewer" in ${reviewerDepartment.name} (${reviewerDepartment.id})`);
  if (process.env.BENCH_KEEP_SERVICES !== '1') {
    for (const name of ['scoring', 'records']) {
      stopped.add(name);
      process.kill(pids.get(name), 'SIGTERM');
      pids.delete(name);
    }
    await sleep(1_000);
    log('stopped the scoring and records services (BENCH_KEEP_SERVICES=1 keeps them)');
  }

  nc = await connect({ servers: natsUrl, name: 'bench-analytics' });
  const jsm = await nc.jetstreamManager();
  const generated = await generate({ ...options, nc, departmentProvider: async () => departments, log });
  const { world, stats: published } = generated;
  const publishedAt = performance.now();

  // ── 2. the live models ──────────────────────────────────────────────────────────────────────────────────────────
  // Where the live projector stands (`positions` of GET /analytics/rebuild) against each stream's last sequence. By
  // default only waited for when there is no rebuild (the reads need the data); a rebuild pauses a live projector
  // that is far behind anyway.
  const lastSeqs = async () => {
    const out = {};
    for (const stream of ['DIRECTORY', 'RECORDS', 'TASKS', 'SCORING']) out[stream] = (await jsm.streams.info(stream)).state.last_seq;
    return out;
  };
  let live = 'not waited for (the rebuild follows; BENCH_WAIT_LIVE=1 waits)';
  if (process.env.BENCH_WAIT_LIVE === '1' || process.env.BENCH_SKIP_REBUILD === '1') {
    const before = meter.snapshot();
    const targets = await lastSeqs();
    let lastLog = performance.now();
    let behind = {};
    let answered = true;
    while (performance.now() - publishedAt < LIVE_TIMEOUT_S * 1000 && !crashed.includes('analytics')) {
      const status = await call('GET', '/api/v1/analytics/rebuild', admin);
      if (status.status !== 200 || !status.body.positions) {
        answered = false;
        live = `GET /analytics/rebuild answered ${status.status} ${JSON.stringify(status.body).slice(0, 200)}: cannot see the live position`;
        break;
      }
      behind = Object.fromEntries(Object.entries(targets).map(([stream, seq]) => [stream, Math.max(0, seq - (status.body.positions[stream] ?? 0))]).filter(([, n]) => n > 0));
      if (Object.keys(behind).length === 0) break;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(`  live models behind by ${JSON.stringify(behind)} after ${seconds(performance.now() - publishedAt)}`);
      }
      await sleep(500);
    }
    if (answered) {
      const waited = performance.now() - publishedAt;
      const cpu = meter.since(before);
      const total = Object.values(targets).reduce((a, b) => a + b, 0);
      live = Object.keys(behind).length === 0
        ? `caught up ${seconds(waited)} after the publication ended (${seconds(waited + published.seconds * 1000)} after it began: ${Math.round(total / (waited / 1000 + published.seconds)).toLocaleString()} events/s over the streams' ${total.toLocaleString()} messages); CPU s while waiting: ${cpuText(cpu)}`
        : `NOT caught up after ${seconds(waited)}: behind by ${JSON.stringify(behind)}`;
    }
    log(`live models: ${live}`);
  }

  // ── 3. the rebuild ──────────────────────────────────────────────────────────────────────────────────────────────
  let rebuild = 'skipped (BENCH_SKIP_REBUILD=1)';
  let rebuildOk = null;
  /** The rebuild's figures for report(): seconds, events, events/s, the load average at its end. */
  let rebuildFigures = null;
  if (process.env.BENCH_SKIP_REBUILD !== '1') {
    const before = await call('GET', '/api/v1/analytics/rebuild', admin);
    const asked = await call('POST', '/api/v1/analytics/rebuild', admin, {});
    if (asked.status !== 202) {
      rebuild = `POST /analytics/rebuild answered ${asked.status} ${JSON.stringify(asked.body).slice(0, 300)} (status before: ${before.status})`;
      rebuildOk = false;
    } else {
      const askedAt = performance.now();
      const cpuBefore = meter.snapshot();
      const previous = before.status === 200 ? before.body.generation ?? 0 : 0;
      const target = typeof asked.body?.generation === 'number' ? asked.body.generation : undefined;
      let status;
      let lastLog = askedAt;
      let progress = { key: '', at: askedAt };
      for (;;) {
        const polled = await call('GET', '/api/v1/analytics/rebuild', admin);
        status = polled.body;
        const ours = polled.status === 200 && (target !== undefined ? status.generation === target : status.generation > previous);
        if (ours && (status.state === 'swapped' || status.state === 'failed')) break;
        // Stalled: neither the state nor the replayed counts moved for BENCH_REBUILD_STALL_S.
        const key = `${status?.state}|${JSON.stringify(status?.events ?? {})}`;
        if (key !== progress.key) progress = { key, at: performance.now() };
        const stalled = status?.state === 'replaying' && performance.now() - progress.at > REBUILD_STALL_S * 1000;
        if (crashed.includes('analytics') || stalled || performance.now() - askedAt > REBUILD_TIMEOUT_S * 1000) {
          status = { ...status, state: crashed.includes('analytics') ? 'analytics crashed' : stalled ? `stalled (replaying, no progress for ${REBUILD_STALL_S} s)` : `timed out after ${REBUILD_TIMEOUT_S} s` };
          break;
        }
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`  rebuild ${polled.status}: generation ${status?.generation} ${status?.state}, replayed ${JSON.stringify(status?.events ?? {})} after ${seconds(performance.now() - askedAt)}`);
        }
        await sleep(500);
      }
      const wall = performance.now() - askedAt;
      const cpu = meter.since(cpuBefore);
      const serviceMs = status.startedAt && status.finishedAt ? Date.parse(status.finishedAt) - Date.parse(status.startedAt) : NaN;
      const events = Object.values(status.events ?? {}).reduce((sum, n) => sum + n, 0);
      rebuildOk = status.state === 'swapped';
      rebuildFigures = { seconds: (Number.isFinite(serviceMs) ? serviceMs : wall) / 1000, events, state: status.state, load: load() };
      rebuild =
        `generation ${status.generation ?? '?'} ${status.state}${status.error ? ` (${status.error})` : ''}: ${events.toLocaleString()} events ${JSON.stringify(status.events ?? {})} ` +
        `in ${Number.isFinite(serviceMs) ? seconds(serviceMs) : '?'} (startedAt → finishedAt; ${seconds(wall)} from the request to seeing it), ` +
        `${Math.round(status.eventsPerSecond ?? 0).toLocaleString()} events/s as the service reports, ${Math.round(events / ((Number.isFinite(serviceMs) ? serviceMs : wall) / 1000)).toLocaleString()} events/s computed; ` +
        `live generation ${status.liveGeneration ?? '?'}; CPU s: ${cpuText(cpu)}; analytics peak RSS ${peakRssMb(pids.get('analytics'))} MB`;
    }
    log(`rebuild: ${rebuild}`);
  }

  // ── 4. the reads ────────────────────────────────────────────────────────────────────────────────────────────────
  const pick = rngFor(SEED, 99, 0);
  const portraitCadres = Array.from({ length: 200 }, () => world.cadres[pick.int(world.cadres.length)].id);
  let nextPortrait = 0;
  const q = `period=${PERIOD}`;
  const reads = [
    { name: 'baseline: GET /healthz', baseline: true, token: null, path: () => '/healthz' },
    { name: 'baseline: GET /api/v1/me (admin)', baseline: true, token: admin, path: () => '/api/v1/me' },
    { name: 'overview (admin, city)', token: admin, path: () => `/api/v1/analytics/overview?${q}` },
    { name: `overview (reviewer, ${reviewerDepartment.name})`, token: reviewer, path: () => `/api/v1/analytics/overview?${q}` },
    { name: 'departments (admin)', token: admin, path: () => `/api/v1/analytics/departments?${q}` },
    { name: 'portrait (admin, random cadres)', token: admin, path: () => `/api/v1/analytics/cadres/${portraitCadres[nextPortrait++ % portraitCadres.length]}/portrait?${q}` },
    { name: 'candidates (admin, division, 20)', token: admin, path: () => `/api/v1/analytics/candidates?rankLevel=division&${q}&limit=20` },
  ];
  // Answers are cached while the models stay put, so the warm figures are mostly cache hits. The cold figures
  // move the models before each request: an event analytics reads past (a bid) advances its TASKS position, which
  // invalidates every cached answer, and the request then computes from the models.
  const js = nc.jetstream();
  let coldEvents = 0;
  const moveModels = async () => {
    const eventId = `bench-cold-${run}-${coldEvents++}`;
    const envelope = { eventId, type: 'tasks.bid.submitted', version: 1, occurredAt: new Date().toISOString(), producer: 'bench', data: { bidId: eventId } };
    const ack = await js.publish('tasks.bid.submitted', JSON.stringify(envelope), { msgID: eventId });
    for (;;) {
      const polled = await call('GET', '/api/v1/analytics/rebuild', admin);
      if ((polled.body?.positions?.TASKS ?? 0) >= ack.seq) return;
      await sleep(2);
    }
  };
  const COLD = Math.min(REQUESTS, env('BENCH_COLD_REQUESTS', 50));
  const results = [];
  for (const read of reads) {
    const errors = [];
    let bytes = 0;
    let sample;
    const once = async (into) => {
      const r = await call('GET', read.path(), read.token).catch((error) => ({ status: 0, body: String(error), ms: NaN, bytes: 0 }));
      if (r.status !== 200) errors.push(`${r.status} ${typeof r.body === 'string' ? r.body.slice(0, 120) : JSON.stringify(r.body).slice(0, 200)}`);
      else {
        bytes = r.bytes;
        sample ??= r.body;
      }
      into?.push(r.ms);
    };
    for (let i = 0; i < WARMUP; i++) await once();
    if (errors.length === WARMUP && WARMUP > 0) {
      results.push({ read, errors: errors.length, firstError: errors[0], seq: [], conc: [] });
      log(`${read.name}: every warm-up request failed (${errors[0]}); not measured`);
      continue;
    }
    errors.length = 0;
    const cold = [];
    if (!read.baseline) {
      for (let i = 0; i < COLD; i++) {
        await moveModels();
        await once(cold);
      }
      cold.sort((a, b) => a - b);
    }
    const seq = [];
    for (let i = 0; i < REQUESTS; i++) await once(seq);
    const conc = [];
    const concStarted = performance.now();
    await Promise.all(Array.from({ length: CALLERS }, async () => {
      for (let i = 0; i < Math.ceil(REQUESTS / CALLERS); i++) await once(conc);
    }));
    const concSeconds = (performance.now() - concStarted) / 1000;
    seq.sort((a, b) => a - b);
    conc.sort((a, b) => a - b);
    results.push({ read, errors: errors.length, firstError: errors[0], cold, seq, conc, bytes, sample, throughput: conc.length / concSeconds });
    log(`${read.name}: p95 ${ms(percentile(cold, 0.95))} ms cold, ${ms(percentile(seq, 0.95))} ms sequential, ${ms(percentile(conc, 0.95))} ms with ${CALLERS} callers${errors.length ? `; ${errors.length} errors, e.g. ${errors[0]}` : ''}`);
  }

  // ── the report ──────────────────────────────────────────────────────────────────────────────────────────────────
  const overview = results.find((r) => r.read.name.startsWith('overview (admin'))?.sample;
  // The latencies mean something only if the models held the data: the records filed in the period and the cadres.
  const expectedRecords = published.recordsFiledIn[PERIOD] ?? 0;
  const complete = overview?.records?.total === expectedRecords && overview?.points?.cadres === CADRES;
  const verdictOf = (sorted) => (sorted.length === 0 ? '—' : percentile(sorted, 0.95) < TARGET_MS ? 'PASS' : 'FAIL');
  const rows = results.map((r) => [
    r.read.name, ms(percentile(r.cold ?? [], 0.5)), ms(percentile(r.cold ?? [], 0.95)), ms(percentile(r.seq, 0.5)), ms(percentile(r.seq, 0.95)), ms(r.seq.at(-1)), ms(percentile(r.conc, 0.5)), ms(percentile(r.conc, 0.95)), ms(r.conc.at(-1)),
    r.throughput ? r.throughput.toFixed(0) : '—', String(r.errors), r.bytes ? `${(r.bytes / 1024).toFixed(1)}` : '—',
    r.read.baseline ? '(baseline)' : r.seq.length === 0 ? 'FAIL (no answer)' : `${verdictOf(r.cold)} / ${verdictOf(r.seq)} / ${verdictOf(r.conc)}${r.errors ? ' (errors)' : ''}`,
  ]);
  const header = ['read', 'p50 cold', 'p95 cold', 'p50', 'p95', 'max', `p50 ×${CALLERS}`, `p95 ×${CALLERS}`, `max ×${CALLERS}`, 'req/s ×10', 'errors', 'KiB', `p95 < ${TARGET_MS} ms (cold / seq / ×${CALLERS})`];
  // Display width: CJK characters take two columns.
  const width = (text) => [...text].reduce((w, ch) => w + (/[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const pad = (text, w, left) => (left ? text + ' '.repeat(Math.max(0, w - width(text))) : ' '.repeat(Math.max(0, w - width(text))) + text);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i]))));
  const line = (cells) => `| ${cells.map((c, i) => pad(c, widths[i], i === 0)).join(' | ')} |`;
  const measuredReads = results.filter((r) => !r.read.baseline);
  const passed = measuredReads.every((r) => r.seq.length > 0 && r.errors === 0 && percentile(r.seq, 0.95) < TARGET_MS && percentile(r.cold, 0.95) < TARGET_MS);
  const passedConcurrent = measuredReads.every((r) => r.conc.length > 0 && r.errors === 0 && percentile(r.conc, 0.95) < TARGET_MS);

  console.log(`\nAnalytics benchmark (FerretDB at ${mongoUri}, period ${PERIOD}, seed ${SEED})\n`);
  console.log(`- data: ${world.departments.length} departments (through the gateway), ${CADRES.toLocaleString()} cadres, ${RECORDS.toLocaleString()} records ${JSON.stringify(published.records)}, ${TASKS.toLocaleString()} tasks ${JSON.stringify(published.tasks)}, ${published.scores.toLocaleString()} scores`);
  console.log(`- published ${published.published.toLocaleString()} events ${JSON.stringify(published.perStream)} in ${published.seconds.toFixed(1)} s: ${Math.round(published.eventsPerSecond).toLocaleString()} events/s (${PUBLISHER === 'core' ? 'core publish + PubAck inbox' : 'js.publish'}, ${IN_FLIGHT} in flight)`);
  console.log(`- live models: ${live}`);
  console.log(`- rebuild: ${rebuild}`);
  console.log(`- sanity: overview (admin) counts ${overview?.records?.total?.toLocaleString() ?? '?'} records filed in ${PERIOD} (generated ${expectedRecords.toLocaleString()}), ${overview?.points?.cadres?.toLocaleString() ?? '?'} cadres (generated ${CADRES.toLocaleString()}), backlog ${overview?.review?.backlog?.count?.toLocaleString() ?? '?'}: ${complete ? 'the models hold the generated data' : 'the models do NOT hold the generated data, so the latencies below are not representative'}`);
  console.log(`- latency through the gateway, ms: ${COLD} cold (the models moved before each request, so nothing is cached), then ${REQUESTS} sequential after ${WARMUP} warm-up, then ${CALLERS} concurrent callers (${CALLERS * Math.ceil(REQUESTS / CALLERS)} requests): answers are cached while the models stay put\n`);
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  for (const r of results.filter((x) => x.errors)) console.log(`\n  ${r.read.name}: ${r.errors} failed, e.g. ${r.firstError}`);
  if (crashed.length) console.log(`\n  services that exited during the run: ${crashed.join(', ')}`);
  const verdict = (ok) => (!complete ? 'INCONCLUSIVE (incomplete models)' : ok ? 'PASS' : 'FAIL');
  console.log(`\nTarget p95 < ${TARGET_MS} ms for each read: cold and sequential ${verdict(passed)}, ${CALLERS} concurrent callers ${verdict(passedConcurrent)}; rebuild ${rebuildOk === null ? 'not run' : rebuildOk ? 'swapped' : 'FAILED'}`);
  console.log(`- load average at the end: ${load()} (2 cores; other benches may share the machine)`);

  // One line per figure for the results table (BENCH_RESULT lines, BENCH_RESULTS_FILE).
  const size = `${CADRES.toLocaleString()} cadres, ${RECORDS.toLocaleString()} records`;
  const figures = [
    { figure: `events published (${size})`, value: published.published, unit: 'events', note: JSON.stringify(published.perStream) },
    { figure: 'publication rate', value: Math.round(published.eventsPerSecond), unit: 'events/s', note: `${PUBLISHER}, ${IN_FLIGHT} in flight` },
  ];
  if (rebuildFigures) {
    const note = `${rebuildFigures.events.toLocaleString()} events, ${rebuildFigures.state}; load average ${rebuildFigures.load}`;
    figures.push(
      { figure: 'rebuild duration', value: Math.round(rebuildFigures.seconds * 10) / 10, unit: 's', target: 'completes', met: rebuildOk, note },
      { figure: 'rebuild rate', value: Math.round(rebuildFigures.events / rebuildFigures.seconds), unit: 'events/s', note },
    );
  }
  figures.push({ figure: 'analytics peak RSS', value: peakRss(pids.get('analytics')), unit: 'MB', note: 'VmHWM over the whole run' });
  const round = (value) => (Number.isFinite(value) ? Math.round(value * 10) / 10 : null);
  const readTarget = `p95 < ${TARGET_MS} ms`;
  for (const r of results) {
    const note = `${r.errors} errors; load average ${load()}${complete ? '' : '; models incomplete'}`;
    const kinds = [['cold', r.cold ?? []], ['sequential', r.seq], [`${CALLERS} concurrent`, r.conc]].filter(([, sorted]) => sorted.length);
    for (const [kind, sorted] of kinds) {
      const p95 = percentile(sorted, 0.95);
      figures.push(
        { figure: `${r.read.name}, ${kind}, p50`, value: round(percentile(sorted, 0.5)), unit: 'ms', note },
        r.read.baseline
          ? { figure: `${r.read.name}, ${kind}, p95`, value: round(p95), unit: 'ms', note: `baseline; ${note}` }
          : { figure: `${r.read.name}, ${kind}, p95`, value: round(p95), unit: 'ms', target: readTarget, met: complete && r.errors === 0 && p95 < TARGET_MS, note },
      );
    }
  }
  report('analytics', figures);
  process.exitCode = passed && complete && rebuildOk !== false ? 0 : 1;
} finally {
  await nc?.close().catch(() => undefined);
  await system?.stop(client);
  // A service still running after stop()'s SIGTERM (e.g. waiting on a stuck rebuild) would keep this process alive.
  for (const [name, pid] of system?.pids ?? []) {
    if (['nats', 'ferretdb', 'redis'].includes(name)) continue;
    try {
      process.kill(pid, 0);
      process.stderr.write(`[bench] the ${name} service (pid ${pid}) ignored SIGTERM; killing it\n`);
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  await client.close();
}

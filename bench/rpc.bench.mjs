// Request-reply benchmark: the NestJS stack (TracingNatsServer + RpcClient from @cadre/messaging) against a
// bare nats.js request/respond loop, in the same run, against the local NATS at 127.0.0.1:4222.
//
//   cd /work/main && node_modules/.bin/node bench/rpc.bench.mjs
//
// Each case gets BENCH_WARMUP_MS of warm-up, then BENCH_DURATION_MS of measurement split into BENCH_ROUNDS
// slices that are interleaved across the three paths (bare, nest, raw, bare, nest, raw, ...), so drift in
// machine load hits every path alike.
//
// Knobs (environment): BENCH_DURATION_MS (default 8000 per case), BENCH_WARMUP_MS (1000), BENCH_ROUNDS (4),
// BENCH_CONCURRENCY (comma list, default "1,50"), BENCH_OTEL=1 to start the platform's OpenTelemetry SDK
// first (as the services do in instrument.ts; spans are created but not exported).
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { report } from './lib.mjs';

const require = createRequire(import.meta.url);

const NATS_URL = 'nats://127.0.0.1:4222';
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8_000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1_000);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,50').split(',').map(Number);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
const TARGET_RATIO = 0.5;
const RUN_ID = randomBytes(4).toString('hex');
const SUBJECT = `rpc.bench.${RUN_ID}.echo`; // controller (@MessagePattern) path
const SUBJECT_RAW = `rpc.bench.${RUN_ID}.echo-raw`; // server.addHandler path (no Nest context creator)
const SUBJECT_BARE = `bench.bare.${RUN_ID}.echo`;

if (process.env.BENCH_OTEL === '1') {
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT; // never export anywhere
  require('@cadre/platform/dist/telemetry.js').startTelemetry({ serviceName: 'bench' });
}

require('reflect-metadata');
const { Module, Controller } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { MessagePattern, Payload } = require('@nestjs/microservices');
const { connect, JSONCodec } = require('nats');
const { TracingNatsServer, RpcClient } = require('@cadre/messaging');

const codec = JSONCodec();

// ~200 bytes of JSON, shaped like a record create request.
const payload = {
  itemCode: 'KT-2025-017',
  title: '完成乡村振兴重点任务：新建高标准农田示范区',
  description: '牵头协调三个部门，按期完成年度考核指标，群众满意度显著提升。',
};
const payloadBytes = Buffer.byteLength(JSON.stringify({ payload }));

// ---- a watchdog so the script is always bounded in time -------------------------------------------------
const cleanups = [];
const budgetMs = 30_000 + CONCURRENCY.length * 3 * (DURATION_MS + WARMUP_MS) * 1.2;
const watchdog = setTimeout(async () => {
  console.error(`\n!! watchdog: the benchmark exceeded ${Math.round(budgetMs / 1000)} s; cleaning up and exiting`);
  await cleanup();
  process.exit(2);
}, budgetMs);
watchdog.unref();

async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await Promise.race([fn(), new Promise((r) => setTimeout(r, 3_000))]);
    } catch (error) {
      console.error('cleanup step failed:', error?.message ?? error);
    }
  }
}

// ---- the NestJS side ----------------------------------------------------------------------------------
class EchoController {
  echo(request) {
    return request;
  }
}
Controller()(EchoController);
Payload()(EchoController.prototype, 'echo', 0);
MessagePattern(SUBJECT)(EchoController.prototype, 'echo', Object.getOwnPropertyDescriptor(EchoController.prototype, 'echo'));

class BenchModule {}
Module({ controllers: [EchoController] })(BenchModule);

async function startNest() {
  const strategy = new TracingNatsServer({ servers: [NATS_URL], queue: 'bench', name: `bench-rpc-${RUN_ID}` });
  const app = await NestFactory.createMicroservice(BenchModule, { strategy, logger: ['error', 'warn'] });
  strategy.addHandler(SUBJECT_RAW, async (data) => data, false);
  cleanups.push(() => app.close());
  await app.listen();
  const client = new RpcClient({ servers: NATS_URL, name: `bench-rpc-client-${RUN_ID}`, timeoutMs: 5_000 });
  cleanups.push(() => client.close());
  await client.connect();
  return client;
}

// ---- the bare nats.js side ----------------------------------------------------------------------------
async function startBare() {
  const server = await connect({ servers: NATS_URL, name: `bench-bare-server-${RUN_ID}` });
  cleanups.push(() => server.close());
  server.subscribe(SUBJECT_BARE, {
    queue: 'bench',
    callback: (error, msg) => {
      if (error) return;
      msg.respond(codec.encode(codec.decode(msg.data))); // parse and re-serialise, as a minimal service would
    },
  });
  await server.flush();
  const client = await connect({ servers: NATS_URL, name: `bench-bare-client-${RUN_ID}` });
  cleanups.push(() => client.close());
  return client;
}

// ---- measurement --------------------------------------------------------------------------------------
/** Runs `concurrency` sequential callers for warmupMs + measureMs; adds what completed inside the measured window to `acc`. */
async function runSlice(call, concurrency, warmupMs, measureMs, acc) {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const measureTo = measureFrom + measureMs;
  const { latencies } = acc;
  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= measureTo) return;
      try {
        await call();
      } catch (error) {
        acc.errors++;
        acc.firstError ??= error;
        continue;
      }
      const t1 = performance.now();
      if (t0 >= measureFrom && t1 <= measureTo) latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  acc.measuredMs += measureMs;
}

function summarise(acc) {
  const sorted = Float64Array.from(acc.latencies).sort();
  const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
  return {
    rps: sorted.length / (acc.measuredMs / 1000),
    p50: pct(50),
    p99: pct(99),
    mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN,
    samples: sorted.length,
    errors: acc.errors,
    firstError: acc.firstError,
  };
}

function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---- main ---------------------------------------------------------------------------------------------
async function main() {
  console.log(`RPC benchmark — NATS ${NATS_URL}, Node ${process.version}, run ${RUN_ID}`);
  console.log(
    `payload ≈ ${payloadBytes} bytes JSON; per case ${WARMUP_MS} ms warm-up + ${DURATION_MS} ms measured in ${ROUNDS} interleaved slices; concurrency ${CONCURRENCY.join(', ')}` +
      `; OpenTelemetry SDK ${process.env.BENCH_OTEL === '1' ? 'ON (no export)' : 'off (no-op tracer)'}`,
  );

  const rpc = await startNest();
  const bare = await startBare();

  const variants = [
    { key: 'bare', label: 'bare nats.js', call: async () => codec.decode((await bare.request(SUBJECT_BARE, codec.encode({ payload }), { timeout: 5_000 })).data) },
    { key: 'nest', label: 'Nest @MessagePattern', call: () => rpc.request(SUBJECT, payload) },
    { key: 'raw', label: 'Nest addHandler', call: () => rpc.request(SUBJECT_RAW, payload) },
  ];

  // Correctness check: every path echoes the request body.
  for (const v of variants) {
    const reply = await v.call();
    if (!sameJson(reply, { payload })) throw new Error(`${v.label} echoed ${JSON.stringify(reply)}, expected ${JSON.stringify({ payload })}`);
  }
  console.log('echo check: all three paths return the request body unchanged\n');

  const results = {};
  for (const concurrency of CONCURRENCY) {
    const accs = Object.fromEntries(variants.map((v) => [v.key, { latencies: [], errors: 0, firstError: undefined, measuredMs: 0 }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const v of variants) {
        await runSlice(v.call, concurrency, round === 0 ? WARMUP_MS : 0, DURATION_MS / ROUNDS, accs[v.key]);
      }
    }
    for (const v of variants) {
      const r = summarise(accs[v.key]);
      results[`${v.key}:${concurrency}`] = r;
      console.log(
        `  ${v.label.padEnd(22)} c=${String(concurrency).padEnd(3)} ${fmt(r.rps, 0).padStart(7)} rt/s` +
          (r.errors ? `  (${r.errors} errors, first: ${r.firstError?.message ?? r.firstError?.detail ?? JSON.stringify(r.firstError)})` : ''),
      );
    }
  }

  const header = ['path', 'conc', 'round trips/s', 'p50 ms', 'p99 ms', 'mean ms', 'samples', 'errors'];
  const rows = [];
  for (const concurrency of CONCURRENCY) {
    for (const v of variants) {
      const r = results[`${v.key}:${concurrency}`];
      rows.push([v.label, String(concurrency), fmt(r.rps, 0), fmt(r.p50, 3), fmt(r.p99, 3), fmt(r.mean, 3), String(r.samples), String(r.errors)]);
    }
  }
  console.log('');
  printTable(header, rows);

  console.log(`\nthroughput ratio Nest / bare (target ≥ ${TARGET_RATIO * 100}% of the bare loop):`);
  let allMet = true;
  const reported = [];
  for (const concurrency of CONCURRENCY) {
    const bare = results[`bare:${concurrency}`];
    const bareRps = bare.rps;
    for (const key of ['nest', 'raw']) {
      const r = results[`${key}:${concurrency}`];
      const ratio = r.rps / bareRps;
      const met = ratio >= TARGET_RATIO;
      if (key === 'nest') allMet &&= met;
      const label = variants.find((v) => v.key === key).label;
      console.log(`  c=${String(concurrency).padEnd(3)} ${label.padEnd(22)} ${(ratio * 100).toFixed(1).padStart(5)}%  ${met ? 'MET' : 'NOT MET'}`);
      const errors = r.errors + bare.errors ? `; ${r.errors} errors (bare ${bare.errors})` : '';
      reported.push({
        figure: `${label}, ${concurrency} caller${concurrency === 1 ? '' : 's'}`,
        value: Math.round(r.rps),
        unit: 'round trips/s',
        baseline: Math.round(bareRps),
        baselineLabel: 'bare nats.js',
        ratio,
        // The target is on the @MessagePattern path; addHandler (no Nest context creator) is shown for comparison.
        target: key === 'nest' ? `≥ ${TARGET_RATIO * 100}% of bare` : null,
        met: key === 'nest' ? met : null,
        note: `p50/p99 ${fmt(r.p50, 3)}/${fmt(r.p99, 3)} ms (bare ${fmt(bare.p50, 3)}/${fmt(bare.p99, 3)} ms)${errors}`,
      });
    }
  }
  console.log(`\ntarget "Nest ≥ 50% of the bare loop" (the @MessagePattern path, every concurrency): ${allMet ? 'MET' : 'NOT MET'}`);
  report('rpc', reported);
  const anyErrors = Object.values(results).some((r) => r.errors > 0);
  return anyErrors ? 1 : 0;
}

function fmt(n, digits) {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w, i) => (i < 2 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

let exitCode = 0;
try {
  exitCode = await main();
} catch (error) {
  console.error('\nbenchmark failed:', error);
  exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(exitCode);

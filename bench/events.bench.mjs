// Durable events benchmark: EventPublisher -> JetStream -> JetStreamServer handler (libs/messaging), against
// core NATS publish/subscribe, in the same run, on the local NATS at 127.0.0.1:4222.
// Creates a bench-only stream BENCH_<run> (subjects benchev<run>.>) with a durable consumer "bench" and
// deletes it at the end.
//
//   cd /work/main && node_modules/.bin/node bench/events.bench.mjs
//
// Knobs (environment): BENCH_EVENTS (default 20000), BENCH_IN_FLIGHT (publishes in flight, default 200),
// BENCH_OTEL=1 to start the platform's OpenTelemetry SDK first (spans created, never exported).
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { report } from './lib.mjs';

const require = createRequire(import.meta.url);

const NATS_URL = 'nats://127.0.0.1:4222';
const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 200);
const TARGET_EVENTS_PER_SEC = 2_000;
const DURABLE_TIMEOUT_MS = 60_000; // give up waiting for the handler after this long
const CORE_TIMEOUT_MS = 10_000;
const RUN_ID = randomBytes(4).toString('hex');
const STREAM = { name: `BENCH_${RUN_ID.toUpperCase()}`, subjects: [`benchev${RUN_ID}.>`] };
const EVENT_SUBJECT = `benchev${RUN_ID}.item.happened`;
const CORE_SUBJECT = `benchcore${RUN_ID}.item.happened`; // covered by no stream
const EVENT_TYPE = 'bench.item.happened';

if (process.env.BENCH_OTEL === '1') {
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT; // never export anywhere
  require('@cadre/platform/dist/telemetry.js').startTelemetry({ serviceName: 'bench' });
}

require('reflect-metadata');
const pino = require('pino');
const { connect, JSONCodec } = require('nats');
const { EventPublisher, JetStreamServer, isNotFound } = require('@cadre/messaging');
const { createEnvelope, DEAD_LETTER_STREAM } = require('@cadre/contracts');

const codec = JSONCodec();
const logger = pino({ level: 'warn', base: { bench: 'events' } });

// ---- bounded run time + cleanup ------------------------------------------------------------------------
const cleanups = [];
const watchdog = setTimeout(async () => {
  console.error('\n!! watchdog: the benchmark exceeded 100 s; cleaning up and exiting');
  await cleanup();
  process.exit(2);
}, 100_000);
watchdog.unref();

async function cleanup() {
  while (cleanups.length) {
    const { label, fn } = cleanups.pop();
    try {
      await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 5_000))]);
    } catch (error) {
      console.error(`cleanup "${label}" failed:`, error?.message ?? error);
    }
  }
}
const onCleanup = (label, fn) => cleanups.push({ label, fn });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rate = (count, ms) => (ms > 0 ? count / (ms / 1000) : NaN);
const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';

/** Tracks which of the N indices arrived, how often. */
function tally() {
  const seen = new Uint8Array(N);
  const t = { unique: 0, duplicates: 0, invalid: 0, lastAt: 0, done: null, seen };
  let resolve;
  t.done = new Promise((r) => (resolve = r));
  t.record = (i) => {
    if (!Number.isInteger(i) || i < 0 || i >= N) {
      t.invalid++;
      return;
    }
    if (seen[i]) t.duplicates++;
    else {
      seen[i] = 1;
      t.unique++;
    }
    t.lastAt = performance.now();
    if (t.unique === N) resolve();
  };
  return t;
}

async function waitFor(promise, ms) {
  let timer;
  const timedOut = await Promise.race([promise.then(() => false), new Promise((r) => (timer = setTimeout(() => r(true), ms)))]);
  clearTimeout(timer);
  return !timedOut;
}

// ---- durable: EventPublisher -> JetStream -> JetStreamServer --------------------------------------------
async function durable(jsm) {
  let deadLetterExisted = true;
  try {
    await jsm.streams.info(DEAD_LETTER_STREAM.name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    deadLetterExisted = false;
  }

  const publisherNc = await connect({ servers: NATS_URL, name: `bench-events-publisher-${RUN_ID}` });
  const publisher = new EventPublisher(publisherNc, [STREAM]);
  onCleanup('delete bench stream', async () => {
    try {
      await jsm.streams.delete(STREAM.name);
      console.log(`cleanup: deleted stream ${STREAM.name} (and its consumers "bench", "bench-backlog")`);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  });
  onCleanup('close publisher', () => publisher.close());
  await publisher.init(); // creates the bench stream

  const got = tally();
  const server = new JetStreamServer({ servers: NATS_URL, durable: 'bench', streams: [STREAM], logger });
  server.addHandler(
    EVENT_SUBJECT,
    async (envelope) => {
      got.record(envelope?.data?.i);
    },
    true, // an event handler: JetStreamServer only subscribes streams that event handlers listen on
  );
  if (!deadLetterExisted) {
    // JetStreamServer.listen() ensures the shared DEADLETTER stream; remove it again only if we made it and it stayed empty.
    onCleanup('remove DEADLETTER created by the bench', async () => {
      const info = await jsm.streams.info(DEAD_LETTER_STREAM.name);
      if (info.state.messages === 0 && info.state.consumer_count === 0) {
        await jsm.streams.delete(DEAD_LETTER_STREAM.name);
        console.log('cleanup: deleted the DEADLETTER stream the bench had created (it was empty)');
      }
    });
  }
  onCleanup('close JetStreamServer', () => server.close());
  await new Promise((resolve, reject) => server.listen((error) => (error ? reject(error) : resolve())));

  // Publish N envelopes, IN_FLIGHT at a time.
  let next = 0;
  let publishErrors = 0;
  let duplicateAcks = 0;
  let firstPublishError;
  const publishWorker = async () => {
    for (let i = next++; i < N; i = next++) {
      try {
        const ack = await publisher.publish(EVENT_SUBJECT, createEnvelope(EVENT_TYPE, 'bench', { i }));
        if (ack.duplicate) duplicateAcks++;
      } catch (error) {
        publishErrors++;
        firstPublishError ??= error;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, N) }, publishWorker));
  const tPublished = performance.now();
  const complete = await waitFor(got.done, DURABLE_TIMEOUT_MS);
  const tHandled = got.unique > 0 ? got.lastAt : NaN;
  await sleep(500); // let late duplicates (redeliveries) show up

  // Every message acked? The consumer's ack floor reaches the stream's last sequence once all acks land.
  let consumer;
  const ackDeadline = performance.now() + 5_000;
  for (;;) {
    consumer = await jsm.consumers.info(STREAM.name, 'bench');
    const streamInfo = await jsm.streams.info(STREAM.name);
    if (consumer.ack_floor.stream_seq >= streamInfo.state.last_seq || performance.now() > ackDeadline) {
      consumer.streamMessages = streamInfo.state.messages;
      break;
    }
    await sleep(100);
  }

  await server.close();

  // Same stream, a second durable consumer: it starts with the whole stream as a backlog, which isolates the
  // consumer side (pull, decode, handler, ack) from the publisher.
  const backlog = tally();
  const backlogServer = new JetStreamServer({ servers: NATS_URL, durable: 'bench-backlog', streams: [STREAM], logger });
  backlogServer.addHandler(EVENT_SUBJECT, async (envelope) => backlog.record(envelope?.data?.i), true);
  onCleanup('close backlog JetStreamServer', () => backlogServer.close());
  const tb0 = performance.now();
  await new Promise((resolve, reject) => backlogServer.listen((error) => (error ? reject(error) : resolve())));
  const backlogComplete = await waitFor(backlog.done, DURABLE_TIMEOUT_MS / 2);
  const backlogMs = backlog.unique > 0 ? backlog.lastAt - tb0 : NaN;
  await backlogServer.close();

  return {
    complete,
    backlog: { complete: backlogComplete, handled: backlog.unique, duplicates: backlog.duplicates, ms: backlogMs },
    published: N - publishErrors,
    publishErrors,
    firstPublishError,
    duplicateAcks,
    handled: got.unique,
    duplicates: got.duplicates,
    invalid: got.invalid,
    publishMs: tPublished - t0,
    endToEndMs: tHandled - t0,
    consumer,
  };
}

// ---- core NATS publish/subscribe ----------------------------------------------------------------------
async function core() {
  const subNc = await connect({ servers: NATS_URL, name: `bench-core-sub-${RUN_ID}` });
  onCleanup('close core subscriber', () => subNc.close());
  const pubNc = await connect({ servers: NATS_URL, name: `bench-core-pub-${RUN_ID}` });
  onCleanup('close core publisher', () => pubNc.close());

  const got = tally();
  subNc.subscribe(CORE_SUBJECT, {
    callback: (error, msg) => {
      if (error) return;
      got.record(codec.decode(msg.data)?.data?.i);
    },
  });
  await subNc.flush();

  const t0 = performance.now();
  for (let i = 0; i < N; i++) pubNc.publish(CORE_SUBJECT, codec.encode(createEnvelope(EVENT_TYPE, 'bench', { i })));
  await pubNc.flush();
  const tPublished = performance.now();
  const complete = await waitFor(got.done, CORE_TIMEOUT_MS);
  const tHandled = got.unique > 0 ? got.lastAt : NaN;
  await sleep(200);
  return { complete, handled: got.unique, duplicates: got.duplicates, invalid: got.invalid, publishMs: tPublished - t0, endToEndMs: tHandled - t0 };
}

// ---- main ---------------------------------------------------------------------------------------------
async function main() {
  console.log(`Events benchmark — NATS ${NATS_URL}, Node ${process.version}, run ${RUN_ID}`);
  console.log(
    `N = ${fmt(N)} envelopes; JetStream publishes in flight: ${IN_FLIGHT}; stream ${STREAM.name} [${STREAM.subjects.join(', ')}], durable "bench"` +
      `; OpenTelemetry SDK ${process.env.BENCH_OTEL === '1' ? 'ON (no export)' : 'off (no-op tracer)'}\n`,
  );
  const adminNc = await connect({ servers: NATS_URL, name: `bench-events-admin-${RUN_ID}` });
  onCleanup('close admin connection', () => adminNc.close());
  const jsm = await adminNc.jetstreamManager();

  process.stdout.write('  running durable (EventPublisher -> JetStream -> JetStreamServer) ... ');
  const d = await durable(jsm);
  console.log(`${fmt(rate(d.handled, d.endToEndMs))} events/s`);
  process.stdout.write('  running core NATS (nc.publish -> nc.subscribe) ... ');
  const c = await core();
  console.log(`${fmt(rate(c.handled, c.endToEndMs))} events/s\n`);

  const header = ['path', 'handled / N', 'publish-only ev/s', 'publish ms', 'end-to-end ev/s', 'end-to-end ms'];
  const rows = [
    ['durable (libs/messaging)', `${fmt(d.handled)} / ${fmt(N)}`, fmt(rate(d.published, d.publishMs)), fmt(d.publishMs), fmt(rate(d.handled, d.endToEndMs)), fmt(d.endToEndMs)],
    ['core NATS pub/sub', `${fmt(c.handled)} / ${fmt(N)}`, fmt(rate(N, c.publishMs)), fmt(c.publishMs), fmt(rate(c.handled, c.endToEndMs)), fmt(c.endToEndMs)],
  ];
  printTable(header, rows);
  console.log(
    `\nconsumer alone — a second durable ("bench-backlog") draining the same ${fmt(N)} stored events: ` +
      `${fmt(d.backlog.handled)} handled (${d.backlog.duplicates} duplicates) in ${fmt(d.backlog.ms)} ms = ${fmt(rate(d.backlog.handled, d.backlog.ms))} events/s (from listen(), incl. connect and consumer creation)`,
  );

  const ratio = rate(d.handled, d.endToEndMs) / rate(c.handled, c.endToEndMs);
  console.log(`\nend-to-end ratio durable / core: ${(ratio * 100).toFixed(1)}%  (core is ${fmt(1 / ratio, 1)}× faster)`);

  const k = d.consumer;
  console.log(
    `durable checks: publish errors ${d.publishErrors}${d.firstPublishError ? ` (first: ${d.firstPublishError.message})` : ''}, duplicate pub acks ${d.duplicateAcks}, ` +
      `stream holds ${fmt(k.streamMessages)} msgs; consumer: delivered ${fmt(k.delivered.stream_seq)}, ack floor ${fmt(k.ack_floor.stream_seq)}, ` +
      `ack pending ${k.num_ack_pending}, pending ${k.num_pending}, redelivered ${k.num_redelivered}; handler duplicates ${d.duplicates}, invalid ${d.invalid}`,
  );
  console.log(`core checks: duplicates ${c.duplicates}, invalid ${c.invalid}`);

  const durableLossless = d.handled === N && d.invalid === 0 && d.publishErrors === 0 && d.backlog.handled === N;
  const allAcked = k.ack_floor.stream_seq >= k.streamMessages && k.num_ack_pending === 0 && k.num_pending === 0;
  const handledRate = rate(d.handled, d.endToEndMs);
  const targetMet = durableLossless && handledRate >= TARGET_EVENTS_PER_SEC;
  console.log(`\nnothing lost (durable handled == N, live and backlog): ${durableLossless ? 'YES' : `NO — handled ${d.handled} live / ${d.backlog.handled} backlog of ${N}`}; all acked: ${allAcked ? 'YES' : 'NO'}`);
  console.log(`core NATS delivered all N: ${c.handled === N ? 'YES' : `NO — ${c.handled} of ${N} (core NATS is at-most-once)`}`);
  console.log(
    `target "≥ ${fmt(TARGET_EVENTS_PER_SEC)} events/s handled end to end": ${targetMet ? 'MET' : 'NOT MET'} (${fmt(handledRate)} events/s)`,
  );
  const coreRate = rate(c.handled, c.endToEndMs);
  report('events', [
    {
      figure: `durable events handled end to end (${fmt(N)} published, ${IN_FLIGHT} in flight)`,
      value: Math.round(handledRate),
      unit: 'events/s',
      baseline: Math.round(coreRate),
      baselineLabel: 'core NATS pub/sub',
      ratio,
      target: `≥ ${fmt(TARGET_EVENTS_PER_SEC)} events/s, nothing lost`,
      met: targetMet,
      note: `nothing lost: ${durableLossless ? 'yes' : `NO (${d.handled} live, ${d.backlog.handled} backlog of ${N})`}; all acked: ${allAcked ? 'yes' : 'NO'}; publish only ${fmt(rate(d.published, d.publishMs))} events/s; core delivered ${fmt(c.handled)} of ${fmt(N)}`,
    },
    {
      figure: 'consumer alone: a second durable draining the stored events',
      value: Math.round(rate(d.backlog.handled, d.backlog.ms)),
      unit: 'events/s',
      note: `${fmt(d.backlog.handled)} handled, ${d.backlog.duplicates} duplicates, from listen() (incl. connect and consumer creation)`,
    },
  ]);
  return durableLossless && allAcked ? 0 : 1;
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|');
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

#!/usr/bin/env node
// Analytics catching up from BENCH_EVENTS (100,000) events behind, in one run against its own NATS (FerretDB and
// Redis up; a build of services/analytics): the events (records created, submitted, verified; score updates of
// BENCH_CADRES (2,000) cadres; tasks published) are published into RECORDS, SCORING and TASKS, then
// 1. the raw baseline: the same messages read with one ordered consumer per stream, nothing done with them;
// 2. the live projector of a generation whose checkpoints are at 0 (as after an outage) catching up on them, with
//    the consumers it creates counted on the JetStream API.
// Prints events/s of both, the ratio, the consumers, PASS/FAIL against ≥ 2,000 events/s, and the load average.
//
//   npm run bench:analytics-catchup
//   BENCH_EVENTS=20000 npm run bench:analytics-catchup      # reduced scale
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, freePort, mongoUri, report, sleep, waitFor } from './lib.mjs';

const require = createRequire(import.meta.url);
const { connect, JSONCodec, DeliverPolicy } = require('nats');
const { Redis } = require('ioredis');
const pino = require('pino');
const { createEnvelope, STREAMS } = require('@cadre/contracts');
const { ModelStore } = require('../services/analytics/dist/projection/model-store.js');
const { Projector } = require('../services/analytics/dist/projection/projector.js');

const env = (name, fallback) => (process.env[name] ? Number(process.env[name].replace(/[_,]/g, '')) : fallback);
const EVENTS = env('BENCH_EVENTS', 100_000);
const CADRES = env('BENCH_CADRES', 2_000);
const TARGET = 2_000;
const MODEL_STREAMS = [STREAMS.RECORDS, STREAMS.TASKS, STREAMS.SCORING];
const codec = JSONCodec();
const log = (line) => process.stdout.write(`[bench] ${line}\n`);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Synthetic events of the shape the producers publish: about 2/3 records, 2/9 scores, 1/9 tasks. */
function* events() {
  const root = randomUUID();
  const departments = Array.from({ length: 20 }, () => ({ id: randomUUID() })).map((d) => ({ ...d, path: [root, d.id] }));
  const cadres = Array.from({ length: CADRES }, (_, i) => ({ id: randomUUID(), department: departments[i % departments.length] }));
  const year = String(new Date().getUTCFullYear());
  const revisions = new Map();
  const items = ['INVEST-03', 'PARTY-01', 'ECOLOGY-01', 'HONOR-01', 'REFORM-01'];
  for (let n = 0, round = 0; n < EVENTS; round++) {
    const cadre = cadres[n % cadres.length];
    const at = new Date(Date.now() - n * 1_000).toISOString();
    const itemCode = items[n % items.length];
    const record = { recordId: randomUUID(), cadreId: cadre.id, departmentId: cadre.department.id, departmentPath: cadre.department.path, itemCode, firstLevelCode: itemCode.replace(/-\d+$/, ''), title: `成果${n}`, createdAt: at };
    const transition = (status, version, fields) => ({ ...record, version, status, fromStatus: 'submitted', action: status, actorId: cadre.id, comment: '', taxonomyVersion: 1, periodStart: at.slice(0, 10), periodEnd: at.slice(0, 10), claimedImpactLevel: 'city', confirmedImpactLevel: null, rating: null, participants: [{ userId: cadre.id, role: 'lead', share: 100 }], submittedAt: at, verifiedAt: null, occurredAt: at, ...fields });
    yield ['records.record.created', { ...record, version: 1, status: 'draft' }];
    yield ['records.record.submitted', transition('submitted', 2, { fromStatus: 'draft' })];
    yield ['records.record.verified', transition('verified', 3, { confirmedImpactLevel: 'city', rating: 'good', verifiedAt: at })];
    const revision = (revisions.get(cadre.id) ?? 0) + 1;
    revisions.set(cadre.id, revision);
    const hundredths = revision * 100;
    yield ['scoring.score.updated', { cadreId: cadre.id, period: year, total: hundredths / 100, totalHundredths: hundredths, byItem: { INVEST: hundredths }, byMonth: { [at.slice(0, 7)]: hundredths }, bySource: { [`record:${record.recordId}`]: hundredths }, departmentId: cadre.department.id, departmentPath: cadre.department.path, standardVersion: 1, revision, updatedAt: at }];
    n += 4;
    if (round % 2 === 1) {
      yield ['tasks.task.published', { taskId: randomUUID(), version: 2, status: 'open', fromStatus: 'draft', action: 'publish', actorId: cadre.id, batchId: randomUUID(), title: '攻坚任务', domain: 'legacy', flags: [], rewardPoints: 100, allowRace: false, publisherId: cadre.id, departmentId: cadre.department.id, departmentPath: cadre.department.path, biddingDeadline: at, deliveryDeadline: at, createdAt: at, publishedAt: at, occurredAt: at, evaluatorIds: [], milestones: [] }];
      n++;
    }
  }
}

const store = mkdtempSync(path.join(os.tmpdir(), 'bench-catchup-nats-'));
const port = await freePort();
const binary = spawnSync('sh', ['-c', 'command -v nats-server || ls /usr/sbin/nats-server'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
const server = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
const dbName = `bench-analytics-catchup-${Date.now().toString(36)}`;
const mongo = await new MongoClient(mongoUri, { maxPoolSize: 20 }).connect();
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let nc;
let modelStore;
try {
  await waitFor(async () => (nc = await connect({ servers: `nats://127.0.0.1:${port}` })), 'the bench NATS server');
  const jsm = await nc.jetstreamManager();
  for (const { name, subjects } of MODEL_STREAMS) await jsm.streams.add({ name, subjects });
  const js = nc.jetstream();
  let published = 0;
  let started = Date.now();
  let inFlight = [];
  for (const [subject, data] of events()) {
    inFlight.push(js.publish(subject, codec.encode(createEnvelope(subject, subject.split('.')[0], data))));
    if (inFlight.length === 1_000) {
      await Promise.all(inFlight);
      inFlight = [];
    }
    published++;
  }
  await Promise.all(inFlight);
  log(`published ${published.toLocaleString()} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const ends = Object.fromEntries(await Promise.all(MODEL_STREAMS.map(async ({ name }) => [name, (await jsm.streams.info(name)).state.last_seq])));
  log(`streams: ${JSON.stringify(ends)} · load average ${loadavg()}`);

  // 1. Raw: the same messages read, one ordered consumer per stream, nothing done with them.
  started = Date.now();
  for (const { name } of MODEL_STREAMS) {
    if (!ends[name]) continue;
    const consumer = await js.consumers.get(name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 1 });
    for (let read = 0; read < ends[name]; ) {
      for await (const msg of await consumer.fetch({ max_messages: Math.min(500, ends[name] - read), expires: 5_000 })) {
        codec.decode(msg.data);
        read++;
      }
    }
  }
  const rawSeconds = (Date.now() - started) / 1000;
  const raw = published / rawSeconds;
  log(`raw read: ${published.toLocaleString()} messages in ${rawSeconds.toFixed(1)} s = ${Math.round(raw).toLocaleString()} events/s · load average ${loadavg()}`);

  // 2. The projector of a generation whose checkpoints are at 0, as after an outage, catching up.
  const db = mongo.db(dbName);
  modelStore = new ModelStore(db, redis, `bench:${dbName}:analytics`, 1);
  const created = [];
  const api = nc.subscribe('$JS.API.CONSUMER.>', { callback: (_err, msg) => /\.CREATE\./.test(msg.subject) && created.push(msg.subject) });
  const projector = new Projector(modelStore, nc, db.collection('analytics_meta'), pino({ level: process.env.LOG_LEVEL ?? 'warn' }));
  started = Date.now();
  await projector.start();
  let lastReport = Date.now();
  for (;;) {
    const done = MODEL_STREAMS.reduce((sum, { name }) => sum + (projector.positions[name] ?? 0), 0);
    if (MODEL_STREAMS.every(({ name }) => (projector.positions[name] ?? 0) >= ends[name])) break;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`  … ${done.toLocaleString()} applied, ${Math.round(done / ((Date.now() - started) / 1000))} events/s · load average ${loadavg()}`);
    }
    await sleep(100);
  }
  const seconds = (Date.now() - started) / 1000;
  await projector.stop();
  api.unsubscribe();
  const rate = published / seconds;
  log(`catch-up: ${published.toLocaleString()} events in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString()} events/s, ${created.length} consumers created (${MODEL_STREAMS.length} streams) · load average ${loadavg()}`);
  log(`ratio catch-up / raw read: ${((rate / raw) * 100).toFixed(1)} %`);
  log(`${rate >= TARGET ? 'PASS' : 'FAIL'}: catch-up ≥ ${TARGET.toLocaleString()} events/s`);
  report('analytics-catchup', [
    {
      figure: `projector catching up from checkpoints at 0, ${published.toLocaleString('en-US')} events`,
      value: Math.round(rate),
      unit: 'events/s',
      baseline: Math.round(raw),
      baselineLabel: 'raw read, one ordered consumer per stream',
      ratio: rate / raw,
      target: `≥ ${TARGET.toLocaleString('en-US')} events/s`,
      met: rate >= TARGET,
      note: `${seconds.toFixed(1)} s; ${created.length} consumers created on ${MODEL_STREAMS.length} streams; load average at the end ${loadavg()}`,
    },
  ]);
} finally {
  await modelStore?.drop().catch(() => undefined);
  await mongo.db(dbName).dropDatabase().catch(() => undefined);
  await mongo.close();
  redis.disconnect();
  await nc?.close();
  server.kill('SIGTERM');
  await sleep(200);
  rmSync(store, { recursive: true, force: true });
}

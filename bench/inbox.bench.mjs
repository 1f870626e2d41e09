#!/usr/bin/env node
// The work inbox (待办) at size: one reviewer with N open items (default 10,000; `--items 2000`), the first page and
// the counts through rpc.notifications.inbox.list (the request the gateway makes for GET /inbox) against the same
// reads done directly with the MongoDB driver: the `_id` reads of the caller's audience documents (every bucket of
// `user:<id>` and `reviewer:<department>`, services/notifications/src/inbox/domain/audiences.ts), merged, counted and
// paged in memory; requests one after another, interleaved in rounds so drift hits both alike. A third line times
// the old design on the same data (a filtered find, a $group count per kind and an overdue count on the items
// collection), which FerretDB v1 answers by scanning and decoding the whole collection (--old-requests of them).
// Starts its own NATS and the notifications service from its build (nx build @cadre/service-notifications) on a
// fresh database; needs FerretDB up. Items and audience documents are written in the service's shapes
// (inbox/inbox.schema.ts, inbox/inbox-store.ts), beside as many items of another district and half as many closed.
//
//   node bench/inbox.bench.mjs [--items 10000] [--requests 200] [--seconds 120] [--old-requests 3]
//
// --seconds bounds the measuring time of each side (a request is never cut short; the rounds end early with fewer
// samples, and the count is printed).
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, freePort, mongoUri, report, sleep, waitFor } from './lib.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 10_000);
const REQUESTS = arg('requests', 200);
const SECONDS = arg('seconds', 120);
const OLD_REQUESTS = arg('old-requests', 3);
const BUCKETS = 16; // AUDIENCE_BUCKETS of inbox/domain/audiences.ts
const say = (message) => process.stderr.write(`[bench:inbox] ${message}\n`);
const ROUNDS = 4;
const TARGET = 'p95 ≤ 2 × direct and < 200 ms';
const run = `bench-inbox-${Date.now().toString(36)}`;
const dbName = `${run}-notifications`;
const KINDS = ['record_review', 'record_assess', 'share_confirm', 'record_fix', 'team_invitation', 'bid_evaluate', 'result_review', 'task_award', 'task_conclude'];

const city = randomUUID();
const district = randomUUID();
const bureau = randomUUID();
const other = randomUUID();
const reviewer = { userId: randomUUID(), name: '压测审核员', roles: ['reviewer'], departmentId: bureau, departmentPath: [city, district, bureau] };

/** An item as the service stores it: a 待审核 of the bureau (or, `foreign`, of another district; `closed`, done). */
function item(i, { foreign = false, closed = false } = {}) {
  const path = foreign ? [city, other] : [city, district, bureau];
  const openedAt = new Date(Date.now() - (i % 900) * 3_600_000);
  const recordId = randomUUID();
  return {
    _id: `record_review:${recordId}`,
    kind: 'record_review',
    subjectType: 'record',
    subjectId: recordId,
    title: `引进区域总部第 ${i} 号`,
    summary: `压测干部${i % 97} 报送《引进区域总部第 ${i} 号》`,
    link: `/records/${recordId}`,
    departmentId: path.at(-1),
    departmentPath: path,
    userIds: [],
    role: 'reviewer',
    excludeUserIds: [randomUUID()],
    audience: path.map((d) => `reviewer:${d}`),
    open: !closed,
    sourceVersion: 2,
    openedAt,
    dueAt: new Date(openedAt.getTime() + 7 * 86_400_000),
    closedAt: closed ? new Date() : null,
    overdue: false,
    overdueAt: null,
    escalated: false,
    escalatedTo: [],
    remindedAt: null,
    version: 1,
    updatedAt: new Date(),
    outbox: [],
  };
}

// As inbox/domain/audiences.ts places an item: its bucket of one audience key, its key inside the document, its entry.
function bucketOf(key, itemId) {
  if (key.startsWith('user:')) return `${key}#0`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < itemId.length; i++) hash = Math.imul(hash ^ itemId.charCodeAt(i), 0x01000193) >>> 0;
  return `${key}#${hash % BUCKETS}`;
}
const entryKey = (id) => id.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/\$/g, '%24');
const entryOf = (d) => ({ _id: d._id, kind: d.kind, subjectType: d.subjectType, subjectId: d.subjectId, title: d.title, summary: d.summary, link: d.link, departmentId: d.departmentId, openedAt: d.openedAt, dueAt: d.dueAt, overdue: d.overdue, escalated: d.escalated, excludeUserIds: d.excludeUserIds });

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99), n: sorted.length };
};

const client = await new MongoClient(mongoUri).connect();
const store = mkdtempSync(path.join(os.tmpdir(), 'bench-inbox-nats-'));
const children = [];
let rpc;
// Interrupted (Ctrl-C, a timeout's SIGTERM): the service and the NATS stop too, and the database is dropped.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await client.db(dbName).dropDatabase().catch(() => undefined);
    rmSync(store, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  const natsPort = await freePort();
  const natsBinary = spawnSync('sh', ['-c', 'command -v nats-server || echo /usr/sbin/nats-server'], { encoding: 'utf8' }).stdout.trim();
  children.push(spawn(natsBinary, ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', store], { stdio: 'ignore' }));
  const natsUrl = `nats://127.0.0.1:${natsPort}`;
  await sleep(500);
  const service = spawn(process.execPath, [path.join(root, 'services', 'notifications', 'dist', 'main.js')], {
    env: { ...process.env, NATS_URL: natsUrl, MONGODB_URI: mongoUri, MONGODB_DB: dbName, OPS_PORT: String(await freePort()), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(service);

  const { RpcClient } = require('@cadre/messaging');
  rpc = new RpcClient({ servers: natsUrl, name: 'bench-inbox', timeoutMs: 30_000 });
  await rpc.connect();
  // Ready once it answers the inbox (its indexes are created at start).
  await waitFor(async () => (await rpc.request('rpc.notifications.inbox.list', {}, reviewer, 2_000)).total === 0, 'the notifications service');

  const db = client.db(dbName);
  const items = db.collection('inbox_items');
  await db.collection('directory_departments').insertOne({ _id: bureau, code: 'BENCH', name: '压测发改局', parentId: district, path: [city, district, bureau], version: 1 });
  say(`loading ${ITEMS} open items of the reviewer, ${ITEMS} of another district, ${Math.ceil(ITEMS / 2)} closed`);
  const t0 = performance.now();
  const batch = 500;
  const buckets = new Map();
  for (let i = 0; i < ITEMS; i += batch) {
    const docs = [];
    for (let j = i; j < Math.min(ITEMS, i + batch); j++) {
      docs.push(item(j));
      docs.push(item(j, { foreign: true }));
      if (j % 2 === 0) docs.push(item(j, { closed: true }));
    }
    await items.insertMany(docs, { ordered: false });
    for (const doc of docs) {
      if (!doc.open) continue;
      for (const key of doc.audience) {
        const bucket = bucketOf(key, doc._id);
        if (!buckets.has(bucket)) buckets.set(bucket, {});
        buckets.get(bucket)[entryKey(doc._id)] = entryOf(doc);
      }
    }
  }
  await db.collection('inbox_audiences').insertMany([...buckets].map(([_id, entries]) => ({ _id, items: entries })), { ordered: false });
  const loadSeconds = (performance.now() - t0) / 1000;
  const stored = await items.countDocuments({});

  // The service's reads for this caller: every bucket of each audience key by `_id`, merged in memory.
  const audience = [`user:${reviewer.userId}`, `reviewer:${reviewer.departmentId}`];
  const audiences = db.collection('inbox_audiences');
  const ids = audience.flatMap((key) => (key.startsWith('user:') ? [`${key}#0`] : Array.from({ length: BUCKETS }, (_, n) => `${key}#${n}`)));
  const direct = async () => {
    const docs = await Promise.all(ids.map((_id) => audiences.findOne({ _id })));
    const byId = new Map();
    for (const doc of docs) for (const e of Object.values(doc?.items ?? {})) if (!byId.has(e._id) && !e.excludeUserIds.includes(reviewer.userId)) byId.set(e._id, e);
    const now = Date.now();
    const counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
    let overdue = 0;
    for (const e of byId.values()) {
      counts[e.kind] += 1;
      if (e.dueAt.getTime() < now) overdue += 1;
    }
    const page = [...byId.values()].sort((x, y) => x.dueAt - y.dueAt || (x._id < y._id ? -1 : 1)).slice(0, 50);
    return { page, total: byId.size, counts, overdue };
  };
  // The old design: three filtered reads of the items collection (a scan of all of it on FerretDB v1).
  const filter = { audience: { $in: audience }, open: true, excludeUserIds: { $ne: reviewer.userId } };
  const old = async () => {
    const [page, grouped, overdue] = await Promise.all([
      items.find(filter).sort({ dueAt: 1, _id: 1 }).limit(50).toArray(),
      items.aggregate([{ $match: filter }, { $group: { _id: '$kind', n: { $sum: 1 } } }]).toArray(),
      items.countDocuments({ ...filter, dueAt: { $lt: new Date() } }),
    ]);
    return { page, grouped, overdue };
  };
  const viaRpc = () => rpc.request('rpc.notifications.inbox.list', {}, reviewer);

  // All three must see the same inbox before anything is timed.
  const check = await viaRpc();
  const baseline = await direct();
  if (check.total !== ITEMS || baseline.total !== ITEMS || check.items.length !== 50 || check.counts.record_review !== ITEMS) {
    throw new Error(`the inbox does not hold the ${ITEMS} items: rpc total ${check.total}, direct ${baseline.total}, page ${check.items.length}`);
  }
  if (check.items[0].departmentName !== '压测发改局' || check.items[0].id !== baseline.page[0]._id) throw new Error('the RPC and the direct read disagree on the first item');
  if (KINDS.some((k) => typeof check.counts[k] !== 'number')) throw new Error('counts lack a kind');
  const oldMs = [];
  for (let i = 0; i < OLD_REQUESTS; i++) {
    say(`old-style filtered read ${i + 1}/${OLD_REQUESTS}`);
    const t = performance.now();
    const o = await old();
    oldMs.push(performance.now() - t);
    if (o.grouped.reduce((sum, row) => sum + row.n, 0) !== ITEMS || o.page[0]._id !== baseline.page[0]._id) throw new Error('the old-style read disagrees');
  }

  // Warm-up, then interleaved rounds, each side within its time budget.
  say(`loaded in ${loadSeconds.toFixed(1)} s; warming up`);
  for (let i = 0; i < 5; i++) {
    await viaRpc();
    await direct();
  }
  const rpcMs = [];
  const directMs = [];
  const spent = new Map([[rpcMs, 0], [directMs, 0]]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [samples, work] of [[rpcMs, viaRpc], [directMs, direct]]) {
      for (let i = 0; i < REQUESTS / ROUNDS && spent.get(samples) < (SECONDS * 1000 * (round + 1)) / ROUNDS; i++) {
        const t = performance.now();
        await work();
        const ms = performance.now() - t;
        samples.push(ms);
        spent.set(samples, spent.get(samples) + ms);
      }
    }
    say(`round ${round + 1}/${ROUNDS}: ${rpcMs.length} rpc and ${directMs.length} direct samples`);
  }
  const r = summary(rpcMs);
  const d = summary(directMs);
  const o = summary(oldMs);
  const ratio = r.p95 / d.p95;
  const met = ratio <= 2 && r.p95 < 200;
  console.log(`\nInbox of one reviewer with ${ITEMS} open items (${stored} items stored: as many of another district, ${Math.ceil(ITEMS / 2)} closed); loaded in ${loadSeconds.toFixed(1)} s; FerretDB at ${mongoUri}`);
  console.log(`${r.n} rpc and ${d.n} direct requests (of ${REQUESTS} asked, at most ${SECONDS} s each side), one at a time, ${ROUNDS} interleaved rounds, and ${o.n} old-style reads; the first page (50) with the counts per kind and the overdue count\n`);
  console.log('| read | p50 ms | p95 ms | p99 ms |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| rpc.notifications.inbox.list | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} |`);
  console.log(`| direct driver (the same ${ids.length} \`_id\` reads, merged in memory) | ${d.p50.toFixed(1)} | ${d.p95.toFixed(1)} | ${d.p99.toFixed(1)} |`);
  console.log(`| old design: filtered find + $group + count on inbox_items (driver) | ${o.p50.toFixed(1)} | ${o.p95.toFixed(1)} | ${o.p99.toFixed(1)} |`);
  console.log(`\nratio p95 rpc / direct: ${ratio.toFixed(2)} (target ${TARGET}: ${met ? 'MET' : 'NOT MET'})`);
  console.log(`Load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (the machine may be shared)`);
  report('inbox', [
    {
      figure: `inbox read (first page + counts) at ${ITEMS} open items, p95`,
      value: Number(r.p95.toFixed(1)),
      unit: 'ms',
      baseline: Number(d.p95.toFixed(1)),
      baselineUnit: 'ms',
      baselineLabel: 'the same _id reads of the audience documents with the MongoDB driver on the same FerretDB',
      ratio,
      target: TARGET,
      met,
      note: `rpc p50/p99 ${r.p50.toFixed(1)}/${r.p99.toFixed(1)} ms; direct p50/p99 ${d.p50.toFixed(1)}/${d.p99.toFixed(1)} ms; ${r.n}/${d.n} sequential requests; old filtered design p50/p95 ${o.p50.toFixed(1)}/${o.p95.toFixed(1)} ms (${o.n})`,
    },
  ]);
} finally {
  await rpc?.close().catch(() => undefined);
  for (const child of children.reverse()) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => (child.kill('SIGKILL'), resolve()), 10_000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
      });
    }
  }
  await client.db(dbName).dropDatabase().catch(() => undefined);
  await client.close();
  rmSync(store, { recursive: true, force: true });
}

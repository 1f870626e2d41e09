#!/usr/bin/env node
// Records through the gateway vs the same insert/find done directly with the MongoDB driver on the same FerretDB,
// in the same run: POST /api/v1/records (create a draft) and GET /api/v1/records/:id at 50 connections. The
// gateway's figure counts 2xx answers only; fast 503s (admission control shedding) are counted beside it.
// Starts its own NATS server and the five services with fresh databases; needs FerretDB and Redis up and a build.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BENCH_ADMIN_PASSWORD, MongoClient, cpuMeter, mongoUri, report, startSystem } from './lib.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const duration = Number(process.env.BENCH_DURATION_S ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const run = `bench-records-${Date.now().toString(36)}`;
const busy = ['ferretdb', 'records', 'analytics'];

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

// Admission control answers a fast 503 when the service is saturated: those count as refused, not as throughput.
async function cannon(options) {
  const result = await autocannon({ connections, duration, ...options });
  if (result.errors > 0 || result.non2xx > result['5xx'] + result['4xx'] || result['4xx'] > 0) {
    throw new Error(`${options.url}: ${result.errors} errors, ${result['4xx']} 4xx, ${result.non2xx} non-2xx answers`);
  }
  return { rps: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, refused: result['5xx'] };
}

const client = await new MongoClient(mongoUri, { maxPoolSize: connections }).connect();
let system;
try {
  system = await startSystem({ run });
  const { api, login, port } = system;
  const meter = cpuMeter(system.pids);
  const measured = (work) => meter.measured(work, busy);
  const admin = await login('admin', BENCH_ADMIN_PASSWORD);
  const { items } = await api('GET', '/departments', admin);
  await api('POST', '/users', admin, { username: 'benchcadre', password: 'Bench-Cadre-2026', name: '压测干部', staffNo: 'B-1', departmentId: items[0].id, roles: ['cadre'], rankLevel: 'section', title: '' });
  const token = await login('benchcadre', 'Bench-Cadre-2026');
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
  console.log('| operation | gateway 2xx/s | gateway p50/p99 ms | gateway 5xx | direct driver ops/s | direct p50/p99 ms | ratio | target |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, g, d, target] of rows) {
    console.log(`| ${name} | ${g.rps.toFixed(0)} | ${g.p50}/${g.p99} | ${g.refused} | ${d.rps.toFixed(0)} | ${d.p50.toFixed(1)}/${d.p99.toFixed(1)} | ${((g.rps / d.rps) * 100).toFixed(1)}% | ≥ ${target * 100}% ${g.rps / d.rps >= target ? 'MET' : 'NOT MET'} |`);
  }
  console.log(`\nLoad average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (the machine may be shared)`);
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
  report(
    'records',
    rows.map(([name, g, d, target]) => ({
      figure: `${name} (${name.startsWith('create') ? 'POST /api/v1/records' : 'GET /api/v1/records/:id'}), ${connections} connections`,
      value: Math.round(g.rps),
      unit: '2xx/s',
      baseline: Math.round(d.rps),
      baselineUnit: 'ops/s',
      baselineLabel: 'MongoDB driver on the same FerretDB',
      ratio: g.rps / d.rps,
      target: `≥ ${target * 100}% of direct`,
      met: g.rps / d.rps >= target,
      note: `gateway p50/p99 ${g.p50}/${g.p99} ms, ${g.refused} fast 503s; direct p50/p99 ${d.p50.toFixed(1)}/${d.p99.toFixed(1)} ms; ${duration} s each`,
    })),
  );
} finally {
  await system?.stop(client);
  await client.db(`${run}-direct`).dropDatabase().catch(() => undefined);
  await client.close();
}

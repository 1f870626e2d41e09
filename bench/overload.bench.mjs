#!/usr/bin/env node
// The whole system past its capacity: many clients doing mixed reads and writes as fast as they can (records
// list/get/create/submit, the task board, a cadre's scores), rate limits lifted, against the peak throughput the
// same system reaches with fewer clients in the same run. What admission control must give (issue #17):
//   - ≥ 95% of requests succeed or are refused fast (503/429 in under 1 s), never a slow timeout;
//   - successful throughput under overload ≥ 80% of the peak;
//   - latency back to normal within 10 s after the load stops.
// Flags: --clients 200 --seconds 60 --peak-clients 8,32 --peak-seconds 10 --users 20.
// Starts its own NATS server and the five services with fresh databases; needs FerretDB and Redis up and a build.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BENCH_ADMIN_PASSWORD, MongoClient, cpuMeter, mongoUri, report, sleep, startSystem, waitFor } from './lib.mjs';

const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    'peak-clients': { type: 'string', default: '8,32' },
    'peak-seconds': { type: 'string', default: '10' },
    users: { type: 'string', default: '20' },
  },
});
const clients = Number(flags.clients);
const seconds = Number(flags.seconds);
const peakClients = flags['peak-clients'].split(',').map(Number);
const peakSeconds = Number(flags['peak-seconds']);
const userCount = Number(flags.users);
const FAST_MS = 1000;
const run = `bench-overload-${Date.now().toString(36)}`;
const PASSWORD = 'Bench-Cadre-2026';
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const draft = (n) => ({
  itemCode: 'INVEST-03',
  title: `引进企业区域总部落户 ${n}`,
  description: '牵头洽谈并促成区域总部签约落地，带动上下游企业集聚。',
  periodStart: '2026-01-01',
  periodEnd: '2026-06-30',
  impactLevel: 'city',
  results: [{ name: '引进资金', value: 5, unit: '亿元' }],
});

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN);

const client = await new MongoClient(mongoUri).connect();
let system;
try {
  system = await startSystem({ run, onExit: (name, code, output) => console.error(`${name} exited (${code}):\n${output}`) });
  const { api, login, port } = system;
  const base = `http://127.0.0.1:${port}/api/v1`;

  /** One HTTP call, never throwing: its status (0 for a network error or the bench's own 30 s limit) and time. */
  const call = async (method, path, token, payload) => {
    const started = performance.now();
    try {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
        body: payload ? JSON.stringify(payload) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const body = response.ok ? await response.json() : await response.text();
      return { status: response.status, ms: performance.now() - started, body };
    } catch {
      return { status: 0, ms: performance.now() - started };
    }
  };

  const admin = await login('admin', BENCH_ADMIN_PASSWORD);
  const { items } = await api('GET', '/departments', admin);
  const users = [];
  for (let i = 0; i < userCount; i++) {
    const username = `overload${i}`;
    const user = await api('POST', '/users', admin, { username, password: PASSWORD, name: `压测干部${i}`, staffNo: `O-${i}`, departmentId: items[0].id, roles: ['cadre'], rankLevel: 'section', title: '' });
    users.push({ id: user.id, token: await login(username, PASSWORD), records: [], drafts: [] });
  }
  // Every service learns the users from the directory's events: wait until the last one can file a record.
  await waitFor(async () => (await call('POST', '/records', users.at(-1).token, draft(0))).status === 201, 'the records service to know the users');
  for (const user of users) {
    const created = await call('POST', '/records', user.token, draft(0));
    if (created.status === 201) user.records.push(created.body.id);
  }

  const operations = [
    ['records.list', 25, (u) => call('GET', '/records?pageSize=20', u.token)],
    ['records.get', 20, (u) => (u.records.length ? call('GET', `/records/${u.records[Math.floor(Math.random() * u.records.length)]}`, u.token) : call('GET', '/records?pageSize=1', u.token))],
    ['records.create', 15, async (u) => {
      const result = await call('POST', '/records', u.token, draft(u.records.length));
      if (result.status === 201) u.drafts.push(result.body.id);
      return result;
    }],
    ['records.submit', 10, async (u) => {
      const id = u.drafts.shift();
      if (!id) return call('GET', '/records?status=draft&pageSize=5', u.token);
      const result = await call('POST', `/records/${id}/submit`, u.token);
      if (result.status === 200) u.records.push(id);
      return result;
    }],
    ['tasks.board', 15, (u) => call('GET', '/tasks', u.token)],
    ['scores', 15, (u) => call('GET', `/scores/${u.id}`, u.token)],
  ];
  const totalWeight = operations.reduce((sum, [, weight]) => sum + weight, 0);
  const pick = () => {
    let r = Math.random() * totalWeight;
    for (const operation of operations) if ((r -= operation[1]) < 0) return operation;
    return operations[0];
  };

  /** `count` clients, each calling back to back for `durationS` seconds; answers every call's outcome. */
  const load = async (count, durationS) => {
    const outcomes = [];
    const end = Date.now() + durationS * 1000;
    await Promise.all(Array.from({ length: count }, async (_, i) => {
      const user = users[i % users.length];
      while (Date.now() < end) {
        const [name, , operation] = pick();
        const result = await operation(user);
        outcomes.push({ name, status: result.status, ms: result.ms, at: Date.now() });
        // A refused client waits a little, as a browser honouring Retry-After would, instead of spinning.
        if (result.status === 503 || result.status === 429) await sleep(100 + Math.random() * 200);
      }
    }));
    return { outcomes, end };
  };

  const summarise = (outcomes, durationS) => {
    const ok = outcomes.filter((o) => o.status >= 200 && o.status < 300);
    const fastRefusals = outcomes.filter((o) => (o.status === 503 || o.status === 429) && o.ms < FAST_MS);
    const latencies = ok.map((o) => o.ms).sort((a, b) => a - b);
    const all = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const byStatus = {};
    for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    const slow = outcomes.filter((o) => !(o.status >= 200 && o.status < 300) && !((o.status === 503 || o.status === 429) && o.ms < FAST_MS));
    return {
      requests: outcomes.length,
      ok: ok.length,
      recordsGoodput: ok.filter((o) => o.name?.startsWith('records.')).length / durationS,
      slow: slow.length,
      slowMs: percentile(slow.map((o) => o.ms).sort((a, b) => a - b), 0.5),
      slowByStatus: slow.reduce((counts, o) => ({ ...counts, [o.status]: (counts[o.status] ?? 0) + 1 }), {}),
      fastRefusals: fastRefusals.length,
      goodput: ok.length / durationS,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      allP50: percentile(all, 0.5),
      allP95: percentile(all, 0.95),
      byStatus,
    };
  };

  // The recovery probe reads what the load does not grow (one record, the board, a cadre's scores), so its normal
  // latency, measured by one client on the quiet system, still holds after the overload has added records.
  const probes = operations.filter(([name]) => ['records.get', 'tasks.board', 'scores'].includes(name));
  const probe = async (round) => probes[round % probes.length][2](users[0]);
  const quietOutcomes = [];
  for (let round = 0; round < 60; round++) quietOutcomes.push(await probe(round));
  const quiet = summarise(quietOutcomes, 1);
  const normalMs = Math.max(quiet.p95 * 2, quiet.p95 + 50);

  console.log(`\nload average at the start: ${loadavg()}`);
  const peaks = [];
  for (const count of peakClients) {
    const stage = summarise((await load(count, peakSeconds)).outcomes, peakSeconds);
    peaks.push({ count, ...stage });
    console.log(`peak stage, ${count} clients: ${stage.goodput.toFixed(0)} successful req/s, p50 ${stage.p50.toFixed(0)} ms, p95 ${stage.p95.toFixed(0)} ms, statuses ${JSON.stringify(stage.byStatus)}`);
  }
  const peak = peaks.reduce((best, stage) => (stage.goodput > best.goodput ? stage : best));

  const meter = cpuMeter(system.pids);
  const cpuBefore = meter.snapshot();
  const overloadLoad = load(clients, seconds);
  const loadDuringOverload = [];
  const sampler = setInterval(() => loadDuringOverload.push(loadavg()), 10_000);
  const { outcomes, end } = await overloadLoad;
  clearInterval(sampler);
  const cpu = meter.since(cpuBefore);

  // Recovery, from the moment the clients stopped issuing (their last calls may still be in flight): the probe
  // client until 10 calls in a row succeed within normal latency.
  const stopped = end;
  let streak = 0;
  let recoveredAt;
  for (let round = 0; Date.now() - stopped < 60_000; round++) {
    const result = await probe(round);
    if (result.status >= 200 && result.status < 300 && result.ms <= normalMs) {
      if (++streak === 1) recoveredAt = Date.now() - result.ms;
      if (streak >= 10) break;
    } else {
      streak = 0;
      recoveredAt = undefined;
    }
    await sleep(50);
  }
  const recoveryS = streak >= 10 ? Math.max(0, (recoveredAt - stopped) / 1000) : Infinity;

  const over = summarise(outcomes, seconds);
  const okOrFast = (over.ok + over.fastRefusals) / over.requests;
  const ratio = over.goodput / peak.goodput;
  const verdict = (met) => (met ? 'MET' : 'NOT MET');
  console.log(`\nOverload: ${clients} clients for ${seconds} s of mixed reads and writes, rate limits lifted; FerretDB at ${mongoUri}`);
  console.log(`load average during the overload (every 10 s): ${loadDuringOverload.join(' | ')}; after: ${loadavg()}\n`);
  console.log('| measure | value | target |');
  console.log('| --- | ---: | ---: |');
  console.log(`| requests | ${over.requests} | |`);
  console.log(`| succeeded | ${over.ok} (${((over.ok / over.requests) * 100).toFixed(1)}%) | |`);
  console.log(`| refused fast (503/429 < ${FAST_MS} ms) | ${over.fastRefusals} (${((over.fastRefusals / over.requests) * 100).toFixed(1)}%) | |`);
  console.log(`| succeeded or refused fast | ${(okOrFast * 100).toFixed(1)}% | ≥ 95% ${verdict(okOrFast >= 0.95)} |`);
  console.log(`| successful req/s at overload vs peak (${peak.count} clients) | ${over.goodput.toFixed(0)} / ${peak.goodput.toFixed(0)} = ${(ratio * 100).toFixed(1)}% | ≥ 80% ${verdict(ratio >= 0.8)} |`);
  const recordsRatio = over.recordsGoodput / peak.recordsGoodput;
  console.log(`| successful records calls/s at overload vs peak | ${over.recordsGoodput.toFixed(1)} / ${peak.recordsGoodput.toFixed(1)} = ${(recordsRatio * 100).toFixed(1)}% | |`);
  console.log(`| slow refusals or failures | ${over.slow}, p50 ${over.slowMs.toFixed(0)} ms, statuses ${JSON.stringify(over.slowByStatus)} | |`);
  console.log(`| successful p50 / p95 ms at overload | ${over.p50.toFixed(0)} / ${over.p95.toFixed(0)} | |`);
  console.log(`| every answer p50 / p95 ms at overload | ${over.allP50.toFixed(0)} / ${over.allP95.toFixed(0)} | |`);
  console.log(`| successful p50 / p95 ms at peak | ${peak.p50.toFixed(0)} / ${peak.p95.toFixed(0)} | |`);
  console.log(`| quiet p50 / p95 ms (1 client: records.get, tasks.board, scores) | ${quiet.p50.toFixed(0)} / ${quiet.p95.toFixed(0)} | |`);
  console.log(`| recovery to normal latency (≤ ${normalMs.toFixed(0)} ms, 10 in a row) | ${Number.isFinite(recoveryS) ? `${recoveryS.toFixed(1)} s` : 'not within 60 s'} | ≤ 10 s ${verdict(recoveryS <= 10)} |`);
  console.log(`\nstatuses at overload: ${JSON.stringify(over.byStatus)}`);
  console.log(`CPU share of one core during the overload, by process: ${Object.entries(cpu).map(([name, used]) => `${name} ${((used / seconds) * 100).toFixed(0)}%`).join(', ')}`);
  console.log('\n| operation | calls | succeeded | refused fast | slow or failed | success p50/p95 ms |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name] of operations) {
    const mine = outcomes.filter((o) => o.name === name);
    const s = summarise(mine, seconds);
    console.log(`| ${name} | ${s.requests} | ${s.ok} | ${s.fastRefusals} | ${s.requests - s.ok - s.fastRefusals} | ${s.p50.toFixed(0)}/${s.p95.toFixed(0)} |`);
  }
  report('overload', [
    {
      figure: `succeeded or refused fast (503/429 < ${FAST_MS} ms), ${clients} clients for ${seconds} s`,
      value: Number((okOrFast * 100).toFixed(1)),
      unit: '%',
      target: '≥ 95%',
      met: okOrFast >= 0.95,
      note: `${over.requests} requests: ${over.ok} succeeded, ${over.fastRefusals} refused fast, ${over.slow} slow or failed`,
    },
    {
      figure: 'successful req/s at overload',
      value: Math.round(over.goodput),
      unit: 'req/s',
      baseline: Math.round(peak.goodput),
      baselineLabel: `peak, ${peak.count} clients`,
      ratio,
      target: '≥ 80% of peak',
      met: ratio >= 0.8,
      note: `successful p50/p95 ${over.p50.toFixed(0)}/${over.p95.toFixed(0)} ms at overload, ${peak.p50.toFixed(0)}/${peak.p95.toFixed(0)} ms at peak; records calls ${(recordsRatio * 100).toFixed(1)}% of peak`,
    },
    {
      figure: 'recovery to normal latency after the load stops',
      value: Number.isFinite(recoveryS) ? Number(recoveryS.toFixed(1)) : null,
      unit: 's',
      target: '≤ 10 s',
      met: recoveryS <= 10,
      note: `normal: ≤ ${normalMs.toFixed(0)} ms (twice the quiet p95), 10 probe calls in a row${Number.isFinite(recoveryS) ? '' : '; not within 60 s'}`,
    },
  ]);
} finally {
  await system?.stop(client);
  await client.close();
}

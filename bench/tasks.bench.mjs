#!/usr/bin/env node
// The key-task board through the gateway vs the same reads done directly with the MongoDB driver on the same
// FerretDB, in the same run, with 1,000 tasks and 5,000 bids in one batch:
//   GET /api/v1/tasks?batchId=   — the public board's first page (count + summaries, 20 a page)
//   GET /api/v1/tasks/:id        — one task's page (the whole document: bids, evaluations, award)
// Target: p95 through the gateway ≤ 3× the p95 of the direct read.
// One task goes the whole way through the API (publish → 5 teams bid → 评标 by 3 evaluators → award); its stored
// document is then copied 999 times with the driver. Both sides are measured by the same concurrent loop
// (BENCH_CONNECTIONS callers for BENCH_DURATION_S), so p50/p95 are computed the same way: autocannon offers no p95.
// Starts its own NATS server and the five services with fresh databases; needs FerretDB and Redis up and a build.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { BENCH_ADMIN_PASSWORD, MongoClient, cpuMeter, mongoUri, report, sleep, startSystem, waitFor } from './lib.mjs';

const started = Date.now();
const duration = Number(process.env.BENCH_DURATION_S ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const run = `bench-tasks-${Date.now().toString(36)}`;
// The gateway's RPC timeout (5 s by default) would cut the board's latency off at 5 s and answer 503: raised, so the
// run measures how long the read takes; BENCH_RPC_TIMEOUT_MS=5000 measures with the production setting.
const rpcTimeoutMs = Number(process.env.BENCH_RPC_TIMEOUT_MS ?? 120_000);
const TASKS = 1000;
const TEAMS = 5;
const TARGET = 3; // gateway p95 ≤ 3× direct p95
const DAY = 86_400_000;

const progress = (what) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${what}\n`);
const exits = []; // services that ended while the bench ran: name, code or signal, the end of their output
const busy = ['ferretdb', 'tasks', 'analytics'];

/**
 * The one measuring loop of both sides: `connections` callers each run `op` back to back for `seconds`; every
 * call's latency is kept, so the percentiles are exact.
 */
async function loop(op, seconds = duration, callers = connections) {
  const latencies = [];
  const errors = [];
  const end = Date.now() + seconds * 1000;
  const begun = performance.now();
  await Promise.all(Array.from({ length: callers }, async () => {
    while (Date.now() < end) {
      const t = performance.now();
      try {
        await op();
        latencies.push(performance.now() - t);
      } catch (error) {
        errors.push(error);
      }
    }
  }));
  const elapsed = (performance.now() - begun) / 1000;
  if (errors.length) progress(`${errors.length} failed calls, e.g. ${errors[0].message.slice(0, 200)}`);
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
  // Calls still running at the end are waited for, so the run may last longer than asked.
  return { count: latencies.length, errors: errors.length, elapsed, rps: latencies.length / elapsed, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const client = await new MongoClient(mongoUri, { maxPoolSize: connections * 2 }).connect();
let system;
try {
  system = await startSystem({
    run,
    env: { RPC_TIMEOUT_MS: String(rpcTimeoutMs) },
    onExit: (name, how, output) => {
      exits.push(`${name} exited with ${how}; its last output:\n${output}`);
      progress(`${name} exited with ${how}`);
    },
  });
  const { api, login, port } = system;
  const meter = cpuMeter(system.pids);
  const measured = (work) => meter.measured(work, busy);

  // ── the people: a publisher at the root, three evaluators in district A, ten cadres in district B (no 回避) ──
  const setupStarted = Date.now();
  progress('the system is ready; creating departments and users');
  const admin = await login('admin', BENCH_ADMIN_PASSWORD);
  const { items: departments } = await api('GET', '/departments', admin);
  const rootDepartment = departments.find((d) => d.parentId === null) ?? departments[0];
  const districtA = await api('POST', '/departments', admin, { code: 'BENCHA', name: '压测甲区', parentId: rootDepartment.id });
  const districtB = await api('POST', '/departments', admin, { code: 'BENCHB', name: '压测乙区', parentId: rootDepartment.id });
  let staffNo = 0;
  const PASSWORD = 'Bench-User-2026x';
  async function createUser(username, name, department, roles) {
    const user = await api('POST', '/users', admin, { username, password: PASSWORD, name, staffNo: `B-${++staffNo}`, departmentId: department.id, roles, rankLevel: 'section', title: '' });
    return { id: user.id, token: await login(username, PASSWORD) };
  }
  const publisher = await createUser('benchpub', '压测发榜员', rootDepartment, ['publisher']);
  const evaluators = [];
  for (let i = 1; i <= 3; i++) evaluators.push(await createUser(`benchevaluator${i}`, `压测评审专家${i}`, districtA, ['evaluator']));
  const cadres = [];
  for (let i = 1; i <= TEAMS * 2; i++) cadres.push(await createUser(`benchcadre${i}`, `压测干部${i}`, districtB, ['cadre']));
  // Users reach the tasks service through `directory.user.upserted`: wait until its replica knows all of them.
  const userIds = [publisher, ...evaluators, ...cadres].map((u) => u.id);
  const tasksDb = client.db(`${run}-tasks`);
  await waitFor(async () => (await tasksDb.collection('directory_users').countDocuments({ _id: { $in: userIds } })) === userIds.length, 'the tasks service to know every user');

  progress('the tasks service knows every user; taking a task to the award');
  // ── one task the whole way to the award, through the API ──
  const milestones = [{ name: '调研摸底', dueDate: '2027-03-01' }];
  const batch = await api('POST', '/task-batches', publisher.token, { name: '压测批次', description: '1,000 个任务、5,000 份揭榜方案' });
  const created = await api('POST', '/tasks', publisher.token, {
    batchId: batch.id,
    title: '推动自贸港重点园区招商引资攻坚',
    description: '围绕重点园区产业链缺口开展精准招商，破解项目落地难题。'.repeat(4),
    domain: 'industry',
    flags: ['hard'],
    goals: '一年内引进产业链关键项目 10 个以上。',
    expectedResults: '形成可复制的园区招商机制。',
    milestones,
    biddingDeadline: new Date(Date.now() + DAY).toISOString(),
    deliveryDeadline: new Date(Date.now() + 90 * DAY).toISOString(),
    rewardPoints: 30,
    evaluatorIds: evaluators.map((e) => e.id),
    allowRace: false,
  });
  const taskId = created.id;
  await api('POST', `/tasks/${taskId}/publish`, publisher.token);
  const bids = [];
  for (let t = 0; t < TEAMS; t++) {
    const [lead, member] = [cadres[2 * t], cadres[2 * t + 1]];
    const team = await api('POST', '/teams', lead.token, { name: `攻坚队${t + 1}`, members: [{ userId: lead.id, role: 'lead', share: 60 }, { userId: member.id, role: 'member', share: 40 }] });
    await api('POST', `/teams/${team.id}/accept`, member.token);
    bids.push(await api('POST', `/tasks/${taskId}/bids`, lead.token, {
      teamId: team.id,
      plan: '分三步推进：产业链摸底、精准对接、项目落地跟踪服务。'.repeat(3),
      expectedResults: '引进关键项目 10 个以上，带动投资 50 亿元。',
      milestones,
      commitment: '不获全胜，决不收兵。',
    }));
  }
  await api('POST', `/tasks/${taskId}/close-bidding`, publisher.token);
  for (const evaluator of evaluators) {
    for (const bid of bids) await api('POST', `/bids/${bid.id}/evaluations`, evaluator.token, { scores: { feasibility: 25, innovation: 15, capability: 25, benefit: 15 }, comment: 'ok' });
  }
  await api('POST', `/tasks/${taskId}/award`, publisher.token, { bidIds: [bids[0].id] });
  const cadreToken = cadres[0].token;

  // ── 999 copies of the stored document, with the driver: 1,000 tasks and 5,000 bids in one batch ──
  const tasks = tasksDb.collection('tasks');
  await waitFor(async () => ((await tasks.findOne({ _id: taskId }, { projection: { outbox: 1 } }))?.outbox ?? []).length === 0, 'the outbox of the task to drain');
  const stored = await tasks.findOne({ _id: taskId });
  if (stored.bids.length !== TEAMS || stored.bids.some((b) => b.evaluations.length !== evaluators.length)) throw new Error('the stored task lacks its bids or evaluations');
  const base = new Date(stored.createdAt).getTime();
  const copy = (i) => {
    const _id = randomUUID();
    const rename = (bidId) => `${_id}_${bidId.slice(bidId.lastIndexOf('_') + 1)}`;
    // A permutation of 1…999 minutes before the real task, so the board's sort is not the insertion order.
    const createdAt = new Date(base - ((((i * 7919) % (TASKS - 1)) + 1) * 60_000));
    return {
      ...stored,
      _id,
      bids: stored.bids.map((b) => ({ ...b, id: rename(b.id) })),
      award: stored.award ? { ...stored.award, bidIds: stored.award.bidIds.map(rename) } : stored.award,
      outbox: [],
      createdAt,
      updatedAt: createdAt,
    };
  };
  progress('awarded; inserting 999 copies');
  const loadStarted = Date.now();
  // The board reads the cards the service keeps beside its tasks: each copy gets the original's card, renamed.
  const cards = tasksDb.collection('task_cards');
  const storedCard = await cards.findOne({ _id: taskId });
  for (let from = 0; from < TASKS - 1; from += 100) {
    const copies = Array.from({ length: Math.min(100, TASKS - 1 - from) }, (_, k) => copy(from + k));
    await tasks.insertMany(copies, { ordered: false });
    await cards.insertMany(copies.map((c) => ({ ...storedCard, _id: c._id, createdAt: c.createdAt, updatedAt: c.updatedAt })), { ordered: false });
  }
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  let taskCount = 0;
  let bidCount = 0;
  for await (const doc of tasks.find({ batchId: batch.id }, { projection: { bids: 1 } })) { taskCount++; bidCount += doc.bids.length; }
  const documentBytes = JSON.stringify(stored).length;

  // ── the four operations ──
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const get = (p) => new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: `/api/v1${p}`, agent, headers: { authorization: `Bearer ${cadreToken}` } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${p}: ${response.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`))));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
  // What TasksService.list runs for a cadre (no status asked, not a publisher): page 1 of 20.
  const filter = { batchId: batch.id, status: { $ne: 'draft' } };
  const boardDirect = () => Promise.all([cards.countDocuments(filter), cards.find(filter).sort({ createdAt: 1, _id: 1 }).skip(0).limit(20).toArray()]);
  const pageDirect = () => tasks.findOne({ _id: taskId });
  const boardPath = `/tasks?batchId=${batch.id}`;
  const pagePath = `/tasks/${taskId}`;

  progress(`loaded ${taskCount} tasks, ${bidCount} bids; checking both sides answer the same`);
  // The two sides answer the same: the board's total and first page, the task with its five bids. Each read is
  // also timed alone (one caller; the tasks service's background sweeps may be running).
  const alone = async (op) => { const t = performance.now(); const answer = await op(); return [answer, performance.now() - t]; };
  const [[directTotal, directRows], boardDirectAlone] = await alone(boardDirect);
  const [boardAnswer, boardGatewayAlone] = await alone(() => get(boardPath));
  const board = JSON.parse(boardAnswer);
  if (board.total !== TASKS || directTotal !== TASKS || board.items.length !== 20 || directRows.length !== 20) throw new Error(`the board shows ${board.total}/${board.items.length}, the driver ${directTotal}/${directRows.length}`);
  if (board.items.map((t) => t.id).join() !== directRows.map((t) => t._id).join()) throw new Error('the board and the driver list different first pages');
  const [, pageDirectAlone] = await alone(pageDirect);
  const [pageAnswer, pageGatewayAlone] = await alone(() => get(pagePath));
  const page = JSON.parse(pageAnswer);
  if (page.bids?.length !== TEAMS) throw new Error(`the task page shows ${page.bids?.length} bids`);
  progress(`one board read alone: ${boardGatewayAlone.toFixed(0)} ms through the gateway, ${boardDirectAlone.toFixed(0)} ms direct`);
  const boardBytes = boardAnswer.length;
  const pageBytes = pageAnswer.length;
  const setupSeconds = (Date.now() - setupStarted) / 1000;

  // What FerretDB does with nobody asking: the tasks service's outbox sweep (every 10 s) and bidding-deadline sweep
  // (every 15 s) each scan the whole tasks collection, which FerretDB's SQLite backend decodes document by document.
  await meter.settle(busy);
  progress('measuring the idle load for 20 s');
  const idleBefore = meter.snapshot();
  await sleep(20_000);
  const idle = meter.since(idleBefore);

  // Warm-ups (one caller, 1 s: the reads are already warm from the checks), then the measured runs, gateway and
  // direct back to back for each operation.
  progress('warming up');
  for (const op of [() => get(boardPath), boardDirect, () => get(pagePath), pageDirect]) await loop(op, 1, 1);
  const rows = [];
  for (const [name, gatewayOp, directOp] of [
    ['board, GET /tasks?batchId= (page 1 of 20)', () => get(boardPath), boardDirect],
    ['task page, GET /tasks/:id', () => get(pagePath), pageDirect],
  ]) {
    progress(`${name}: through the gateway`);
    const g = await measured(() => loop(gatewayOp));
    progress(`${name}: direct`);
    const d = await measured(() => loop(directOp));
    rows.push([name, g, d]);
    if (exits.length) throw new Error(`a service ended during the run:\n${exits.join('\n')}`);
  }
  agent.destroy();

  const f = (n) => n.toFixed(1);
  console.log(`\nKey tasks, ${connections} connections, ${duration} s each; FerretDB at ${mongoUri}`);
  console.log(`Loaded: ${taskCount} tasks and ${bidCount} bids in one batch (999 copies inserted in ${loadSeconds.toFixed(1)} s); a task document is ${(documentBytes / 1024).toFixed(1)} KB as JSON; answers: board ${(boardBytes / 1024).toFixed(1)} KB, task page ${(pageBytes / 1024).toFixed(1)} KB; setup took ${setupSeconds.toFixed(0)} s\n`);
  console.log(`One read alone (one caller): board ${boardGatewayAlone.toFixed(1)} ms through the gateway, ${boardDirectAlone.toFixed(1)} ms direct; task page ${pageGatewayAlone.toFixed(1)} ms through the gateway, ${pageDirectAlone.toFixed(1)} ms direct`);
  console.log(`Idle load (20 s, nobody asking): ferretdb ${(idle.ferretdb ?? 0).toFixed(2)} CPU s, tasks ${(idle.tasks ?? 0).toFixed(2)} CPU s\n`);
  const rate = (r) => (r.rps >= 10 ? r.rps.toFixed(0) : r.rps.toFixed(2));
  console.log(`| operation | gateway req/s | gateway p50/p95 ms | direct ops/s | direct p50/p95 ms | p95 ratio | target (≤ ${TARGET}×) |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, g, d] of rows) {
    const ratio = g.p95 / d.p95;
    const failed = g.errors + d.errors ? ` (${g.errors} gateway, ${d.errors} direct calls failed)` : '';
    console.log(`| ${name} | ${rate(g)} | ${f(g.p50)}/${f(g.p95)} | ${rate(d)} | ${f(d.p50)}/${f(d.p95)} | ${ratio.toFixed(2)}× | ${ratio <= TARGET && !failed ? 'MET' : 'NOT MET'}${failed} |`);
  }
  console.log(`\nCalls measured: ${rows.map(([name, g, d]) => `${name}: ${g.count} through the gateway in ${g.elapsed.toFixed(1)} s, ${d.count} direct in ${d.elapsed.toFixed(1)} s`).join('; ')}`);
  console.log(`\nCPU milliseconds per operation, by process (${os.cpus().length} cores; the bench process drives the load):\n`);
  const processes = ['bench', 'gateway', 'tasks', 'analytics', 'nats', 'redis', 'ferretdb'];
  console.log(`| run | ${processes.join(' | ')} |`);
  console.log(`| --- |${processes.map(() => ' ---: |').join('')}`);
  for (const [name, g, d] of rows) {
    for (const [label, r] of [[`${name}, gateway`, g], [`${name}, direct`, d]]) {
      console.log(`| ${label} | ${processes.map((p) => (r.cpu[p] === undefined ? '' : ((r.cpu[p] * 1000) / r.count).toFixed(2))).join(' | ')} |`);
    }
  }
  console.log(`\nTotal run time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  report(
    'tasks',
    rows.map(([name, g, d]) => {
      const ratio = g.p95 / d.p95;
      const failed = g.errors + d.errors;
      return {
        figure: `${name}, p95 at ${connections} connections`,
        value: Number(g.p95.toFixed(1)),
        unit: 'ms',
        baseline: Number(d.p95.toFixed(1)),
        baselineLabel: 'MongoDB driver, same read',
        ratio,
        ratioUnit: '×',
        target: `≤ ${TARGET}× direct p95`,
        met: ratio <= TARGET && !failed,
        note: `gateway ${rate(g)} req/s, p50 ${f(g.p50)} ms; direct ${rate(d)} ops/s, p50 ${f(d.p50)} ms; ${taskCount} tasks, ${bidCount} bids${failed ? `; ${g.errors} gateway, ${d.errors} direct calls failed` : ''}`,
      };
    }),
  );
} finally {
  await system?.stop(client);
  await client.close();
}

/**
 * bench/lib.mjs's teardown when a bench fails: a bench that throws after `startSystem` and before any `finally`
 * of its own still leaves no NATS or service running, its databases dropped and its NATS store removed, and
 * exits 1 with the error. Runs the eight services from their build (as the benches do), on a run of its own.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { infra, repoRoot, uniqueName, isAlive } from '@cadre/testing';

/** Pids of the processes whose environment holds `marker` (every child of the bench inherits it). */
function processesMarked(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) found.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

describe('bench teardown', () => {
  const built = ['records', 'tasks', 'scoring', 'analytics', 'notifications', 'appraisal', 'selection', 'gateway'].every((name) => existsSync(path.join(repoRoot, 'services', name, 'dist', 'main.js')));
  let pids: number[] = [];

  const markers: string[] = [];
  afterAll(() => {
    for (const pid of [...pids, ...markers.flatMap(processesMarked)]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });

  (built ? it : it.skip)('stops the services and the NATS, then drops the databases, when the bench throws', async () => {
    const run = uniqueName('bench-teardown');
    const program = `
      import { startSystem, MongoClient, mongoUri } from ${JSON.stringify(path.join(repoRoot, 'bench', 'lib.mjs'))};
      const system = await startSystem({ run: ${JSON.stringify(run)} });
      const client = await new MongoClient(mongoUri).connect();
      await client.db(${JSON.stringify(`${run}-records`)}).collection('probe').insertOne({ n: 1 });
      const { readFileSync } = await import('node:fs');
      const store = readFileSync('/proc/' + system.pids.get('nats') + '/cmdline', 'utf8').split('\\0').at(-2);
      const pids = [...system.pids].filter(([name]) => name !== 'ferretdb' && name !== 'redis').map(([, pid]) => pid);
      const marked = pids.filter((pid) => readFileSync('/proc/' + pid + '/environ', 'latin1').split('\\0').includes('BENCH_TEARDOWN_TEST_RUN=' + process.env.BENCH_TEARDOWN_TEST_RUN));
      console.log('STARTED ' + JSON.stringify({ pids, store, marked }));
      throw new Error('the bench failed on purpose');
    `;
    // Every process the bench starts inherits this: found by it, whether or not the start got as far as STARTED.
    const marker = `BENCH_TEARDOWN_TEST_RUN=${run}`;
    markers.push(marker);
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MONGODB_URI: infra.mongoUri, BENCH_TEARDOWN_TEST_RUN: run },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));

    expect(code).toBe(1);
    // Nothing of the run outlives the bench, whether the start completed or (on a loaded machine) timed out.
    expect(processesMarked(marker)).toEqual([]);
    const started = /STARTED (.*)/.exec(stdout);
    if (started) {
      const { pids: children, store, marked } = JSON.parse(started[1]) as { pids: number[]; store: string; marked: number[] };
      pids = children;
      expect(stderr).toContain('the bench failed on purpose');
      // The NATS server and every service the benches start (bench/lib.mjs SERVICES: eight with the gateway).
      expect(children).toHaveLength(9);
      // The marker finds them (checked by the bench before it threw): the emptiness above is no accident.
      expect(marked.sort()).toEqual([...children].sort());
      expect(children.filter(isAlive)).toEqual([]);
      expect(store).toMatch(/bench-nats-/);
      expect(existsSync(store)).toBe(false);
    } else {
      expect(stderr).toMatch(/timed out waiting for/);
    }
    const connection = await mongoose.createConnection(infra.mongoUri).asPromise();
    try {
      const { databases } = await connection.getClient().db('admin').admin().listDatabases();
      expect(databases.map((d) => d.name).filter((name) => name.startsWith(run))).toEqual([]);
    } finally {
      await connection.close();
    }
  }, 480_000);
});

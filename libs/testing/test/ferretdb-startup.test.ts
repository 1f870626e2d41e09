/**
 * FerretDB's start-up in scripts/infra.mjs (`startFerretDB`, what `node scripts/infra.mjs up` runs) on a data
 * directory a crash left behind: files FerretDB cannot open are moved aside, named, and FerretDB starts; when it
 * still cannot start, the failure says where and why. A private FerretDB on its own port and temp directory: the
 * shared one is never touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { freePort, repoRoot, sleep, isAlive } from '@cadre/testing';

const infraScript = path.join(repoRoot, 'scripts', 'infra.mjs');
const builtBinary = path.join(repoRoot, '.infra', 'bin', 'ferretdb');

interface Started {
  ok: boolean;
  pid?: number;
  quarantined?: { file: string; reason: string; movedTo: string }[];
  error?: string;
  output: string;
}

/** Runs `startFerretDB` in a Node process of its own (infra.mjs is an ES module with top-level process handling). */
async function startThroughInfra(options: { port: number; data: string; logFile: string; pidFile: string }): Promise<Started> {
  const program = `
    const { startFerretDB } = await import(${JSON.stringify(infraScript)});
    const lines = [];
    const log = (line) => lines.push(line);
    const options = { ...${JSON.stringify(options)}, log, timeoutMs: 30000 };
    if (${JSON.stringify(existsSync(builtBinary))}) options.binary = ${JSON.stringify(builtBinary)};
    try {
      const started = await startFerretDB(options);
      process.stdout.write('\\nSTARTED ' + JSON.stringify({ ok: true, pid: started.pid, quarantined: started.quarantined, output: lines.join('\\n') }));
    } catch (error) {
      process.stdout.write('\\nSTARTED ' + JSON.stringify({ ok: false, error: error.message, output: lines.join('\\n') }));
    }
    process.exit(0);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0 || !stdout) throw new Error(`the start-up script exited ${code}: ${stderr}${stdout}`);
  // Other lines may come first (infra.mjs says "[infra] …" when it builds FerretDB, as on a clean clone).
  const result = stdout.split('\n').findLast((line) => line.startsWith('STARTED '));
  if (!result) throw new Error(`the start-up script printed no result: ${stderr}${stdout}`);
  return JSON.parse(result.slice('STARTED '.length)) as Started;
}

async function stopPid(pid: number | undefined) {
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

describe('FerretDB start-up on a data directory a crash left behind', () => {
  const dirs: string[] = [];
  const pids: (number | undefined)[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ferretdb-startup-'));
    dirs.push(dir);
    return dir;
  };

  afterAll(async () => {
    for (const pid of pids) await stopPid(pid);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('moves an empty and a garbage .sqlite file aside, says which and why, and starts', async () => {
    const root = tempDir();
    const data = path.join(root, 'data');
    const port = await freePort();
    mkdirSync(data);
    writeFileSync(path.join(data, 'broken.sqlite'), '');
    writeFileSync(path.join(data, 'broken.sqlite-wal'), Buffer.alloc(64, 7));
    writeFileSync(path.join(data, 'junk.sqlite'), Buffer.from('this is no database, it is what a crash left\n'.repeat(100)));
    // What a dropped database leaves on FerretDB v1: an empty file (a drop of a database that never existed), a -wal
    // and -shm without their database. They hold nothing and are deleted.
    writeFileSync(path.join(data, 'dropped.sqlite'), '');
    writeFileSync(path.join(data, 'gone.sqlite-wal'), Buffer.alloc(64, 7));
    writeFileSync(path.join(data, 'gone.sqlite-shm'), Buffer.alloc(64, 7));

    const started = await startThroughInfra({ port, data, logFile: path.join(root, 'ferretdb.log'), pidFile: path.join(root, 'ferretdb.pid') });
    pids.push(started.pid);
    expect(started.error).toBeUndefined();
    expect(started.ok).toBe(true);

    // Ready: it answers the MongoDB wire protocol and stores a document.
    const connection = await mongoose.createConnection(`mongodb://127.0.0.1:${port}`, { dbName: 'fresh', serverSelectionTimeoutMS: 10_000 }).asPromise();
    try {
      await connection.collection('things').insertOne({ n: 1 });
      expect(await connection.collection('things').countDocuments()).toBe(1);
      // The quarantined databases are gone from FerretDB's view (they would have stopped it).
      const { databases } = await connection.getClient().db('admin').admin().listDatabases();
      expect(databases.map((d) => d.name)).toContain('fresh');
      expect(databases.map((d) => d.name)).not.toContain('junk');
      expect(databases.map((d) => d.name)).not.toContain('broken');
    } finally {
      await connection.close();
    }

    // Moved aside, with the -wal beside the empty file, into one quarantine folder.
    const remaining = readdirSync(data);
    expect(remaining).not.toContain('broken.sqlite');
    expect(remaining).not.toContain('broken.sqlite-wal');
    expect(remaining).not.toContain('junk.sqlite');
    const quarantines = remaining.filter((name) => name.startsWith('quarantine-'));
    expect(quarantines).toHaveLength(1);
    expect(readdirSync(path.join(data, quarantines[0])).sort()).toEqual(['broken.sqlite', 'broken.sqlite-wal', 'junk.sqlite']);

    // The message names each file and why.
    expect(started.quarantined?.map((q) => path.basename(q.file)).sort()).toEqual(['broken.sqlite', 'dropped.sqlite', 'gone.sqlite-shm', 'gone.sqlite-wal', 'junk.sqlite']);
    for (const deleted of ['dropped.sqlite', 'gone.sqlite-wal', 'gone.sqlite-shm']) expect(remaining).not.toContain(deleted);
    expect(started.output).toMatch(/dropped\.sqlite is empty \(0 bytes\) and holds no data; deleted/);
    expect(started.output).toMatch(new RegExp(`${path.join(data, 'broken.sqlite').replace(/[.]/g, '\\.')} is empty \\(0 bytes\\)`));
    expect(started.output).toMatch(/junk\.sqlite is not an SQLite database/);
    expect(started.output).toContain(path.join(data, quarantines[0]));

    // A second FerretDB on the same files (another port) is refused: two would damage them.
    const second = await startThroughInfra({ port: await freePort(), data, logFile: path.join(root, 'second.log'), pidFile: path.join(root, 'second.pid') });
    pids.push(second.pid);
    expect(second.ok).toBe(false);
    expect(second.error).toContain(`FerretDB (pid ${started.pid}) already runs on ${data}`);
  }, 90_000);

  it('fails with the data directory and the log lines of this start when FerretDB still cannot start', async () => {
    const root = tempDir();
    const data = path.join(root, 'data');
    mkdirSync(data);
    // A sound SQLite file (right header, passes quick_check, has the table) that FerretDB still cannot read.
    const made = spawnSync(process.execPath, ['-e', `const { DatabaseSync } = require('node:sqlite'); new DatabaseSync(${JSON.stringify(path.join(data, 'odd.sqlite'))}).exec('CREATE TABLE _ferretdb_collections (x)');`], { encoding: 'utf8' });
    expect(made.status).toBe(0);
    const logFile = path.join(root, 'ferretdb.log');
    writeFileSync(logFile, 'a line from an earlier start\n');
    const port = await freePort();

    const started = await startThroughInfra({ port, data, logFile, pidFile: path.join(root, 'ferretdb.pid') });
    pids.push(started.pid);
    expect(started.ok).toBe(false);
    expect(started.error).toContain(`FerretDB on 127.0.0.1:${port} exited (code 1)`);
    expect(started.error).toContain(`data directory ${data}`);
    expect(started.error).toMatch(/no such column/);
    expect(started.error).not.toContain('a line from an earlier start');
    expect(readdirSync(data)).toContain('odd.sqlite');
  }, 90_000);

  it('refuses to start where something already listens, instead of taking it for FerretDB', async () => {
    const root = tempDir();
    const blocker = await new Promise<net.Server>((resolve) => {
      const server = net.createServer((socket) => socket.destroy());
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    try {
      const { port } = blocker.address() as net.AddressInfo;
      const started = await startThroughInfra({ port, data: path.join(root, 'data'), logFile: path.join(root, 'ferretdb.log'), pidFile: path.join(root, 'ferretdb.pid') });
      pids.push(started.pid);
      expect(started.ok).toBe(false);
      expect(started.error).toContain(`cannot start FerretDB on 127.0.0.1:${port}: something already listens there`);
    } finally {
      blocker.close();
    }
  });
});

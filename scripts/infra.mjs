#!/usr/bin/env node
// Local infrastructure: NATS (JetStream), Redis and FerretDB, started only when not already reachable.
//   node scripts/infra.mjs up|down|status
// Addresses come from NATS_URL, REDIS_URL and MONGODB_URI (defaults: 127.0.0.1 on 4222, 6379, 27017).
// FERRETDB_HANDLER=sqlite|postgresql chooses FerretDB's backend (FERRETDB_POSTGRESQL_URL for the latter).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const state = path.join(root, '.infra');
const dirs = { bin: path.join(state, 'bin'), data: path.join(state, 'data'), log: path.join(state, 'log'), run: path.join(state, 'run') };

export const addresses = {
  nats: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  mongo: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017',
};

const say = (message) => process.stdout.write(`[infra] ${message}\n`);

class InfraError extends Error {}

function hostPort(url, fallbackPort) {
  const first = url.split(',')[0].trim();
  const match = /^[a-z+]+:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?,]+)(?::(\d+))?/i.exec(first);
  if (!match) throw new InfraError(`cannot read a host and port from "${url}"`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port: Number(match[2] ?? fallbackPort) };
}

/** Connects; sends `probe` if given and resolves with the first bytes answered ('greeting': waits for the server to speak first; none: resolves on connect). */
function talk({ host, port }, probe, timeoutMs = 1500) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('timeout'))), timeoutMs);
    socket.once('error', (error) => (clearTimeout(timer), reject(error)));
    socket.once('connect', () => {
      if (probe === 'greeting') return;
      if (probe) socket.write(probe);
      else (clearTimeout(timer), socket.end(), resolve(''));
    });
    socket.once('data', (data) => (clearTimeout(timer), socket.destroy(), resolve(data.toString('latin1'))));
  });
}

const checks = {
  nats: async () => {
    const greeting = await talk(hostPort(addresses.nats, 4222), 'greeting');
    if (!greeting.startsWith('INFO')) throw new Error('not a NATS server');
    const info = JSON.parse(greeting.slice(5).split('\r\n')[0]);
    if (!info.jetstream) throw new InfraError(`NATS at ${addresses.nats} runs without JetStream (start it with -js)`);
  },
  redis: async () => {
    const answer = await talk(hostPort(addresses.redis, 6379), 'PING\r\n');
    if (!answer.startsWith('+PONG') && !answer.startsWith('-NOAUTH')) throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
  },
  mongo: async () => {
    await talk(hostPort(addresses.mongo, 27017));
  },
};

async function reachable(name) {
  try {
    await checks[name]();
    return true;
  } catch (error) {
    if (error instanceof InfraError) throw error;
    return false;
  }
}

async function waitFor(name, logFile, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await reachable(name)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const tail = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
  throw new InfraError(`${name} did not become ready within ${timeoutMs / 1000}s${tail ? `; last lines of ${logFile}:\n${tail}` : ''}`);
}

function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

export function aptInstall(pkg, binary) {
  if (which(binary)) return which(binary);
  say(`${binary} is missing: installing Debian's ${pkg}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) => spawnSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  let result = run(['apt-get', 'install', '-y', '--no-install-recommends', pkg]);
  if (result.status !== 0) {
    run(['apt-get', 'update']);
    result = run(['apt-get', 'install', '-y', '--no-install-recommends', pkg]);
  }
  const found = which(binary) ?? (existsSync(`/usr/sbin/${binary}`) ? `/usr/sbin/${binary}` : null);
  if (!found) throw new InfraError(`could not install ${pkg} (apt-get exited ${result.status}); install it, or point ${binary === 'redis-server' ? 'REDIS_URL' : 'NATS_URL'} at a running server`);
  return found;
}

function startDetached(name, command, args, options = {}) {
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const logFile = path.join(dirs.log, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], cwd: options.cwd ?? root });
  child.unref();
  writeFileSync(path.join(dirs.run, `${name}.pid`), String(child.pid));
  return logFile;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir)) {
    const stat = statSync(path.join(dir, entry));
    if (stat.isFile()) newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

/**
 * Builds our FerretDB launcher (infra/ferretdb, a Go module embedding FerretDB v1.24.2) when needed, from a copy
 * of the FerretDB module with our patches (infra/ferretdb/*.patch) applied: go.mod stays untouched; a build
 * modfile replaces the module with the patched copy.
 */
export function buildFerretDB() {
  const source = path.join(root, 'infra', 'ferretdb');
  const binary = path.join(dirs.bin, 'ferretdb');
  if (existsSync(binary) && statSync(binary).mtimeMs >= newestMtime(source)) return binary;
  const go = which('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
  if (!go) throw new InfraError('Go (1.24 or newer) is needed to build FerretDB from the Go module proxy, and none was found on PATH or in /usr/local/go');
  mkdirSync(dirs.bin, { recursive: true });
  say('building FerretDB v1.24.2 from the Go module proxy, with our patches (first run only; about a minute)');
  const env = { ...process.env, CGO_ENABLED: '0' };
  const download = spawnSync(go, ['mod', 'download', '-json', 'github.com/FerretDB/FerretDB'], { cwd: source, encoding: 'utf8', env });
  if (download.status !== 0) throw new InfraError(`downloading the FerretDB module failed: ${download.stderr || download.stdout}`);
  const build = path.join(root, '.infra', 'build');
  const patched = path.join(build, 'ferretdb-module');
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  cpSync(JSON.parse(download.stdout).Dir, patched, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', patched]);
  for (const patch of readdirSync(source).filter((name) => name.endsWith('.patch')).sort()) {
    const applied = spawnSync('git', ['apply', '--unsafe-paths', path.join(source, patch)], { cwd: patched, encoding: 'utf8' });
    if (applied.status !== 0) throw new InfraError(`applying ${patch} to FerretDB failed: ${applied.stderr}`);
  }
  const modfile = path.join(build, 'go.mod');
  writeFileSync(modfile, `${readFileSync(path.join(source, 'go.mod'), 'utf8')}\nreplace github.com/FerretDB/FerretDB => ${patched}\n`);
  copyFileSync(path.join(source, 'go.sum'), path.join(build, 'go.sum'));
  const result = spawnSync(go, ['build', `-modfile=${modfile}`, '-o', binary, '.'], { cwd: source, stdio: 'inherit', env });
  if (result.status !== 0) throw new InfraError(`building FerretDB failed (go build exited ${result.status}); see the output above`);
  return binary;
}

const starters = {
  async nats() {
    const binary = aptInstall('nats-server', 'nats-server');
    const { host, port } = hostPort(addresses.nats, 4222);
    const store = path.join(dirs.data, 'nats');
    mkdirSync(store, { recursive: true });
    return startDetached('nats', binary, ['-a', host, '-p', String(port), '-js', '-sd', store]);
  },
  async redis() {
    const binary = aptInstall('redis-server', 'redis-server');
    const { host, port } = hostPort(addresses.redis, 6379);
    const data = path.join(dirs.data, 'redis');
    mkdirSync(data, { recursive: true });
    return startDetached('redis', binary, ['--bind', host, '--port', String(port), '--dir', data, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction']);
  },
  async mongo() {
    const { host, port } = hostPort(addresses.mongo, 27017);
    return (await startFerretDB({ host, port, handler: process.env.FERRETDB_HANDLER ?? 'sqlite' })).logFile;
  },
};

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** Why SQLite (or FerretDB on it) cannot open this database file, or null when it looks sound. */
function sqliteFault(file, sqlite3) {
  const size = statSync(file).size;
  const wal = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : null;
  if (size === 0) return wal ? `empty (0 bytes) beside a stale ${wal}-byte write-ahead log (-wal)` : 'empty (0 bytes)';
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  let read;
  try {
    read = readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 16 || !header.equals(SQLITE_HEADER)) return `not an SQLite database (its first bytes are ${JSON.stringify(header.subarray(0, read).toString('latin1'))}, not "SQLite format 3\\0")`;
  if (!sqlite3) return null;
  // Read-only: the check must not checkpoint or change what it inspects (SQLite reads the -wal as it would on open).
  // quick_check reads every page: on a large file (a benchmark's millions of documents) it would hold every start for
  // a minute, so there only the structure FerretDB needs is checked (a damaged page still fails FerretDB's start, whose
  // log is then shown).
  const pages = size <= QUICK_CHECK_MAX_BYTES ? ['PRAGMA quick_check;'] : ["SELECT 'ok';"];
  const check = spawnSync(sqlite3, ['-readonly', '-batch', file, ...pages, "SELECT 'ferretdb-tables:' || count(*) FROM sqlite_master WHERE name = '_ferretdb_collections';"], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${check.stdout ?? ''}${check.stderr ?? ''}`.trim();
  if (check.error || check.signal) {
    say(`could not check ${file} with sqlite3 (${check.error?.message ?? check.signal}); left in place`);
    return null;
  }
  if (/file is not a database|malformed|corrupt/i.test(output)) return `damaged: sqlite3 says ${JSON.stringify(output.split('\n').slice(0, 3).join(' '))}`;
  if (check.status !== 0) {
    // Busy, locked, unreadable: not proof of damage.
    say(`sqlite3 could not check ${file} (exit ${check.status}: ${output.split('\n')[0]}); left in place`);
    return null;
  }
  const lines = output.split('\n');
  if (lines[0] !== 'ok') return `damaged: PRAGMA quick_check says ${JSON.stringify(lines.filter((line) => !line.startsWith('ferretdb-tables:')).slice(0, 3).join(' '))}`;
  if (lines.includes('ferretdb-tables:0')) return 'unfinished: an SQLite database without FerretDB\'s _ferretdb_collections table (its creation was cut short)';
  return null;
}

/** Pids of running FerretDB processes whose command line names this data directory (Linux /proc; none elsewhere). */
function ferretdbsOn(data) {
  if (!existsSync('/proc')) return [];
  const found = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (path.basename(args[0]) === 'ferretdb' && args.some((arg) => arg === `file:${data}/` || arg === `file:${data}`)) found.push(Number(pid));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * Before FerretDB opens a SQLite data directory: every `*.sqlite` file it would open and cannot (empty, not SQLite,
 * failing `PRAGMA quick_check` when the sqlite3 CLI is installed, or without FerretDB's metadata table), and every
 * -wal/-shm left without its database, is moved with its -wal/-shm to `<data>/quarantine-<timestamp>/`, each
 * named with the reason. FerretDB refuses to start on any one of them (a crash leaves them: SIGBUS in the WAL, a
 * drop cut short). Nothing is touched while a FerretDB process runs on the directory. Answers what was moved.
 */
export function quarantineSqliteFiles(data, { log = say, sqlite3 = which('sqlite3'), now = new Date() } = {}) {
  if (!existsSync(data)) return [];
  const running = ferretdbsOn(data);
  if (running.length) {
    log(`FerretDB (pid ${running.join(', ')}) already runs on ${data}: its files are not checked`);
    return [];
  }
  const entries = readdirSync(data);
  const faults = [];
  for (const name of entries.filter((entry) => entry.endsWith('.sqlite'))) {
    const file = path.join(data, name);
    if (!statSync(file).isFile()) continue;
    const reason = sqliteFault(file, sqlite3);
    if (reason) faults.push({ name, reason });
  }
  for (const name of entries.filter((entry) => /\.sqlite-(wal|shm)$/.test(entry))) {
    const main = name.replace(/-(wal|shm)$/, '');
    if (!entries.includes(main) && !faults.some((fault) => fault.name === main)) faults.push({ name, reason: `a ${name.slice(-3)} file left without its database ${main}`, alone: true });
  }
  if (!faults.length) return [];
  // What holds no data is deleted, not kept: FerretDB v1 leaves an empty file when a database that does not exist is
  // dropped, and the -wal/-shm of a dropped database behind it (a benchmark's -wal can be a gigabyte).
  const holdsNothing = ({ name, alone }) => alone || (statSync(path.join(data, name)).size === 0 && !(existsSync(path.join(data, `${name}-wal`)) && statSync(path.join(data, `${name}-wal`)).size > 0));
  const empty = faults.filter(holdsNothing);
  const kept = faults.filter((fault) => !empty.includes(fault));
  const moved = [];
  for (const fault of empty) {
    const files = fault.alone ? [fault.name] : [fault.name, `${fault.name}-wal`, `${fault.name}-shm`, `${fault.name}-journal`].filter((file) => existsSync(path.join(data, file)));
    for (const file of files) rmSync(path.join(data, file), { force: true });
    log(`FerretDB data: ${path.join(data, fault.name)} is ${fault.reason} and holds no data; deleted${files.length > 1 ? ` with ${files.slice(1).join(', ')}` : ''}`);
    moved.push({ file: path.join(data, fault.name), reason: fault.reason, movedTo: null });
  }
  if (!kept.length) return moved;
  const quarantine = path.join(data, `quarantine-${now.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(quarantine, { recursive: true });
  for (const { name, reason, alone } of kept) {
    const files = alone ? [name] : [name, `${name}-wal`, `${name}-shm`, `${name}-journal`].filter((file) => existsSync(path.join(data, file)));
    for (const file of files) if (existsSync(path.join(data, file))) renameSync(path.join(data, file), path.join(quarantine, file));
    log(`FerretDB data: ${path.join(data, name)} is ${reason}; moved aside${files.length > 1 ? ` with ${files.slice(1).join(', ')}` : ''} to ${quarantine}/ (database "${name.replace(/\.sqlite(-wal|-shm)?$/, '')}" starts empty)`);
    moved.push({ file: path.join(data, name), reason, movedTo: path.join(quarantine, name) });
  }
  return moved;
}

/**
 * Starts FerretDB detached (logging to `logFile`, pid in `pidFile`) and waits until it accepts connections. On the
 * SQLite backend the data directory is checked first (`quarantineSqliteFiles`). A FerretDB that exits or does not
 * listen within `timeoutMs` fails with its exit, the data directory and the log lines of this start.
 */
export async function startFerretDB({
  host = '127.0.0.1',
  port = 27017,
  handler = 'sqlite',
  data = path.join(dirs.data, 'ferretdb'),
  logFile = path.join(dirs.log, 'ferretdb.log'),
  pidFile = path.join(dirs.run, 'ferretdb.pid'),
  binary = buildFerretDB(),
  postgresqlUrl = process.env.FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/ferretdb',
  timeoutMs = 60_000,
  log = say,
} = {}) {
  // A listener already there would pass for this FerretDB being ready.
  if (await talk({ host, port }).then(() => true, () => false)) throw new InfraError(`cannot start FerretDB on ${host}:${port}: something already listens there`);
  const args = ['-listen', `${host}:${port}`, '-handler', handler];
  let quarantined = [];
  if (handler === 'sqlite') {
    const running = ferretdbsOn(data);
    if (running.length) throw new InfraError(`cannot start FerretDB on ${host}:${port}: FerretDB (pid ${running.join(', ')}) already runs on ${data}, and two on the same SQLite files would damage them; stop it, or point MONGODB_URI at it`);
    mkdirSync(data, { recursive: true });
    quarantined = quarantineSqliteFiles(data, { log });
    args.push('-sqlite-url', `file:${data}/`);
  } else args.push('-postgresql-url', postgresqlUrl);
  for (const dir of [path.dirname(logFile), path.dirname(pidFile)]) mkdirSync(dir, { recursive: true });
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
  const out = openSync(logFile, 'a');
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', out, out], cwd: root });
  closeSync(out);
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  let exit = null;
  child.once('exit', (code, signal) => (exit = signal ?? `code ${code}`));
  child.once('error', (error) => (exit = error.message));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit === null && (await talk({ host, port }).then(() => true, () => false))) return { pid: child.pid, logFile, quarantined, data };
    if (exit !== null || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (exit === null) process.kill(child.pid, 'SIGTERM');
  const whole = readFileSync(logFile);
  const written = whole.subarray(logStart).toString('utf8').trim() || whole.toString('utf8').trim();
  const tail = written.split('\n').slice(-20).join('\n');
  const where = handler === 'sqlite' ? `data directory ${data}` : `PostgreSQL ${postgresqlUrl}`;
  throw new InfraError(
    `FerretDB on ${host}:${port} ${exit !== null ? `exited (${exit})` : `did not listen within ${timeoutMs / 1000}s`}; ${where}` +
      `${quarantined.length ? ` (moved aside before the start: ${quarantined.map((q) => path.basename(q.file)).join(', ')})` : ''}` +
      `; last lines of ${logFile}:\n${tail || '(empty)'}` +
      (handler === 'sqlite' ? `\nA database file there that FerretDB cannot open stops it; move that file (with its -wal and -shm) out of ${data}.` : ''),
  );
}

export async function up() {
  const labels = { nats: `NATS (JetStream) at ${addresses.nats}`, redis: `Redis at ${addresses.redis}`, mongo: `FerretDB (MongoDB wire) at ${addresses.mongo}` };
  for (const name of ['nats', 'redis', 'mongo']) {
    if (await reachable(name)) {
      say(`${labels[name]}: already running`);
      continue;
    }
    say(`${labels[name]}: not reachable, starting it`);
    const logFile = await starters[name]();
    await waitFor(name, logFile);
    say(`${labels[name]}: ready (log: ${path.relative(root, logFile)})`);
  }
}

export function down() {
  if (!existsSync(dirs.run)) return say('nothing was started by these scripts');
  for (const file of readdirSync(dirs.run)) {
    const pid = Number(readFileSync(path.join(dirs.run, file), 'utf8'));
    try {
      process.kill(pid, 'SIGTERM');
      say(`stopped ${file.replace('.pid', '')} (pid ${pid})`);
    } catch {
      /* already gone */
    }
    rmSync(path.join(dirs.run, file));
  }
}

/** The shared start of `npm start` and `npm test`: Node 24, then the infrastructure, or a clear exit. */
export async function prepare(command) {
  if (Number(process.versions.node.split('.')[0]) < 24) {
    process.stderr.write(`${command} needs Node 24 (found ${process.version}); run it through npm so the pinned node@24 is used\n`);
    process.exit(1);
  }
  try {
    await up();
  } catch (error) {
    process.stderr.write(`[infra] infrastructure failed: ${error.message}\n`);
    process.exit(1);
  }
}

async function status() {
  for (const name of ['nats', 'redis', 'mongo']) say(`${name}: ${(await reachable(name)) ? 'reachable' : 'not reachable'}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const command = process.argv[2] ?? 'up';
  const actions = { up, down, status };
  if (!actions[command]) {
    process.stderr.write('usage: node scripts/infra.mjs up|down|status\n');
    process.exit(2);
  }
  Promise.resolve(actions[command]()).catch((error) => {
    process.stderr.write(`[infra] FAILED: ${error.message}\n`);
    process.exit(1);
  });
}

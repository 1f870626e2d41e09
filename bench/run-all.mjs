#!/usr/bin/env node
// Runs the benches one after another and writes bench/RESULTS.md (and its machine-readable copy bench/results.json):
// per bench its figures, the raw baseline measured in the same run, the ratio, the target and MET / NOT MET, with
// the commit, the date (Beijing time) and the load average before it ran.
//
//   npm run bench                     # every bench, light ones first (hours: scoring and analytics are long)
//   npm run bench -- records scoring  # only those; their sections in RESULTS.md are replaced, the others kept
//   npm run bench -- --list           # the benches, in order
//   npm run bench -- --render         # RESULTS.md again from bench/results.json, nothing run
//
// Each bench runs as `node bench/<name>.bench.mjs` with stdout/stderr inherited (its progress shows) and
// BENCH_RESULTS_FILE set to a temp file where bench/lib.mjs report() appends its rows. Knobs pass through the
// environment as usual (BENCH_DURATION_S, BENCH_EVENTS, ...; see each bench's header); a bench's command-line
// flags come from BENCH_ARGS_<NAME> (e.g. BENCH_ARGS_OVERLOAD="--clients 50 --seconds 20"). Every BENCH_* variable
// and flag in effect is written into the bench's section, so a reduced-scale run says so.
// A bench that exits non-zero or reports no rows gets a "did not complete" row; the runner goes on and exits 1.
// Ctrl-C stops the running bench (SIGINT forwarded, waited for), keeps that bench's previous section, and writes
// the sections of the benches that finished. bench/ferretdb-backends.bench.mjs (a one-off decision: FerretDB's
// SQLite vs PostgreSQL backend, needs a PostgreSQL) is not part of the run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const RESULTS_MD = path.join(here, 'RESULTS.md');
const RESULTS_JSON = path.join(here, 'results.json');
const BENCHES = ['rpc', 'events', 'gateway', 'records', 'files', 'tasks', 'web', 'overload', 'analytics-catchup', 'scoring', 'analytics'];

// ---- which benches ---------------------------------------------------------------------------------------
const args = process.argv.slice(2);
if (args.includes('--list')) {
  console.log(BENCHES.join('\n'));
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npm run bench [-- <bench> ... | --list | --render]   benches: ' + BENCHES.join(', '));
  process.exit(0);
}
const unknown = args.filter((name) => !BENCHES.includes(name) && name !== '--render');
if (unknown.length) {
  console.error(`unknown bench${unknown.length > 1 ? 'es' : ''}: ${unknown.join(', ')} (benches: ${BENCHES.join(', ')})`);
  process.exit(2);
}
const selected = args.length ? BENCHES.filter((name) => args.includes(name)) : BENCHES;

// ---- the machine and the commit ----------------------------------------------------------------------------
const git = (...gitArgs) => spawnSync('git', gitArgs, { cwd: root, encoding: 'utf8' });
const sha = git('rev-parse', '--short', 'HEAD').stdout.trim() || 'unknown';
const dirty = git('status', '--porcelain').stdout.trim() !== '';
const commit = dirty ? `${sha} + uncommitted changes` : sha;
const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model?.trim() ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` };
const loadavg = () => os.loadavg().map((n) => Math.round(n * 100) / 100);
/** Beijing time (UTC+8), e.g. "2026-12-03 17:52 (UTC+8)". */
function beijing(date) {
  return `${new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} Beijing time (UTC+8)`;
}
/** The BENCH_* variables set now that this bench (or bench/lib.mjs, which it may use) reads, and its flags. */
const knobsNow = (name) => {
  const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const source = read(path.join(here, `${name}.bench.mjs`)) + read(path.join(here, 'lib.mjs'));
  const names = new Set(source.match(/BENCH_[A-Z0-9_]+/g) ?? []);
  const knobs = Object.fromEntries(Object.entries(process.env).filter(([key]) => names.has(key) && key !== 'BENCH_RESULTS_FILE').sort());
  const flags = benchArgs(name);
  if (flags.length) knobs.args = flags.join(' ');
  return knobs;
};
function benchArgs(name) {
  return (process.env[`BENCH_ARGS_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').split(' ').filter(Boolean);
}

// ---- what earlier runs left: read again at every write, so two runners of different benches do not undo each other
function previous() {
  if (!existsSync(RESULTS_JSON)) return {};
  try {
    return JSON.parse(readFileSync(RESULTS_JSON, 'utf8')).sections ?? {};
  } catch (error) {
    console.error(`bench/results.json is unreadable (${error.message}); its sections are dropped`);
    return {};
  }
}
const mine = {}; // the sections of this run

if (args.includes('--render')) {
  // RESULTS.md again from bench/results.json, nothing run (after editing the renderer or merging results.json by hand).
  write({});
  console.log(`wrote ${path.relative(root, RESULTS_MD)} from ${path.relative(root, RESULTS_JSON)}`);
  process.exit(0);
}

// ---- running ------------------------------------------------------------------------------------------------
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));
let current; // the running child
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) return; // a second Ctrl-C: still waiting for the bench to exit
  interrupted = true;
  console.error('\n[run-all] interrupted: stopping the running bench, then writing what has finished');
  // A Ctrl-C in a terminal reaches the child too (same process group); sent again for `kill -INT <runner>`.
  if (current && current.exitCode === null && current.signalCode === null) current.kill('SIGINT');
});
process.on('SIGTERM', () => {
  interrupted = true;
  if (current && current.exitCode === null) current.kill('SIGTERM');
});

const runStarted = new Date();
console.log(`[run-all] ${selected.length} bench${selected.length > 1 ? 'es' : ''}: ${selected.join(', ')}`);
console.log(`[run-all] commit ${commit}; ${machine.cores} cores (${machine.cpu}); Node ${machine.node}; ${beijing(runStarted)}; load average ${loadavg().join(', ')}`);

const outcomes = [];
for (const name of selected) {
  if (interrupted) break;
  const file = path.join(tmp, `${name}.jsonl`);
  const started = new Date();
  const load = loadavg();
  const knobs = knobsNow(name);
  console.log(`\n[run-all] ── ${name} ── ${beijing(started)}, load average before ${load.join(', ')}${Object.keys(knobs).length ? `; knobs ${JSON.stringify(knobs)}` : ''}\n`);
  const child = spawn(process.execPath, [path.join(here, `${name}.bench.mjs`), ...benchArgs(name)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULTS_FILE: file },
  });
  current = child;
  const { code, signal } = await new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  });
  current = undefined;
  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  const rows = existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((line) => {
        try {
          return [JSON.parse(line)];
        } catch {
          return [];
        }
      })
    : [];
  if (interrupted) {
    console.error(`[run-all] ${name} was interrupted after ${seconds} s (${signal ?? `exit code ${code}`}); its section in RESULTS.md is left as it was`);
    outcomes.push({ name, ok: false, interrupted: true });
    break;
  }
  const exit = signal ? `signal ${signal}` : `exit code ${code}`;
  const completed = code === 0 && rows.length > 0;
  if (!completed) {
    rows.push({
      bench: name,
      figure: `did not complete (${exit}${code === 0 ? ', no results reported' : ''})`,
      value: null,
      unit: null,
      baseline: null,
      baselineLabel: null,
      ratio: null,
      target: null,
      met: false,
      failed: true,
      note: "the bench's own output (on the runner's console) says why",
    });
  }
  mine[name] = { bench: name, run: runStarted.toISOString(), at: started.toISOString(), commit, loadavg: load, seconds, exit, completed, knobs, machine, rows };
  outcomes.push({ name, ok: completed, seconds, exit });
  console.log(`\n[run-all] ${name}: ${completed ? 'done' : `did not complete (${exit}${code === 0 ? ', no results reported' : ''})`} in ${seconds} s, ${rows.length} row${rows.length === 1 ? '' : 's'}`);
  write(mine); // after every bench, so a crash of the runner keeps what finished
}
rmSync(tmp, { recursive: true, force: true });
write(mine);

console.log(`\n[run-all] ${outcomes.map((o) => `${o.name} ${o.interrupted ? 'interrupted' : o.ok ? 'ok' : 'FAILED'}`).join(', ') || 'nothing ran'}`);
console.log(`[run-all] wrote ${path.relative(root, RESULTS_MD)} and ${path.relative(root, RESULTS_JSON)}`);
process.exit(interrupted ? 130 : outcomes.every((o) => o.ok) ? 0 : 1);

// ---- writing ------------------------------------------------------------------------------------------------
/** results.json and RESULTS.md: the sections there now, `own` (this run's) replacing theirs. */
function write(own) {
  const sections = ordered({ ...previous(), ...own });
  writeFileSync(RESULTS_JSON, JSON.stringify({ note: 'written by bench/run-all.mjs; RESULTS.md is generated from it', sections }, null, 2) + '\n');
  writeFileSync(RESULTS_MD, render(sections));
}

function ordered(sections) {
  const names = Object.keys(sections).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return Object.fromEntries(names.map((name) => [name, sections[name]]));
}
function rank(name) {
  const i = BENCHES.indexOf(name);
  return i < 0 ? BENCHES.length : i;
}

function cell(text) {
  return String(text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
function number(n) {
  if (n === null || n === undefined || !Number.isFinite(Number(n))) return '—';
  const value = Number(n);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}
function withUnit(n, unit) {
  return n === null || n === undefined ? '—' : `${number(n)}${unit ? (unit === '%' ? '%' : ` ${unit}`) : ''}`;
}
function ratioText(row) {
  if (row.ratio === null || row.ratio === undefined) return '—';
  if (typeof row.ratio === 'string') return row.ratio;
  return row.ratioUnit === '×' ? `${row.ratio.toFixed(2)}×` : `${(row.ratio * 100).toFixed(1)}%`;
}
function verdict(met) {
  return met === true ? 'MET' : met === false ? 'NOT MET' : '—';
}

function render(sections) {
  const list = Object.values(ordered(sections));
  const latest = list.reduce((a, b) => (!a || b.at > a.at ? b : a), undefined);
  const m = latest?.machine ?? machine;
  const commits = [...new Set(list.map((s) => s.commit))];
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run-all.mjs) — do not edit by hand; bench/results.json holds the same rows for merging.',
    'Each figure is measured against a raw baseline in the same run (see each bench\'s header in `bench/*.bench.mjs` for what the baseline does).',
    '',
    'Regenerate everything with `npm run bench` (light benches first; scoring and analytics take long), or some benches with',
    '`npm run bench -- rpc records`: their sections are replaced, the others kept. Knobs are the benches\' own environment variables;',
    'a section run with any of its `BENCH_*` variables or flags set lists them and says it is not the figures of record. `bench/ferretdb-backends.bench.mjs` (a one-off decision) is not part of the run.',
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.platform}; Node ${m.node}. The machine is shared: the load average before each bench is given with it.`,
  ];
  const runs = new Set(list.map((s) => s.run ?? s.at));
  if (runs.size > 1) {
    lines.push('', `**Assembled from ${runs.size} runs** (commit${commits.length > 1 ? 's' : ''} ${commits.join(', ')}): each section states its own commit, date and load average.`);
  }
  lines.push('', '| Bench | Measured (Beijing time, UTC+8) | Commit | Load average before | Result |', '| --- | --- | --- | --- | --- |');
  for (const s of list) {
    const met = s.rows.filter((r) => r.met === true).length;
    const notMet = s.rows.filter((r) => r.met === false).length;
    const result = !s.completed ? 'did not complete' : `${met} MET, ${notMet} NOT MET`;
    lines.push(`| [${s.bench}](#${s.bench}) | ${beijing(new Date(s.at)).replace(/ Beijing.*/, '')} | ${cell(s.commit)} | ${s.loadavg.slice(0, 2).join(', ')} | ${result}${Object.keys(s.knobs ?? {}).length ? ' (reduced run)' : ''} |`);
  }
  const reduced = list.filter((s) => Object.keys(s.knobs ?? {}).length).length;
  if (reduced) lines.push('', `**${reduced === list.length ? 'Every section here is a reduced run' : `${reduced} of ${list.length} sections here are reduced runs`} (knobs stated in the section): checks that the bench runs and reports, not the figures of record.**`);
  const busy = list.filter((s) => s.loadavg[0] > (s.machine?.cores ?? machine.cores)).length;
  if (busy) lines.push('', `${busy === list.length ? 'Every section was' : `${busy} of ${list.length} sections were`} measured on a busy machine (1-min load average above the core count before the run): the figures are depressed by other work.`);
  const missing = BENCHES.filter((name) => !sections[name]);
  if (missing.length) lines.push('', `Not measured yet in this table: ${missing.join(', ')} (\`npm run bench -- ${missing.join(' ')}\`).`);
  for (const s of list) {
    lines.push('', `## ${s.bench}`, '');
    const busyNote = s.loadavg[0] > (s.machine?.cores ?? machine.cores) ? ' (busy: above the core count)' : '';
    lines.push(`measured ${beijing(new Date(s.at))} on commit ${s.commit}, load average before the run ${s.loadavg.slice(0, 2).join(', ')} (1-min, 5-min)${busyNote}; took ${s.seconds} s; ${s.exit}; Node ${s.machine?.node ?? '?'}, ${s.machine?.cores ?? '?'} cores`);
    const knobs = Object.entries(s.knobs ?? {});
    if (knobs.length) lines.push('', `**Run with ${knobs.map(([k, v]) => (k === 'args' ? `flags \`${v}\`` : `\`${k}=${v}\``)).join(', ')}** — not the default scale: a reduced or modified run, not the figures of record.`);
    lines.push('', '| Figure | Value | Raw baseline (same run) | Ratio | Target | Result |', '| --- | ---: | ---: | ---: | --- | --- |');
    for (const r of s.rows) {
      const baseline = r.baseline === null || r.baseline === undefined ? '—' : `${withUnit(r.baseline, r.baselineUnit ?? r.unit)}${r.baselineLabel ? ` (${r.baselineLabel})` : ''}`;
      lines.push(`| ${cell(r.figure)} | ${cell(withUnit(r.value, r.unit))} | ${cell(baseline)} | ${cell(ratioText(r))} | ${cell(r.target ?? '—')} | ${r.failed ? 'DID NOT COMPLETE' : verdict(r.met)} |`);
    }
    const notes = s.rows.filter((r) => r.note);
    if (notes.length) {
      lines.push('');
      for (const r of notes) lines.push(`- ${r.figure}: ${String(r.note).replace(/\n/g, ' ')}`);
    }
    // Where the time goes for a target not met: written by hand (with the profile's numbers) in bench/why/<bench>.md.
    const why = path.join(path.dirname(RESULTS_JSON), 'why', `${s.bench}.md`);
    if (existsSync(why)) lines.push('', `### Where the time goes (bench/why/${s.bench}.md, written by hand)`, '', readFileSync(why, 'utf8').trim());
  }
  for (const name of missing) {
    const why = path.join(path.dirname(RESULTS_JSON), 'why', `${name}.md`);
    if (existsSync(why)) lines.push('', `## ${name}`, '', `Not measured by \`npm run bench\` yet; measured by hand (bench/why/${name}.md):`, '', readFileSync(why, 'utf8').trim());
  }
  return lines.join('\n') + '\n';
}

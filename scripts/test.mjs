#!/usr/bin/env node
// `npm test`: brings up the infrastructure the tests need (NATS, Redis, FerretDB), builds the services and the web
// console (integration tests run them as processes; the console's end-to-end tests drive Debian's Chromium, installed
// here when missing), then runs every jest project and the console's component tests (vitest). Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall, prepare } from './infra.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } }).status ?? 1;

await prepare('npm test');

// The web console's end-to-end tests (web/e2e) drive Debian's Chromium through playwright-core (never a downloaded
// browser); its screenshots (web/screenshots) need a font with Chinese glyphs (Debian's fonts-wqy-microhei).
const CHROMIUM = '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
try {
  if (!existsSync(CHROMIUM)) aptInstall('chromium', 'chromium');
} catch (error) {
  process.stderr.write(`[test] could not install Chromium for the web console's end-to-end tests: ${error.message}\n`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`[test] Chromium was installed but ${CHROMIUM} is missing\n`);
  process.exit(1);
}
if (!existsSync(CJK_FONT)) {
  // aptInstall looks for a command; a font has none, so its own check fails after the install: the file decides.
  try {
    aptInstall('fonts-wqy-microhei', path.basename(CJK_FONT));
  } catch {
    /* checked below */
  }
  if (!existsSync(CJK_FONT)) process.stderr.write(`[test] warning: no Chinese font (${CJK_FONT}); the console's screenshots will show boxes for Chinese text\n`);
}

// The manifest tests need kustomize, kubeconform and nats-server (built once from the Go module proxy into .infra/bin).
if (run(process.execPath, [path.join(root, 'scripts', 'k8s-tools.mjs')]) !== 0) {
  process.stderr.write('[test] could not install the deploy/k8s tools\n');
  process.exit(1);
}

if (run(bin('nx'), ['run-many', '-t', 'build', '--outputStyle=static']) !== 0) {
  process.stderr.write('[test] build failed\n');
  process.exit(1);
}
if (run(bin('tsc'), ['-p', 'tsconfig.json']) !== 0) {
  process.stderr.write('[test] type check (tests and benches included) failed\n');
  process.exit(1);
}
if (run(bin('nx'), ['run-many', '-t', 'lint', '--outputStyle=static']) !== 0) {
  process.stderr.write('[test] lint failed\n');
  process.exit(1);
}

mkdirSync(path.join(root, '.infra'), { recursive: true });
// The crash-recovery tests promise "within 30 s of the restart": they run after the others, one at a time, so what
// they measure is the system's recovery and not the load of another test file on the same two cores.
const CRASH_TESTS = 'crash-recovery\\.e2e\\.test\\.ts$';
const own = process.argv.slice(2);
const jestRuns = own.length
  ? [{ file: path.join(root, '.infra', 'jest-results.json'), args: ['--maxWorkers=2', ...own] }]
  : [
      { file: path.join(root, '.infra', 'jest-results.json'), args: ['--maxWorkers=2', '--testPathIgnorePatterns', CRASH_TESTS] },
      { file: path.join(root, '.infra', 'jest-crash-results.json'), args: ['--runInBand', '--testPathPatterns', CRASH_TESTS] },
    ];
let jestStatus = 0;
for (const { file, args } of jestRuns) {
  rmSync(file, { force: true });
  const status = run(bin('jest'), ['--ci', '--json', `--outputFile=${file}`, ...args]);
  if (jestStatus === 0) jestStatus = status;
}

const vitestResults = path.join(root, '.infra', 'vitest-results.json');
rmSync(vitestResults, { force: true });
const vitestStatus =
  spawnSync(bin('vitest'), ['run', '--config', 'vite.config.mts', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestResults}`], {
    cwd: path.join(root, 'web'),
    stdio: 'inherit',
    env: { ...process.env, CI: 'true' },
  }).status ?? 1;

const counts = { passed: 0, failed: 0 };
let missing = false;
for (const [name, file] of [...jestRuns.map((r) => ['jest', r.file]), ['vitest', vitestResults]]) {
  try {
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    counts.passed += summary.numPassedTests;
    counts.failed += summary.numFailedTests;
  } catch {
    missing = true;
    process.stdout.write(`\n[test] ${name} wrote no results\n`);
  }
}
process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed\n`);
process.exit(jestStatus !== 0 ? jestStatus : vitestStatus !== 0 ? vitestStatus : missing ? 1 : 0);

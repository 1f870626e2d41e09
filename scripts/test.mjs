#!/usr/bin/env node
// `npm test`: brings up the infrastructure the tests need (NATS, Redis, FerretDB), builds the services
// (integration tests run them as processes), then runs every jest project. Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepare } from './infra.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } }).status ?? 1;

await prepare('npm test');

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
const results = path.join(root, '.infra', 'jest-results.json');
const jestArgs = ['--ci', '--maxWorkers=2', '--json', `--outputFile=${results}`, ...process.argv.slice(2)];
const status = run(bin('jest'), jestArgs);

try {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  process.stdout.write(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed\n`);
} catch {
  process.stdout.write('\n[test] jest wrote no results\n');
}
process.exit(status);

#!/usr/bin/env node
// `npm start`: infrastructure (started only if not running), build, all seven services, then the URLs.
// Each service logs JSON to .infra/log/<service>.log; Ctrl+C stops them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepare } from './infra.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const services = ['records', 'tasks', 'scoring', 'analytics', 'notifications', 'appraisal', 'selection', 'gateway'];
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 3000);
const say = (message) => process.stdout.write(`[start] ${message}\n`);

await prepare('npm start');

say('building');
const build = spawnSync(path.join(root, 'node_modules', '.bin', 'nx'), ['run-many', '-t', 'build', '--outputStyle=static'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
});
if (build.status !== 0) {
  process.stderr.write('[start] build failed: run `npx nx run-many -t build` to see why\n');
  process.exit(1);
}

const logDir = path.join(root, '.infra', 'log');
mkdirSync(logDir, { recursive: true });
const children = services.map((name) => {
  const log = openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, [path.join(root, 'services', name, 'dist', 'main.js')], { cwd: root, stdio: ['ignore', log, log], env: process.env });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[start] ${name} exited (${signal ?? code}); see .infra/log/${name}.log\n`);
      stop(1);
    }
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping the services');
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5_000).unref();
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const deadline = Date.now() + 90_000;
let ready = false;
while (!stopping && Date.now() < deadline) {
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/readyz`).catch(() => undefined);
  if (response?.ok) {
    ready = true;
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
if (!ready) {
  process.stderr.write('[start] the system did not become ready within 90 s; see .infra/log/*.log\n');
  stop(1);
} else {
  const seeded = spawnSync(process.execPath, [path.join(root, 'scripts', 'seed.mjs')], { cwd: root, stdio: 'inherit', env: process.env });
  if (seeded.status !== 0) process.stderr.write('[start] seeding demo data failed (the system is still up)\n');
  process.stdout.write(`
激励一张网 — the cadre incentive platform is up

  web console    http://localhost:${gatewayPort}/
  API            http://localhost:${gatewayPort}/api/v1
  health         http://localhost:${gatewayPort}/healthz   http://localhost:${gatewayPort}/readyz
  operations     gateway :9100, records :9101, tasks :9102, scoring :9103, analytics :9104, notifications :9105, appraisal :9106, selection :9107  (/healthz /readyz /metrics)
  logs           .infra/log/<service>.log (JSON, with trace ids)

Press Ctrl+C to stop.
`);
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort, waitUntil } from './wait';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export const infra = {
  mongoUri: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

export interface ServiceHandle {
  name: string;
  opsPort: number;
  port?: number;
  output(): string;
  /** Resolves with the exit code when the process ends by itself. */
  exited(): Promise<number | null>;
  /** SIGTERM and wait for the exit (a clean stop: transports drained). */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies wherever it is. */
  kill(): Promise<void>;
}

/** A child process as a handle: its output (stdout and stderr), its exit, a SIGTERM stop and a SIGKILL, both waiting for the exit. */
export function processHandle(name: string, child: ChildProcess): Omit<ServiceHandle, 'opsPort' | 'port'> {
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const running = () => child.exitCode === null && child.signalCode === null;
  // `exit` can have happened already (a process that died at once); a spawn that failed never exits.
  const exited = new Promise<number | null>((resolve) => {
    if (!running()) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.once('error', () => (child.pid === undefined ? resolve(null) : undefined));
  });
  return {
    name,
    output: () => output,
    exited: () => exited,
    async stop() {
      if (!running()) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * The order of every teardown: SIGTERM to each process and a wait until each has exited (a process still running
 * `killAfterMs` after its SIGTERM is SIGKILLed, with a warning, and waited for; without `killAfterMs` every clean
 * stop is waited for), and only then `drop` (the databases the processes used, their NATS): a database dropped
 * under a connected service is what coincided with FerretDB dying (SIGBUS in SQLite's WAL). When a stop fails,
 * nothing is dropped and the failure is thrown.
 */
export async function stopThenDrop(processes: Pick<ServiceHandle, 'name' | 'stop' | 'kill'>[], options: { killAfterMs?: number }, drop: () => Promise<void>): Promise<void> {
  const { killAfterMs } = options;
  const stopOne = async (service: Pick<ServiceHandle, 'name' | 'stop' | 'kill'>) => {
    if (killAfterMs === undefined) return void (await service.stop());
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([service.stop().then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), killAfterMs)))]);
    clearTimeout(timer);
    if (!stopped) {
      console.warn(`${service.name} did not stop within ${killAfterMs / 1000} s of SIGTERM; killed`);
      await service.kill();
    }
  };
  const results = await Promise.allSettled(processes.map(stopOne));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (failures.length) throw failures.length === 1 ? failures[0] : new AggregateError(failures, 'stopping the processes failed; nothing was dropped');
  await drop();
}

/** Runs a built service (`services/<name>/dist/main.js`) as its own process and waits until it is ready. */
export async function startService(name: string, env: Record<string, string>, options: { waitReady?: boolean } = {}): Promise<ServiceHandle> {
  const main = path.join(repoRoot, 'services', name, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm test builds)`);
  const opsPort = Number(env.OPS_PORT ?? (await freePort()));
  const port = name === 'gateway' ? Number(env.GATEWAY_PORT ?? (await freePort())) : undefined;
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: { ...process.env, LOG_LEVEL: 'warn', MONGODB_URI: infra.mongoUri, REDIS_URL: infra.redisUrl, ...env, OPS_PORT: String(opsPort), ...(port ? { GATEWAY_PORT: String(port) } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const handle: ServiceHandle = { ...processHandle(name, child), opsPort, port };
  if (options.waitReady !== false) {
    try {
      await waitUntil(
        async () => {
          if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${handle.output()}`);
          const response = await fetch(`http://127.0.0.1:${opsPort}/readyz`).catch(() => undefined);
          return response?.ok;
        },
        { timeoutMs: 30_000, what: `${name} to be ready` },
      );
    } catch (error) {
      await handle.kill();
      throw error;
    }
  }
  return handle;
}

/** Starts several services at once; if one fails to come up, the others are killed before the error is thrown. */
export async function startServices(specs: { name: string; env: Record<string, string> }[]): Promise<ServiceHandle[]> {
  const results = await Promise.allSettled(specs.map((spec) => startService(spec.name, spec.env)));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(results.map((result) => (result.status === 'fulfilled' ? result.value.kill() : undefined)));
    throw (failed as PromiseRejectedResult).reason;
  }
  return results.map((result) => (result as PromiseFulfilledResult<ServiceHandle>).value);
}

/**
 * Starts a built service and waits (generously: a loaded machine) until its /readyz answers; `track` gets the handle
 * at once, so a caller can stop it even when readiness fails. A failure carries the service's output.
 */
export async function startServiceReady(name: string, env: Record<string, string>, track: (handle: ServiceHandle) => void = () => undefined): Promise<ServiceHandle> {
  const handle = await startService(name, env, { waitReady: false });
  track(handle);
  let exitCode: number | null | undefined;
  void handle.exited().then((code) => (exitCode = code));
  try {
    await waitUntil(
      async () => {
        if (exitCode !== undefined) throw new Error(`${name} exited with ${exitCode}`);
        return (await fetch(`http://127.0.0.1:${handle.opsPort}/readyz`).catch(() => undefined))?.ok;
      },
      { timeoutMs: 90_000, intervalMs: 250, what: `${name} to be ready` },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- ${name} output ---\n${handle.output().slice(-4_000)}`);
  }
  return handle;
}

/** Whether a process of this pid still exists (signal 0 tests without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

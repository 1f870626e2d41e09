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
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const handle: ServiceHandle = {
    name,
    opsPort,
    port,
    output: () => output,
    exited: () => exited,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  if (options.waitReady !== false) {
    try {
      await waitUntil(
        async () => {
          if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
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

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitUntil } from './wait';
import net from 'node:net';
import { connect, type NatsConnection } from 'nats';

export interface NatsServerHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function natsBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v nats-server || ls /usr/sbin/nats-server'], { encoding: 'utf8' });
  const binary = found.stdout.trim().split('\n')[0];
  if (!binary) throw new Error('nats-server is not installed (npm test installs it; or apt-get install nats-server)');
  return binary;
}

/**
 * A private NATS server with JetStream (file store in a temp folder) for one test file, so tests never
 * share streams or durable consumers with each other or with a running system.
 */
export async function startNatsServer(): Promise<NatsServerHandle> {
  const port = await freePort();
  const store = mkdtempSync(path.join(tmpdir(), 'cadre-nats-'));
  const child: ChildProcess = spawn(natsBinary(), ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const exitWithin = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (!running()) return resolve(true);
      const timer = setTimeout(() => resolve(!running()), ms);
      child.once('exit', () => (clearTimeout(timer), resolve(true)));
    });
  let stopped: Promise<void> | undefined;
  /** SIGTERM, wait for the exit (SIGKILL after 10 s), then remove the store; idempotent. */
  const stop = () =>
    (stopped ??= (async () => {
      if (running()) {
        child.kill('SIGTERM');
        if (!(await exitWithin(10_000))) {
          console.warn(`the test NATS server (pid ${child.pid}) did not exit within 10 s of SIGTERM; killed`);
          child.kill('SIGKILL');
          await exitWithin(10_000);
        }
      }
      rmSync(store, { recursive: true, force: true });
    })());
  child.once('error', () => undefined); // a missing binary: the wait below fails with the reason
  try {
    await waitUntil(
      () => {
        if (!running()) throw new Error(`nats-server exited (${child.signalCode ?? child.exitCode})`);
        return canConnect(port);
      },
      { timeoutMs: 10_000, what: 'the test NATS server to listen' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `nats://127.0.0.1:${port}`, port, stop };
}

/** A private NATS server (see `startNatsServer`) with one client connected to it. */
export interface ConnectedNats {
  nats: NatsServerHandle;
  nc: NatsConnection;
  /** Drains the client, then stops the server. */
  stop(): Promise<void>;
}

export async function startConnectedNats(): Promise<ConnectedNats> {
  const nats = await startNatsServer();
  try {
    const nc = await connect({ servers: nats.url });
    return {
      nats,
      nc,
      async stop() {
        try {
          await nc.drain();
        } finally {
          await nats.stop();
        }
      },
    };
  } catch (error) {
    await nats.stop();
    throw error;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

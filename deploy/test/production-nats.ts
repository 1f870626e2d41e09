// The production NATS configuration, run locally: the rendered nats-config (nats.conf, accounts.conf) with the
// container's environment, Secret values made up here. Shared by the NATS configuration test and the system test
// that runs the eight services under the production accounts.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Rendered, type Container } from './rendered';

export interface ProductionNats {
  /** The rendered nats-config files by name. */
  conf: Record<string, string>;
  container: Container;
  /** Made-up values of the Secret nats-auth, by key (`RECORDS_PASSWORD`, …), filled as containerEnv() reads them. */
  passwords: Record<string, string>;
  /** The NATS container's environment as the kubelet gives it: Secret values made up here, $(VAR) expanded in order. */
  containerEnv(): Record<string, string>;
}

/**
 * Made-up Secret values, as `openssl rand -hex` gives them, and ones a configuration parser would take for
 * numbers: nats-server must still read every password as the string it is.
 */
function madeUpPassword(index: number): string {
  const shapes = [() => randomBytes(12).toString('hex'), () => `0${randomBytes(11).toString('hex')}`, () => String(randomInt(1e9, 2e9)), () => `1e9${randomInt(1e6)}`];
  return shapes[index % shapes.length]();
}

export function productionNats(rendered = Rendered.build('production')): ProductionNats {
  const conf = rendered.all('ConfigMap').find((c) => c.metadata.name.startsWith('nats-config'))!.data as Record<string, string>;
  const container = rendered.podSpec(rendered.get('StatefulSet', 'nats')).containers[0];
  const passwords: Record<string, string> = {};
  return {
    conf,
    container,
    passwords,
    containerEnv() {
      const env: Record<string, string> = {};
      for (const variable of container.env ?? []) {
        if (variable.valueFrom?.secretKeyRef) {
          const key = variable.valueFrom.secretKeyRef.key;
          env[variable.name] = passwords[key] ??= madeUpPassword(Object.keys(passwords).length);
        } else if (variable.valueFrom?.fieldRef?.fieldPath === 'metadata.name') {
          env[variable.name] = 'nats-0';
        } else {
          env[variable.name] = (variable.value ?? '').replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole);
        }
      }
      return env;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningNats {
  port: number;
  url: string;
  /** What the server logged (permission violations among it). */
  log(): string;
  stop(): Promise<void>;
}

/** Runs `nats-server -c nats.conf` from `files` with `env`, until it listens on `port`. */
export async function runNatsServer(binary: string, files: Record<string, string>, env: Record<string, string>, port: number): Promise<RunningNats> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cadre-nats-conf-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const logFile = path.join(dir, 'nats.log');
  const child: ChildProcess = spawn(binary, ['-c', path.join(dir, 'nats.conf'), '-l', logFile], { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      await stop();
      throw new Error(`nats-server exited with ${child.exitCode}\n${log.slice(-2_000)}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return { port, url: `nats://127.0.0.1:${port}`, log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''), stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('nats-server did not listen within 10 s');
}

/** One server with JetStream and the production accounts, as each service connects to the cluster. */
export async function runAccountsServer(binary: string, nats: ProductionNats): Promise<RunningNats> {
  const port = await freePort();
  const store = mkdtempSync(path.join(tmpdir(), 'cadre-nats-js-'));
  const main = `listen: 127.0.0.1:${port}\njetstream { store_dir: "${store}" }\ninclude ./accounts.conf\n`;
  const server = await runNatsServer(binary, { 'nats.conf': main, 'accounts.conf': nats.conf['accounts.conf'] }, nats.containerEnv(), port);
  return {
    ...server,
    async stop() {
      await server.stop();
      rmSync(store, { recursive: true, force: true });
    },
  };
}

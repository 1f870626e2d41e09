import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

type ReadinessCheck = () => Promise<void>;

/** Named dependency checks behind `/readyz`: each must settle within `timeoutMs`. */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(private readonly timeoutMs = 2_000) {}

  add(name: string, check: ReadinessCheck): this {
    this.checks.set(name, check);
    return this;
  }

  async report(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          await withTimeout(check(), this.timeoutMs);
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, `failed: ${(error as Error).message}`] as const;
        }
      }),
    );
    return { ready: entries.every(([, state]) => state === 'ok'), checks: Object.fromEntries(entries) };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** The process's Prometheus registry, with Node's process metrics labelled by service. */
export const metricsRegistry = new Registry();
let defaultMetricsOn = false;

export function enableProcessMetrics(service: string): void {
  if (defaultMetricsOn) return;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
  defaultMetricsOn = true;
}

/**
 * The operations port: `/healthz` (alive), `/readyz` (dependencies reachable) and `/metrics` (Prometheus),
 * served apart from the public API so probes and scrapes never compete with callers.
 */
export function startOpsServer(options: { port: number; host?: string; readiness: Readiness }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') return send(200, 'application/json', JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      void options.readiness.report().then((report) =>
        send(report.ready ? 200 : 503, 'application/json', JSON.stringify(report)),
      );
      return;
    }
    if (path === '/metrics') {
      void metricsRegistry.metrics().then((body) => send(200, metricsRegistry.contentType, body));
      return;
    }
    send(404, 'text/plain', 'not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve(server));
  });
}

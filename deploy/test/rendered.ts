import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot, tools } from './k8s-tools';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } };
}
export interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
  exec?: { command: string[] };
  periodSeconds?: number;
  failureThreshold?: number;
}
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number }; exec?: { command: string[] } } };
  securityContext?: Record<string, any>;
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: Record<string, any>;
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string; secret?: { secretName: string }; configMap?: { name: string } }[];
}

export const SERVICES = ['gateway', 'records', 'tasks', 'scoring', 'analytics', 'notifications', 'appraisal', 'selection'] as const;
export type Service = (typeof SERVICES)[number];

export const TARGETS = {
  base: path.join(repoRoot, 'deploy', 'k8s', 'base'),
  production: path.join(repoRoot, 'deploy', 'k8s', 'overlays', 'production'),
} as const;
export type Target = keyof typeof TARGETS;

export class Rendered {
  readonly objects: K8sObject[];

  constructor(readonly target: Target, readonly yaml: string) {
    this.objects = parseAllDocuments(yaml)
      .map((doc) => doc.toJS() as K8sObject)
      .filter(Boolean);
  }

  static build(target: Target): Rendered {
    return new Rendered(target, tools.kustomizeBuild(TARGETS[target]));
  }

  all(kind: string): K8sObject[] {
    return this.objects.filter((o) => o.kind === kind);
  }

  find(kind: string, name: string): K8sObject | undefined {
    return this.objects.find((o) => o.kind === kind && o.metadata.name === name);
  }

  get(kind: string, name: string): K8sObject {
    const found = this.find(kind, name);
    if (!found) throw new Error(`${this.target}: no ${kind}/${name} rendered`);
    return found;
  }

  /** Deployments, StatefulSets and Jobs: everything that runs pods. */
  workloads(): K8sObject[] {
    return this.objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind));
  }

  podSpec(workload: K8sObject): PodSpec {
    return workload.spec.template.spec as PodSpec;
  }

  /** A ConfigMap's or Secret's keys, from the rendered output or, for an external Secret, from its contract. */
  keysOf(kind: 'ConfigMap' | 'Secret', name: string): Set<string> | undefined {
    const object = this.find(kind, name);
    if (object) return new Set([...Object.keys(object.data ?? {}), ...Object.keys(object.stringData ?? {})]);
    if (kind === 'Secret' && this.target === 'production') return externalSecrets().get(name);
    return undefined;
  }

  /** Every variable a container gets, by name: its value when literal, `undefined` for references. */
  environment(container: Container): Map<string, string | undefined> {
    const env = new Map<string, string | undefined>();
    for (const source of container.envFrom ?? []) {
      const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
      const name = (source.configMapRef ?? source.secretRef)!.name;
      const object = this.find(kind, name);
      const keys = this.keysOf(kind, name);
      if (!keys) throw new Error(`${this.target}: ${container.name} takes envFrom ${kind}/${name}, which does not exist`);
      for (const key of keys) env.set(key, kind === 'ConfigMap' ? object?.data?.[key] : undefined);
    }
    for (const variable of container.env ?? []) env.set(variable.name, variable.value);
    return env;
  }
}

/**
 * The production overlay's Secrets are managed outside git; their names and keys are the contract in
 * overlays/production/secrets/*.example (one key a line, `KEY=` or a bare key name).
 */
export function externalSecrets(): Map<string, Set<string>> {
  const dir = path.join(TARGETS.production, 'secrets');
  const secrets = new Map<string, Set<string>>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.example'))) {
    const name = file.replace(/(\.env)?\.example$/, '');
    const keys = readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split('=')[0]);
    secrets.set(name, new Set(keys));
  }
  return secrets;
}

/** Whether a label selector (matchLabels / matchExpressions) selects these labels. */
export function selects(selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === 'In' && !(has && e.values!.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values!.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

// ---- What the code reads, from the sources ----

const source = (...parts: string[]) => readFileSync(path.join(repoRoot, ...parts), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)));
}

/** The variables in a service's `loadConfig({ ... })` (services/<name>/src/config.ts): the object's upper-case keys. */
export function configKeys(service: Service): string[] {
  const text = source('services', service, 'src', 'config.ts');
  const start = text.indexOf('loadConfig({');
  if (start < 0) throw new Error(`services/${service}/src/config.ts has no loadConfig({ ... })`);
  const end = text.indexOf('\n});', start);
  return [...text.slice(start, end).matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)].map((m) => m[1]);
}

/** The defaults in a service's config (`OPS_PORT: env.port(9101)` → 9101), for the ports. */
export function configDefault(service: Service, variable: string): string | undefined {
  const match = new RegExp(`\\b${variable}:\\s*env\\.\\w+\\(([^)]*)\\)`).exec(source('services', service, 'src', 'config.ts'));
  return match?.[1].replace(/_/g, '').replace(/'/g, '');
}

/** `process.env.X` read directly by the libs every service loads, and by the service itself (npm_* are npm's own). */
export function directlyReadVariables(service: Service): string[] {
  const files = [...sourceFiles('libs/platform/src'), ...sourceFiles('libs/messaging/src'), ...sourceFiles(`services/${service}/src`)];
  const names = new Set<string>();
  for (const file of files) {
    for (const m of source(file).matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)) if (!m[1].startsWith('npm_')) names.add(m[1]);
  }
  return [...names].sort();
}

/** The paths the ops server answers (libs/platform/src/health.ts: `path === '/healthz'` ...). */
export function opsPaths(): string[] {
  return [...source('libs', 'platform', 'src', 'health.ts').matchAll(/path === '(\/[^']*)'/g)].map((m) => m[1]);
}

/** JetStream's ack wait for the durable consumers (libs/messaging/src/jetstream.server.ts), in seconds. */
export function ackWaitSeconds(): number {
  const match = /ackWaitMs \?\? ([\d_]+)/.exec(source('libs', 'messaging', 'src', 'jetstream.server.ts'));
  if (!match) throw new Error('no ack wait default found in jetstream.server.ts');
  return Number(match[1].replace(/_/g, '')) / 1000;
}

/** Which services read a variable in their config (REDIS_URL, MONGODB_URI, NATS_URL). */
export function servicesReading(variable: string): Service[] {
  return SERVICES.filter((service) => configKeys(service).includes(variable));
}

// ---- The web console's nginx configuration (deploy/k8s/base/web/nginx.conf), read as text ----

export const WEB_NGINX_CONF = path.join(TARGETS.base, 'web', 'nginx.conf');

export interface NginxConfig {
  text: string;
  /** The server's `listen` port. */
  listen: number;
  /** The server's `root`. */
  root: string;
  /** `location` blocks: their match (`= /healthz`, `^~ /assets/`, `/`) and body. */
  locations: { match: string; body: string }[];
  /** Exact-match locations answering `return 200`: what a probe may ask for. */
  okPaths: string[];
  /** The server-level `add_header NAME "VALUE" [always];` lines. */
  headers: { name: string; value: string; always: boolean }[];
  /** Where nginx writes: the pid file's directory and the temp paths. */
  writablePaths: string[];
}

export function nginxConfig(file = WEB_NGINX_CONF): NginxConfig {
  const text = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/^\s*#.*$/, ''))
    .join('\n');
  const locations = [...text.matchAll(/^\s*location\s+([^{]+?)\s*\{([^}]*)\}/gm)].map((m) => ({ match: m[1], body: m[2] }));
  const server = text.replace(/^\s*location\s+[^{]+\{[^}]*\}/gm, '');
  const directive = (name: string, within = text) => new RegExp(`^\\s*${name}\\s+([^;]+);`, 'm').exec(within)?.[1];
  return {
    text,
    listen: Number(directive('listen')),
    root: directive('root') ?? '',
    locations,
    okPaths: locations.filter((l) => l.match.startsWith('= ') && /\breturn\s+200\b/.test(l.body)).map((l) => l.match.slice(2).trim()),
    headers: [...server.matchAll(/^\s*add_header\s+(\S+)\s+(?:"([^"]*)"|(\S+))(\s+always)?;/gm)].map((m) => ({ name: m[1], value: m[2] ?? m[3], always: Boolean(m[4]) })),
    writablePaths: [path.posix.dirname(directive('pid') ?? ''), ...[...text.matchAll(/^\s*\w+_temp_path\s+(\S+);/gm)].map((m) => m[1])],
  };
}

/** Which backend a Prefix-path Ingress rule sends a request path to: the longest matching prefix, by path element. */
export function ingressBackend(ingress: K8sObject, requestPath: string): { name: string; port: { name?: string; number?: number } } | undefined {
  const elements = (p: string) => p.split('/').filter(Boolean);
  const request = elements(requestPath);
  let best: { length: number; backend: any } | undefined;
  for (const rule of ingress.spec.rules) {
    for (const p of rule.http.paths) {
      const prefix = elements(p.path);
      const matches = p.pathType === 'Exact' ? p.path === requestPath : prefix.every((element, i) => request[i] === element);
      if (matches && (!best || prefix.length > best.length)) best = { length: prefix.length, backend: p.backend.service };
    }
  }
  return best?.backend;
}

/** The path prefixes of the API the console calls (each string starting /api/<segment> in web/src), sorted, deduplicated. */
export function apiPrefixesCalledByConsole(): string[] {
  const files = readdirSync(path.join(repoRoot, 'web', 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
  const prefixes = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // Requests go through the generated client (paths like '/api/v1/records'), the upload's XHR and the live feed.
    for (const m of text.matchAll(/[`'"](\/api\/[^/`'"$?]+)/g)) prefixes.add(m[1]);
  }
  return [...prefixes].sort();
}

/** The route prefixes of the gateway's controllers (`@Controller('api/v1')`), as paths. */
export function gatewayControllerPrefixes(): string[] {
  const prefixes = new Set<string>();
  for (const file of sourceFiles('services/gateway/src')) {
    for (const m of source(file).matchAll(/@Controller\(\s*'([^']*)'/g)) prefixes.add(`/${m[1].replace(/^\/+/, '')}`);
  }
  return [...prefixes].sort();
}

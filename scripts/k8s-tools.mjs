#!/usr/bin/env node
// Tools for deploy/k8s, installed into .infra/ from the Go module proxy when missing:
//   kustomize    renders deploy/k8s/base and the overlays                         (.infra/bin/kustomize)
//   kubeconform  validates every rendered object against a JSON schema            (.infra/bin/kubeconform)
//   nats-server  the release the manifests run, to check their NATS configuration  (.infra/bin/nats-server)
//   schemas      strict JSON schemas made here from the Kubernetes OpenAPI document that ships in the
//                k8s.io/kubernetes module (api/openapi-spec/swagger.json): kubeconform's published schemas
//                live on GitHub, which these machines cannot reach                  (.infra/k8s-schemas/<version>)
// Usage:
//   node scripts/k8s-tools.mjs                 install what is missing, print the paths
//   node scripts/k8s-tools.mjs --force         rebuild and regenerate
//   node scripts/k8s-tools.mjs check [DIR...]  kustomize build each DIR (default: base and every overlay) and validate
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const binDir = path.join(root, '.infra', 'bin');
/** A Go module of ours that pins the tools (go.mod + go.sum), so every machine builds the same binaries. */
const toolsModule = path.join(root, 'deploy', 'tools');

export const TOOLS = {
  kustomize: { package: 'sigs.k8s.io/kustomize/kustomize/v5', version: 'v5.8.3' },
  kubeconform: { package: 'github.com/yannh/kubeconform/cmd/kubeconform', version: 'v0.8.0' },
  // Keep in step with the nats image in deploy/k8s/base/nats/nats.yaml.
  'nats-server': { package: 'github.com/nats-io/nats-server/v2', version: 'v2.11.8' },
};

/** The Kubernetes release whose API the manifests are validated against. */
export const KUBERNETES = { module: 'k8s.io/kubernetes', version: 'v1.34.4' };
export const schemaDir = path.join(root, '.infra', 'k8s-schemas', KUBERNETES.version);
/** Bump when the conversion below changes, so existing schema folders are regenerated. */
const SCHEMA_FORMAT = 1;

/**
 * kustomize v5.8.3 declares go 1.27; a machine with an older Go fetches this toolchain from the Go module proxy
 * (GOTOOLCHAIN, about 76 MB once). No other toolchain version is used.
 */
const TOOLCHAIN = { minimum: [1, 27], name: 'go1.27.3' };

const say = (message) => process.stdout.write(`[k8s-tools] ${message}\n`);

function findGo() {
  const onPath = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return onPath.stdout.trim();
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('Go (1.24 or newer) is needed to build kustomize and kubeconform from the Go module proxy; none on PATH or in /usr/local/go');
}

function toolchainFor(go) {
  if (process.env.GOTOOLCHAIN) return process.env.GOTOOLCHAIN;
  const version = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).stdout.trim();
  const [major, minor] = (/^go(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
  const recentEnough = major > TOOLCHAIN.minimum[0] || (major === TOOLCHAIN.minimum[0] && minor >= TOOLCHAIN.minimum[1]);
  return recentEnough ? 'local' : TOOLCHAIN.name;
}

function goEnv(toolchain) {
  return { ...process.env, GOBIN: binDir, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=mod`.trim(), CGO_ENABLED: '0', GOTOOLCHAIN: toolchain };
}

/** A binary's version line, to tell a stale build from the pinned one. */
function builtVersion(name, binary) {
  const args = { kustomize: ['version'], kubeconform: ['-v'], 'nats-server': ['--version'] }[name];
  const result = spawnSync(binary, args, { encoding: 'utf8' });
  return result.status === 0 ? `${result.stdout}${result.stderr}`.trim() : '';
}

/**
 * Builds the pinned tools into .infra/bin unless binaries of those versions are there. The first build downloads
 * the modules and compiles: 2 to 5 minutes on 2 cores (plus the Go toolchain download on Go < 1.27).
 */
export function ensureK8sTools({ force = false, log = say } = {}) {
  const paths = Object.fromEntries(Object.keys(TOOLS).map((name) => [name, path.join(binDir, name)]));
  const staleTools = () => Object.keys(TOOLS).filter((name) => force || !builtVersion(name, paths[name]).includes(TOOLS[name].version.replace(/^v/, '')));
  if (staleTools().length === 0) return paths;
  return withLock(log, () => {
    const stale = staleTools();
    if (stale.length > 0) buildTools(stale, paths, log);
    return paths;
  });
}

function buildTools(stale, paths, log) {
  const go = findGo();
  const toolchain = toolchainFor(go);
  mkdirSync(binDir, { recursive: true });
  const packages = stale.map((name) => TOOLS[name].package);
  // kubeconform reports main.version, which only ldflags set; kustomize reads its version from the build info.
  const args = ['install', '-ldflags', `-X main.version=${TOOLS.kubeconform.version}`, ...packages];
  log(`building ${stale.map((name) => `${name} ${TOOLS[name].version}`).join(', ')} (deploy/tools/go.mod): GOBIN=.infra/bin GOTOOLCHAIN=${toolchain} GOFLAGS=-mod=mod go ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(go, args, { cwd: toolsModule, stdio: ['ignore', 'inherit', 'inherit'], env: goEnv(toolchain) });
  if (result.status !== 0) throw new Error(`building ${stale.join(' and ')} failed (go install exited ${result.status ?? result.signal}); see the output above`);
  for (const name of stale) {
    if (!builtVersion(name, paths[name]).includes(TOOLS[name].version.replace(/^v/, ''))) throw new Error(`${paths[name]} does not report version ${TOOLS[name].version}`);
  }
  log(`built ${stale.join(' and ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** One builder at a time across processes (jest runs test files in parallel workers): a lock directory. */
function withLock(log, work) {
  const lock = path.join(root, '.infra', 'k8s-tools.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left by a killed build: older than any build takes.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 20 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${lock} is held by another build; remove it if none is running`);
      if (!announced) log('waiting for another process building the tools');
      announced = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Writes one strict JSON schema per Kubernetes kind into .infra/k8s-schemas/<version>, named as kubeconform looks
 * them up (`{{ .ResourceKind }}{{ .KindSuffix }}.json`, e.g. deployment-apps-v1.json), each standalone (the
 * definitions it uses inlined under `definitions`), with `additionalProperties: false` on every object that lists
 * its properties, so an unknown or misspelt field is an error as it is for the API server's strict field validation.
 */
export function ensureK8sSchemas({ force = false, log = say } = {}) {
  const marker = path.join(schemaDir, '.complete');
  const current = () => !force && existsSync(marker) && readFileSync(marker, 'utf8').trim() === String(SCHEMA_FORMAT);
  if (current()) return schemaDir;
  return withLock(log, () => {
    if (!current()) writeSchemas(log);
    return schemaDir;
  });
}

function writeSchemas(log) {
  const go = findGo();
  const target = `${KUBERNETES.module}@${KUBERNETES.version}`;
  log(`downloading the Kubernetes OpenAPI document: go mod download -json ${target}`);
  const download = spawnSync(go, ['mod', 'download', '-json', target], { cwd: tmpdir(), encoding: 'utf8', env: goEnv(toolchainFor(go)) });
  if (download.status !== 0) throw new Error(`downloading ${target} failed: ${download.stderr || download.stdout}`);
  const swaggerFile = path.join(JSON.parse(download.stdout).Dir, 'api', 'openapi-spec', 'swagger.json');
  const swagger = JSON.parse(readFileSync(swaggerFile, 'utf8'));
  const staging = `${schemaDir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const files = convertSwagger(swagger);
  for (const [name, schema] of Object.entries(files)) writeFileSync(path.join(staging, name), JSON.stringify(schema));
  writeFileSync(path.join(staging, '.complete'), `${SCHEMA_FORMAT}\n`);
  rmSync(schemaDir, { recursive: true, force: true });
  renameSync(staging, schemaDir);
  log(`wrote ${Object.keys(files).length} strict schemas of Kubernetes ${KUBERNETES.version} to ${path.relative(root, schemaDir)}`);
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** OpenAPI v2 definitions → `{ fileName: JSON schema }`, one per group/version/kind. */
export function convertSwagger(swagger) {
  const definitions = swagger.definitions;
  const converted = new Map();
  const convertDefinition = (name) => {
    if (!converted.has(name)) {
      converted.set(name, null);
      // The API server accepts a quantity as a string or a number (`cpu: 1`); the document says string.
      converted.set(name, name === QUANTITY ? { oneOf: [{ type: 'string' }, { type: 'number' }] } : convertSchema(definitions[name]));
    }
    return converted.get(name);
  };
  const files = {};
  for (const [name, definition] of Object.entries(definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const schema = structuredClone(convertDefinition(name));
      if (schema.properties?.apiVersion) schema.properties.apiVersion = { type: 'string', enum: [apiVersion] };
      if (schema.properties?.kind) schema.properties.kind = { type: 'string', enum: [gvk.kind] };
      const used = {};
      const pending = [...referencesOf(schema)];
      while (pending.length > 0) {
        const ref = pending.pop();
        if (used[ref]) continue;
        used[ref] = convertDefinition(ref);
        pending.push(...referencesOf(used[ref]));
      }
      const suffix = gvk.group ? `-${gvk.group.split('.')[0]}-${gvk.version}` : `-${gvk.version}`;
      files[`${gvk.kind.toLowerCase()}${suffix}.json`] = { ...schema, definitions: used };
    }
  }
  return files;
}

function convertSchema(node) {
  if (node.$ref) return { $ref: node.$ref };
  if (node.format === 'int-or-string') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  const out = {};
  if (node.type) out.type = node.type;
  if (node.enum) out.enum = node.enum;
  if (node.required) out.required = node.required;
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([key, value]) => [key, convertSchema(value)]));
  }
  if (node.items) out.items = convertSchema(node.items);
  if (typeof node.additionalProperties === 'object') out.additionalProperties = convertSchema(node.additionalProperties);
  else if (node.additionalProperties !== undefined) out.additionalProperties = node.additionalProperties;
  else if (node.properties) out.additionalProperties = false;
  return out;
}

function referencesOf(schema) {
  const refs = new Set();
  JSON.stringify(schema, (key, value) => {
    if (key === '$ref' && typeof value === 'string') refs.add(value.replace('#/definitions/', ''));
    return value;
  });
  return refs;
}

/** `kustomize build DIR` → the rendered YAML stream. */
export function kustomizeBuild(dir, { kustomize = path.join(binDir, 'kustomize') } = {}) {
  const result = spawnSync(kustomize, ['build', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kustomize build ${path.relative(root, dir) || dir} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * Validates a YAML stream with kubeconform (strict: duplicate keys too) against the generated schemas; a kind
 * without a schema is an error. Answers every resource's status and errors.
 */
export function validateManifests(yaml, { kubeconform = path.join(binDir, 'kubeconform'), schemas = schemaDir } = {}) {
  const args = ['-strict', '-summary', '-verbose', '-output', 'json', '-schema-location', path.join(schemas, '{{ .ResourceKind }}{{ .KindSuffix }}.json'), '-'];
  const result = spawnSync(kubeconform, args, { input: yaml, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new Error(`kubeconform gave no report (exit ${result.status}): ${result.stderr || result.stdout}`);
  }
  const resources = (report.resources ?? []).map((r) => ({
    kind: r.kind,
    name: r.name,
    status: r.status.replace(/^status/, '').toLowerCase(),
    errors: r.msg ? [r.msg] : [],
  }));
  return { ok: result.status === 0, resources, summary: report.summary };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    const force = process.argv.includes('--force');
    const paths = ensureK8sTools({ force });
    ensureK8sSchemas({ force });
    for (const [name, binary] of Object.entries(paths)) say(`${name}: ${path.relative(root, binary)} (${builtVersion(name, binary).split('\n')[0]})`);
    say(`schemas: ${path.relative(root, schemaDir)}`);
    if (process.argv[2] === 'check') {
      const dirs = process.argv.slice(3).filter((arg) => !arg.startsWith('--'));
      const overlays = path.join(root, 'deploy', 'k8s', 'overlays');
      const targets = dirs.length > 0 ? dirs : [path.join(root, 'deploy', 'k8s', 'base'), ...readdirSync(overlays).map((name) => path.join(overlays, name))];
      let failed = false;
      for (const dir of targets) {
        const { ok, resources } = validateManifests(kustomizeBuild(dir));
        for (const r of resources.filter((x) => x.status !== 'valid')) say(`  ${r.kind}/${r.name}: ${r.status} ${r.errors.join('; ')}`);
        say(`${path.relative(root, path.resolve(dir))}: ${resources.length} objects, ${ok ? 'all valid' : 'INVALID'}`);
        failed ||= !ok;
      }
      if (failed) process.exit(1);
    }
  } catch (error) {
    process.stderr.write(`[k8s-tools] FAILED: ${error.message}\n`);
    process.exit(1);
  }
}

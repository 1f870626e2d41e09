// The web console's nginx configuration (deploy/k8s/base/web/nginx.conf): what it must do, read from its text,
// and, where an nginx binary is on PATH (Debian's `nginx-light` will do), run against a console-shaped directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import helmet from 'helmet';
import { repoRoot } from './k8s-tools';
import { WEB_NGINX_CONF, nginxConfig } from './rendered';

const conf = nginxConfig();

/** The headers the gateway's helmet sends, with the CSP directives from services/gateway/src/http/edge.ts. */
function gatewayHeaders(): Record<string, string> {
  const edge = readFileSync(path.join(repoRoot, 'services', 'gateway', 'src', 'http', 'edge.ts'), 'utf8');
  const match = /contentSecurityPolicy: \{ directives: (\{[^}]*\}) \}/.exec(edge);
  if (!match) throw new Error('no contentSecurityPolicy directives found in edge.ts');
  const directives = new Function(`return ${match[1]};`)() as Record<string, string[]>;
  const headers: Record<string, string> = {};
  const response = { setHeader: (name: string, value: string) => (headers[name] = value), removeHeader: () => undefined };
  helmet({ contentSecurityPolicy: { directives } })({} as never, response as never, () => undefined);
  return headers;
}

test('sends the gateway\'s security headers, on every answer, and no location drops them', () => {
  const expected = gatewayHeaders();
  expect(expected['Content-Security-Policy']).toBeDefined();
  const sent = Object.fromEntries(conf.headers.filter((h) => h.always).map((h) => [h.name, h.value]));
  expect(sent).toEqual(expected);
  // Evidence previews are object URLs of files fetched with the token: images and PDF frames from blob:.
  for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "frame-src 'self' blob:"]) {
    expect(sent['Content-Security-Policy'].split(';')).toContain(directive);
  }
  // nginx: one add_header in a location and none of the server's apply there.
  expect(conf.locations.filter((l) => /\badd_header\b/.test(l.body)).map((l) => l.match)).toEqual([]);
});

test('a single-page app: unknown paths load index.html, assets do not; assets cached a year, the rest revalidated', () => {
  const fallback = conf.locations.find((l) => l.match === '/');
  expect(fallback?.body).toMatch(/try_files \$uri \/index\.html;/);
  expect(conf.locations.find((l) => l.match === '^~ /assets/')?.body).toMatch(/try_files \$uri =404;/);
  const cache = conf.headers.find((h) => h.name === 'Cache-Control');
  // Not `always`: a 404 (an asset another release has) must not be cached for a year.
  expect(cache).toEqual({ name: 'Cache-Control', value: '$cache_control', always: false });
  const map = /map \$uri \$cache_control \{([^}]*)\}/.exec(conf.text)?.[1] ?? '';
  expect(map).toMatch(/~\^\/assets\/\s+"public, max-age=31536000, immutable";/);
  expect(map).toMatch(/default\s+"no-cache";/);
  // The gateway's paths are never answered with the console.
  expect(conf.locations.filter((l) => /^(= \/api|\^~ \/api\/)$/.test(l.match) && /return 404;/.test(l.body))).toHaveLength(2);
});

test('compresses text, answers /healthz, listens unprivileged and writes only under /tmp and /var/cache/nginx', () => {
  expect(conf.text).toMatch(/^\s*gzip on;/m);
  expect(conf.text).toMatch(/^\s*gzip_static on;/m);
  const types = /gzip_types ([^;]+);/.exec(conf.text)![1].split(/\s+/);
  expect(types).toEqual(expect.arrayContaining(['text/css', 'application/javascript', 'text/javascript', 'application/json']));
  expect(conf.okPaths).toContain('/healthz');
  expect(conf.listen).toBeGreaterThanOrEqual(1024);
  expect(conf.text).toMatch(/^\s*server_tokens off;/m);
  expect(conf.writablePaths.length).toBeGreaterThan(1);
  for (const p of conf.writablePaths) expect(p).toMatch(/^\/(tmp|var\/cache\/nginx)(\/|$)/);
  // Only the configuration's own includes: the image's conf.d (a default server) stays out.
  expect([...conf.text.matchAll(/^\s*include\s+(\S+);/gm)].map((m) => m[1])).toEqual(['/etc/nginx/mime.types']);
});

const nginxBinary = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();

(nginxBinary ? describe : describe.skip)('run by nginx (skipped without an nginx binary on PATH)', () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  const js = `console.log(${JSON.stringify('x'.repeat(4096))});\n`;

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    dir = mkdtempSync(path.join(tmpdir(), 'web-nginx-'));
    // Workers may run as another user (nobody when started as root): everything readable.
    chmodSync(dir, 0o755);
    mkdirSync(path.join(dir, 'site', 'assets'), { recursive: true });
    mkdirSync(path.join(dir, 'run'));
    mkdirSync(path.join(dir, 'cache'));
    writeFileSync(path.join(dir, 'site', 'index.html'), '<!doctype html><div id="root"></div>\n');
    writeFileSync(path.join(dir, 'site', 'assets', 'index-abc123.js'), js);
    // A precompressed variant that differs from the file: the answer shows which one nginx sent.
    writeFileSync(path.join(dir, 'site', 'assets', 'app-def456.js'), 'plain');
    writeFileSync(path.join(dir, 'site', 'assets', 'app-def456.js.gz'), gzipSync('precompressed'));
    const text = readFileSync(WEB_NGINX_CONF, 'utf8')
      .replace(`root ${conf.root};`, `root ${path.join(dir, 'site')};`)
      .replaceAll('/var/cache/nginx', path.join(dir, 'cache'))
      .replace('pid /tmp/nginx.pid;', `pid ${path.join(dir, 'run', 'nginx.pid')};`)
      .replace(`listen ${conf.listen};`, `listen 127.0.0.1:${port};`)
      // Jest's stdio are sockets, which /dev/stdout cannot open (a container's are pipes).
      .replace('access_log /dev/stdout', `access_log ${path.join(dir, 'access.log')}`);
    writeFileSync(path.join(dir, 'nginx.conf'), text);
    const check = spawnSync(nginxBinary, ['-t', '-q', '-e', 'stderr', '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
    server = spawn(nginxBinary, ['-e', 'stderr', '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/healthz`).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (i > 100) throw new Error('nginx did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGQUIT');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (p: string) => fetch(`${base}${p}`, { headers: { 'accept-encoding': 'gzip' } });

  test('answers /healthz, the console at / and at its own routes, assets compressed and immutable', async () => {
    const security = gatewayHeaders();
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    for (const p of ['/', '/records/123', '/index.html']) {
      const response = await get(p);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      for (const [name, value] of Object.entries(security)) expect(response.headers.get(name)).toBe(value);
    }
    const asset = await get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await asset.text()).toBe(js);
  });

  test('sends the build\'s precompressed .gz instead of compressing the file', async () => {
    const asset = await get('/assets/app-def456.js');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(await asset.text()).toBe('precompressed');
  });

  test('a missing asset and the API paths are 404, uncached, still with the security headers', async () => {
    for (const p of ['/assets/index-old.js', '/api', '/api/v1/records']) {
      const response = await get(p);
      expect({ p, status: response.status }).toEqual({ p, status: 404 });
      expect(response.headers.get('cache-control')).toBeNull();
      expect(response.headers.get('content-security-policy')).toBe(gatewayHeaders()['Content-Security-Policy']);
    }
    expect((await get('/apix')).status).toBe(200);
  });
});

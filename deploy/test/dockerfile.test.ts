// deploy/docker/Dockerfile cannot be built here (no Docker engine); these checks keep it in step with the repository.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './k8s-tools';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICES, TARGETS, WEB_NGINX_CONF, nginxConfig } from './rendered';

const dockerfile = readFileSync(path.join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8');
const rootPackage = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[]; devDependencies: Record<string, string> };

/** The workspaces npm ci must see, so that it accepts the lockfile: every libs/* and services/* with a package.json. */
const workspaces = rootPackage.workspaces.flatMap((glob) => {
  const dir = glob.replace(/\/\*$/, '');
  return readdirSync(path.join(repoRoot, dir)).filter((name) => existsSync(path.join(repoRoot, dir, name, 'package.json'))).map((name) => `${dir}/${name}`);
});

test('runs on the Node of the node devDependency', () => {
  expect(dockerfile).toMatch(new RegExp(`^ARG NODE_VERSION=${rootPackage.devDependencies.node.replace(/\./g, '\\.')}$`, 'm'));
});

test('both install stages see every workspace package.json', () => {
  for (const workspace of workspaces) {
    expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    expect(dockerfile).toContain(`COPY --from=build /app/${workspace}/package.json ${workspace}/`);
  }
});

test('the runtime gets every lib a service imports, the telemetry entry, and starts main.js as scripts/start.mjs does', () => {
  const libs = new Set<string>();
  for (const service of SERVICES) {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'services', service, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of Object.keys(pkg.dependencies).filter((dep) => dep.startsWith('@cadre/'))) libs.add(name.replace('@cadre/', ''));
  }
  for (const lib of [...libs, 'contracts']) {
    expect(dockerfile).toContain(`COPY --from=build /app/libs/${lib}/dist libs/${lib}/dist`);
  }
  expect(dockerfile).toContain('/app/libs/platform/telemetry.js');
  expect(existsSync(path.join(repoRoot, 'libs', 'platform', 'telemetry.js'))).toBe(true);
  expect(readFileSync(path.join(repoRoot, 'scripts', 'start.mjs'), 'utf8')).toContain("path.join(root, 'services', name, 'dist', 'main.js')");
  expect(dockerfile).toContain('exec node services/${SERVICE}/dist/main.js');
  expect(dockerfile).toMatch(/^USER 1000:1000$/m);
  expect(dockerfile).toMatch(/npm ci --omit=dev/);
  expect(dockerfile).toMatch(/npx nx run-many -t build/);
});

/** The Dockerfile's stages in order, each with its FROM line and its text up to the next stage. */
const stages = dockerfile
  .split(/^(?=FROM )/m)
  .slice(1)
  .map((text) => ({ name: /^FROM \S+ AS (\S+)/.exec(text)?.[1], from: text.split('\n')[0], text }));

test('the console image: web/dist from the nx build under a pinned nginx-unprivileged, with the manifests\' nginx.conf', () => {
  // `nx run-many -t build` in the build stage builds web: it is a project with a build target writing web/dist.
  const project = JSON.parse(readFileSync(path.join(repoRoot, 'web', 'project.json'), 'utf8')) as { name: string; targets: Record<string, { outputs?: string[] }> };
  expect(project.targets.build.outputs).toContain('{projectRoot}/dist');
  expect(stages.find((s) => s.name === 'build')!.text).toMatch(/^RUN npx nx run-many -t build(?! .*--(projects|exclude))/m);

  const web = stages.find((s) => s.name === 'web');
  expect(web).toBeDefined();
  const nginxVersion = /^ARG NGINX_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
  expect(nginxVersion).toMatch(/^\d+\.\d+\.\d+$/);
  expect(web!.from).toBe('FROM nginxinc/nginx-unprivileged:${NGINX_VERSION}-alpine AS web');
  // The service image stays the default target (the last stage): `--build-arg SERVICE=...` without --target.
  expect(stages.at(-1)!.name).toBe('runtime');
  expect(dockerfile).toContain('docker build -f deploy/docker/Dockerfile --target web -t registry.example.gov.cn/cadre/web:');

  const conf = nginxConfig();
  expect(web!.text).toContain(`COPY --from=build /app/web/dist ${conf.root}\n`);
  const confPath = path.relative(repoRoot, WEB_NGINX_CONF);
  expect(web!.text).toContain(`COPY ${confPath} /etc/nginx/nginx.conf\n`);
  // The same file is the ConfigMap the Deployment mounts over it.
  const kustomization = parse(readFileSync(path.join(TARGETS.base, 'kustomization.yaml'), 'utf8')) as { configMapGenerator: { name: string; files?: string[] }[] };
  expect(kustomization.configMapGenerator.find((g) => g.name === 'web-nginx-config')?.files).toEqual([path.relative(TARGETS.base, WEB_NGINX_CONF)]);
  // The image's user is the one the Deployment runs as; it listens where the manifests expect it.
  const deployment = parseAllDocuments(readFileSync(path.join(TARGETS.base, 'web', 'web.yaml'), 'utf8'))
    .map((doc) => doc.toJS())
    .find((o) => o.kind === 'Deployment');
  const pod = deployment.spec.template.spec;
  expect(web!.text).toMatch(new RegExp(`^USER ${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}$`, 'm'));
  expect(web!.text).toMatch(new RegExp(`^EXPOSE ${conf.listen}$`, 'm'));
  expect(pod.containers[0].ports).toEqual([{ name: 'http', containerPort: conf.listen }]);
  // Nothing the stage copies is left out of the build context.
  const ignored = readFileSync(path.join(repoRoot, 'deploy', 'docker', 'Dockerfile.dockerignore'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));
  expect(ignored.filter((pattern) => confPath.startsWith(pattern.replace(/^\*\*\//, '')) || pattern === 'web' || pattern === 'web/src')).toEqual([]);
});

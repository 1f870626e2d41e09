// deploy/docker/Dockerfile cannot be built here (no Docker engine); these checks keep it in step with the repository.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './k8s-tools';
import { SERVICES } from './rendered';

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

/**
 * The installed tree (package-lock.json) holds one version of each OpenTelemetry package: two copies of
 * `@opentelemetry/core` or `@opentelemetry/instrumentation` mean two context managers and two sets of patched
 * modules, and spans that silently lose their parent. Pins in the root package.json must move together (the
 * 0.300 line today: the mongoose and ioredis instrumentations accept only `^0.300.0`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const lock = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; link?: boolean }> };

/** Versions installed of each package whose name matches, from every `node_modules/<name>` entry of the lock. */
function installedVersions(matches: (name: string) => boolean): Map<string, Set<string>> {
  const versions = new Map<string, Set<string>>();
  for (const [location, entry] of Object.entries(lock.packages)) {
    const name = location.split('node_modules/').pop();
    if (!location.includes('node_modules/') || !name || !matches(name) || !entry.version || entry.link) continue;
    versions.set(name, (versions.get(name) ?? new Set()).add(entry.version));
  }
  return versions;
}

test('one version of each @opentelemetry package is installed', () => {
  const versions = installedVersions((name) => name.startsWith('@opentelemetry/'));
  expect(versions.size).toBeGreaterThan(5);
  const doubled = [...versions].filter(([, found]) => found.size > 1).map(([name, found]) => `${name}: ${[...found].join(', ')}`);
  expect(doubled).toEqual([]);
});

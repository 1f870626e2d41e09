import path from 'node:path';

/** What scripts/k8s-tools.mjs exports (jest transforms the .mjs; tsc sees it through this interface). */
export interface K8sTools {
  binDir: string;
  schemaDir: string;
  TOOLS: Record<string, { package: string; version: string }>;
  KUBERNETES: { module: string; version: string };
  ensureK8sTools(options?: { force?: boolean; log?: (message: string) => void }): Record<'kustomize' | 'kubeconform' | 'nats-server', string>;
  ensureK8sSchemas(options?: { force?: boolean; log?: (message: string) => void }): string;
  kustomizeBuild(dir: string): string;
  validateManifests(yaml: string): {
    ok: boolean;
    resources: { kind: string; name: string; status: string; errors: string[] }[];
    summary: Record<string, number>;
  };
}

export const repoRoot = path.resolve(__dirname, '..', '..');

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const tools = require('../../scripts/k8s-tools.mjs') as K8sTools;

/** The first build compiles three Go programs (about two minutes on 2 cores, more with the toolchain download). */
export const TOOLS_TIMEOUT_MS = 20 * 60_000;

export function ensureTools(): Record<'kustomize' | 'kubeconform' | 'nats-server', string> {
  const log = (message: string) => process.stdout.write(`[k8s-tools] ${message}\n`);
  const paths = tools.ensureK8sTools({ log });
  tools.ensureK8sSchemas({ log });
  return paths;
}

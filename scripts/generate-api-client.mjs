#!/usr/bin/env node
// `npm run api-client:generate`: writes libs/api-client/src/schema.ts from the gateway's OpenAPI document. The document
// is built in process from the gateway's sources (no build, no infrastructure) by the schema's freshness test, which
// writes the file when API_CLIENT_WRITE=1.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jest = path.join(root, 'node_modules', '.bin', 'jest');
const result = spawnSync(jest, ['-c', 'services/gateway/jest.config.js', 'services/gateway/test/api-client-schema.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, API_CLIENT_WRITE: '1' },
});
process.exit(result.status ?? 1);

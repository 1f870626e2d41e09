/**
 * libs/api-client/src/schema.ts is the gateway's OpenAPI document as TypeScript (openapi-typescript): this test makes
 * it again in memory and fails when the committed file differs. `npm run api-client:generate` runs this file with
 * API_CLIENT_WRITE=1, which writes the file instead.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { gatewayOpenApiDocument } from './openapi-document';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');
const SCHEMA_FILE = path.resolve(__dirname, '../../../libs/api-client/src/schema.ts');
const HEADER = `/**
 * GENERATED — do not edit. The gateway's OpenAPI document (services/gateway/src/http/openapi.ts) as TypeScript
 * types, by openapi-typescript. Regenerate after an API change: npm run api-client:generate
 */

`;

/** openapi-typescript's output for `document` (its CLI in a process of its own: the library is ESM inside, which jest cannot load). */
async function typesOf(document: OpenAPIObject): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'api-client-'));
  try {
    const input = path.join(dir, 'openapi.json');
    const output = path.join(dir, 'schema.ts');
    writeFileSync(input, JSON.stringify(document));
    await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/openapi-typescript/bin/cli.js'), input, '--output', output], { cwd: root });
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the typed API client schema (libs/api-client/src/schema.ts)', () => {
  let app: INestApplication | undefined;
  afterAll(async () => app?.close());

  it('is what the gateway document makes today', async () => {
    const built = await gatewayOpenApiDocument();
    app = built.app;
    const fresh = HEADER + (await typesOf(built.document));
    if (process.env.API_CLIENT_WRITE === '1') writeFileSync(SCHEMA_FILE, fresh);
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== fresh) throw new Error('libs/api-client/src/schema.ts is out of date with the gateway API: run npm run api-client:generate');
    expect(committed).toContain('export interface paths');
  });
});

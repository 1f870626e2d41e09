/**
 * The OpenAPI document (`/api/docs-json`) is valid OpenAPI 3.0 with no lint error (`redocly lint`, rules in
 * redocly.yaml at the root), and every operation declares its success answer: the status the route answers
 * (its `@HttpCode`, or Nest's default) with a body schema, `text/csv` besides JSON for `?format=csv` exports.
 * The document is built in process from the gateway's controllers with stand-in providers: no network, no
 * infrastructure.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Module, RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PARAMTYPES_METADATA, PATH_METADATA, SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from '../src/app.module';
import { config } from '../src/config';
import { buildOpenApiDocument } from '../src/http/openapi';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

/** The gateway's controllers (as its module declares them), with whatever their constructors inject stood in for. */
const controllers = (AppModule.register(config, {} as Logger).controllers ?? []) as Type[];

function injectedTokens(): unknown[] {
  const tokens = new Set<unknown>();
  for (const controller of controllers) {
    const declared = (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, controller) ?? []) as { index: number; param: unknown }[];
    const types = (Reflect.getMetadata(PARAMTYPES_METADATA, controller) ?? []) as unknown[];
    types.forEach((type, index) => tokens.add(declared.find((d) => d.index === index)?.param ?? type));
  }
  return [...tokens];
}

@Module({
  controllers,
  providers: injectedTokens().map((token) => ({ provide: token as string, useValue: {} })),
})
class DocumentModule {}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

/** Every route of the controllers the document describes: method, OpenAPI path, and the status Nest answers on success. */
function routes(): { method: string; path: string; status: number }[] {
  const found: { method: string; path: string; status: number }[] = [];
  for (const controller of controllers) {
    if (Reflect.getMetadata('swagger/apiExcludeController', controller)) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      if (!method) throw new Error(`${controller.name}.${name}: unexpected method`);
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
      const full = `/${[base, sub].map((part) => part.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
      const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'post' ? 201 : 200);
      found.push({ method, path: full, status });
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  let app: INestApplication;
  let document: OpenAPIObject;
  let dir: string;

  beforeAll(async () => {
    app = await NestFactory.create(DocumentModule, new FastifyAdapter(), { logger: false });
    document = buildOpenApiDocument(app);
    dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
    // OPENAPI_DUMP=<file>: keep the document to look at.
    if (process.env.OPENAPI_DUMP) writeFileSync(process.env.OPENAPI_DUMP, JSON.stringify(document, null, 2));
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([route, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'put', 'post', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ route, method, operation: operation as { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> } })),
    );

  it('is OpenAPI 3.0', () => {
    expect(document.openapi).toMatch(/^3\.0\.\d+$/);
  });

  /** Routes that answer bytes rather than JSON. */
  const BINARY_ROUTES = new Set(['get /api/v1/files/{fileId}']);
  /** Routes that answer a stream of Server-Sent Events. */
  const EVENT_STREAM_ROUTES = new Set(['get /api/v1/notifications/stream']);
  /** Routes that answer a PDF document. */
  const PDF_ROUTES = new Set(['get /api/v1/cadres/{id}/dossier.pdf']);

  it('describes every route of the gateway, each with its success answer and its body', () => {
    const expected = routes();
    expect(expected.length).toBeGreaterThan(50);
    expect(operations().map(({ method, route }) => `${method} ${route}`).sort()).toEqual(expected.map(({ method, path: p }) => `${method} ${p}`).sort());
    for (const { method, path: route, status } of expected) {
      const responses = document.paths[route]?.[method as 'get']?.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>;
      const successes = Object.keys(responses).filter((code) => /^2\d\d$/.test(code));
      if (BINARY_ROUTES.has(`${method} ${route}`)) {
        // A file's bytes: whole (200) or a range of them (206), as a binary body.
        expect({ operation: `${method} ${route}`, successes }).toEqual({ operation: `${method} ${route}`, successes: ['200', '206'] });
        expect(responses['200'].content?.['application/octet-stream']?.schema).toBeDefined();
        continue;
      }
      expect({ operation: `${method} ${route}`, successes }).toEqual({ operation: `${method} ${route}`, successes: [String(status)] });
      if (status === 204) continue;
      if (EVENT_STREAM_ROUTES.has(`${method} ${route}`)) {
        expect(responses['200'].content?.['text/event-stream']?.schema).toBeDefined();
        continue;
      }
      if (PDF_ROUTES.has(`${method} ${route}`)) {
        expect(responses['200'].content?.['application/pdf']?.schema).toBeDefined();
        continue;
      }
      const content = responses[String(status)].content ?? {};
      expect({ operation: `${method} ${route}`, json: content['application/json']?.schema !== undefined }).toEqual({ operation: `${method} ${route}`, json: true });
      if (status === 202) {
        // Background work answers at least where to follow it (a job, a generation, or the progress of the one running).
        const ref = (content['application/json'].schema as { $ref: string }).$ref.split('/').pop() as string;
        const schema = document.components?.schemas?.[ref] as { properties?: Record<string, unknown> };
        expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining([expect.stringMatching(/^(jobId|generation|running)$/)]));
      }
    }
  });

  it('declares text/csv besides JSON exactly where a route takes ?format=csv', () => {
    for (const { method, route, operation } of operations()) {
      const takesFormat = ((operation as { parameters?: { name: string; in: string }[] }).parameters ?? []).some((p) => p.in === 'query' && p.name === 'format');
      const ok = operation.responses['200']?.content ?? {};
      expect({ operation: `${method} ${route}`, csv: 'text/csv' in ok }).toEqual({ operation: `${method} ${route}`, csv: takesFormat });
    }
  });

  it('passes `redocly lint` without errors', async () => {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    // The pinned Node that runs the tests runs the CLI too (its bin script would take whatever `node` is on PATH).
    const redocly = path.join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const result = await run(process.execPath, [redocly, 'lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'json'], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '', failed: error.code }));
    const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    expect('failed' in result).toBe(false);
  });
});

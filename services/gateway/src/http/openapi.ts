import { applyDecorators } from '@nestjs/common';
import { ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: every offending field is named in `errors[]`',
  401: 'No token, or a bad or expired one',
  403: 'Not allowed for the caller’s roles or department',
  404: 'Unknown, or not visible to the caller',
  409: 'Not allowed in the current state, a stale version, or a duplicate',
  413: 'Body too large',
  429: 'Too many requests (see Retry-After)',
  503: 'A service behind the gateway did not answer (see Retry-After)',
};

/** The JSON Schema of a contract's zod schema, with an example, for the OpenAPI document. */
export function apiSchema(schema: z.ZodType, example?: unknown): Record<string, any> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, any>;
  delete json.$schema;
  return example === undefined ? json : { ...json, example };
}

export const problemResponses = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }),
    ),
  );

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', example: 'https://cadre-platform.example/problems/validation-error' },
    title: { type: 'string', example: 'Invalid input' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    traceId: { type: 'string', description: 'The trace of the failed request, for support' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string', example: 'title' }, message: { type: 'string', example: 'is required' } } },
    },
  },
};

/** `/api/docs-json` (the OpenAPI document) and `/api/docs` (Swagger UI served from swagger-ui-dist). */
export function setUpOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('激励一张网 — cadre incentive platform API')
    .setDescription('The public HTTP contract. Errors are RFC 9457 problems (application/problem+json).')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...(document.components?.schemas ?? {}), Problem: problemSchema as never } };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/api/docs-json', (_request, reply) => void reply.header('content-type', 'application/json').send(document));

  const uiRoot = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const assets: Record<string, string> = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'application/javascript' };
  for (const [file, type] of Object.entries(assets)) {
    const body = readFileSync(path.join(uiRoot, file));
    fastify.get(`/api/docs/${file}`, (_request, reply) => void reply.header('content-type', type).header('cache-control', 'public, max-age=86400').send(body));
  }
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>激励一张网 API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
  fastify.get('/api/docs/init.js', (_request, reply) =>
    void reply.header('content-type', 'application/javascript').send("window.ui = SwaggerUIBundle({ url: '/api/docs-json', dom_id: '#ui' });"),
  );
  fastify.get('/api/docs', (_request, reply) => void reply.header('content-type', 'text/html; charset=utf-8').send(page));
}

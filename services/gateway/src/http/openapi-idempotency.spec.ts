import type { OpenAPIObject } from '@nestjs/swagger';
import { declareIdempotencyKeys } from './openapi-idempotency';

describe('declareIdempotencyKeys', () => {
  it('adds the optional header to every POST but the sign-in, and to nothing else', () => {
    const document = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/api/v1/records': { post: { responses: {} }, get: { responses: {} } },
        '/api/v1/records/{id}/submit': { post: { parameters: [{ name: 'id', in: 'path', required: true }], responses: {} } },
        '/api/v1/auth/login': { post: { responses: {} } },
      },
    } as unknown as OpenAPIObject;
    declareIdempotencyKeys(document);
    const names = (path: string, method: 'get' | 'post') => ((document.paths[path][method]?.parameters ?? []) as { name: string }[]).map((p) => p.name);
    expect(names('/api/v1/records', 'post')).toEqual(['Idempotency-Key']);
    expect(names('/api/v1/records/{id}/submit', 'post')).toEqual(['id', 'Idempotency-Key']);
    expect(names('/api/v1/records', 'get')).toEqual([]);
    expect(names('/api/v1/auth/login', 'post')).toEqual([]);
  });
});

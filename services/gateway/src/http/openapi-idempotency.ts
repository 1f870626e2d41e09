import type { OpenAPIObject } from '@nestjs/swagger';

const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'Makes a retry safe: the first request with the key runs, and its answer (2xx or 4xx) is replayed with `Idempotent-Replayed: true` to any retry of the same request by the same caller for IDEMPOTENCY_TTL (24 h unless configured otherwise); the key with another body is a 422; a retry while the first still runs waits up to 10 s, then 409 with Retry-After.',
  schema: { type: 'string' as const, pattern: '^[A-Za-z0-9._:-]{8,128}$', example: 'record-draft-7f3a9c1e' },
};

/** The optional `Idempotency-Key` header on every POST operation but the sign-in (which has no caller to scope it to). */
export function declareIdempotencyKeys(document: OpenAPIObject, excludedPaths: string[] = ['/api/v1/auth/login']): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const operation = item.post;
    if (!operation || excludedPaths.includes(path)) continue;
    operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY_PARAMETER];
  }
  return document;
}

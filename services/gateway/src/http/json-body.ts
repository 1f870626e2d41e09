import type { FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

type Done = (error: Error | null, body?: unknown) => void;
type JsonParser = (request: FastifyRequest, body: string | Buffer, done: Done) => void;

/**
 * Whether a JSON body is empty: nothing, or only whitespace. Commands without a body (`POST …/submit`, `/close-bidding`,
 * `/conclude`, `/publish`) are sent so by clients that set `Content-Type: application/json` on every request.
 */
export function isEmptyJson(body: string | Buffer): boolean {
  return body.length === 0 || (typeof body === 'string' ? body : body.toString('utf8')).trim().length === 0;
}

/** Fastify's JSON parser (prototype poisoning refused), except that an empty body is no body rather than a 400. */
export function emptyTolerantJsonParser(parse: JsonParser): JsonParser {
  return (request, body, done) => (isEmptyJson(body) ? done(null, undefined) : parse(request, body, done));
}

/** Installs the JSON parser before Nest would install its own (which refuses an empty body). */
export function acceptEmptyJsonBodies(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error') as unknown as JsonParser;
  app.useBodyParser('application/json', { bodyLimit }, emptyTolerantJsonParser(parse) as never);
}

import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { ProblemException, problemOf, toProblem } from '@cadre/platform';
import { sendProblem } from './edge';
import { drainBody } from './drain';

/** Every error a route raises leaves the gateway as `application/problem+json` (RFC 9457), with the trace id. */
@Catch()
export class HttpProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = toProblem(asProblemSource(exception));
    if (problem.status >= 500 && problem.status !== 503) this.logger.error({ err: exception }, 'request failed');
    const headers = exception instanceof ProblemException ? exception.headers : retryAfterOf(exception);
    // A body too large: its client hears the 413 once it has sent the rest (read into nothing, up to a bound).
    if (problem.status === 413) drainBody(reply.request.raw, () => sendProblem(reply, problem, { ...headers, connection: 'close' }));
    else sendProblem(reply, problem, headers);
  }
}

/** An overloaded service's problem says how long to wait (`retryAfter`, seconds): that becomes Retry-After. */
function retryAfterOf(exception: unknown): Record<string, string> {
  const seconds = (exception as { retryAfter?: unknown } | null)?.retryAfter;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? { 'retry-after': String(Math.ceil(seconds)) } : {};
}

/** Nest's HttpExceptions and Fastify's own 4xx errors (413, malformed JSON) keep their status. */
function asProblemSource(exception: unknown): unknown {
  if (exception instanceof HttpException) return problemOf(exception.getStatus(), httpDetail(exception));
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string; title?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500 && !fastifyError.title) {
    const detail = fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The request body is too large.' : fastifyError.message;
    return problemOf(fastifyError.statusCode, detail);
  }
  return exception;
}

function httpDetail(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

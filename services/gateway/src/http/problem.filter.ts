import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, problemOf, toProblem } from '@cadre/platform';

/** Every error leaves the gateway as `application/problem+json` (RFC 9457), with the trace id. */
@Catch()
export class HttpProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = exception instanceof HttpException ? toProblem(problemOf(exception.getStatus(), httpDetail(exception))) : toProblem(exception);
    if (problem.status >= 500 && problem.status !== 503) this.logger.error({ err: exception }, 'request failed');
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}

function httpDetail(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

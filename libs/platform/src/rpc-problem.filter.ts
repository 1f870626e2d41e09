import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import type { Logger } from 'pino';
import type { Problem } from '@cadre/contracts';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { toProblem } from './problem';
import { noteRequestStatus } from './request-outcome';

/**
 * Turns whatever a request-reply handler throws into a problem object on the wire. Unexpected errors are
 * logged with their stack here (with the trace id) and reach the caller as a bare 500. The problem's status goes
 * on the request's span and into its metrics (see TracingNatsServer).
 */
@Catch()
export class RpcProblemFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<Problem> {
    const problem = toProblem(exception);
    noteRequestStatus(problem.status);
    const span = trace.getActiveSpan();
    span?.setAttribute('rpc.problem.status', problem.status);
    if (problem.status >= 500) {
      span?.setStatus({ code: SpanStatusCode.ERROR, message: problem.detail ?? problem.title });
      this.logger.error({ err: exception }, 'request handler failed');
    }
    return throwError(() => problem);
  }
}

import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import type { Logger } from 'pino';
import type { Problem } from '@cadre/contracts';
import { toProblem } from './problem';

/**
 * Turns whatever a request-reply handler throws into a problem object on the wire. Unexpected errors are
 * logged with their stack here (with the trace id) and reach the caller as a bare 500.
 */
@Catch()
export class RpcProblemFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<Problem> {
    const problem = toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception }, 'request handler failed');
    return throwError(() => problem);
  }
}

import { context, createContextKey, type Context } from '@opentelemetry/api';

/** What a request handler ended with, filled in by the exception filters and read by whoever times the request. */
export interface RequestOutcome {
  status: number;
}

const OUTCOME = createContextKey('cadre.request.outcome');

export function withRequestOutcome(ctx: Context, outcome: RequestOutcome): Context {
  return ctx.setValue(OUTCOME, outcome);
}

/** Records the status of the problem a handler answered with, on the request being handled (if any). */
export function noteRequestStatus(status: number): void {
  const outcome = context.active().getValue(OUTCOME) as RequestOutcome | undefined;
  if (outcome) outcome.status = status;
}

/** The metric label for a status: `ok`, `client_error` (4xx: the caller's mistake) or `server_error`. */
export function outcomeLabel(status: number): 'ok' | 'client_error' | 'server_error' {
  if (status >= 500) return 'server_error';
  return status >= 400 ? 'client_error' : 'ok';
}

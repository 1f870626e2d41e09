import { trace } from '@opentelemetry/api';
import { isId, type Problem, type ProblemFieldError } from '@cadre/contracts';

const TITLES: Record<number, string> = {
  400: 'Invalid input',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

const TYPES: Record<number, string> = {
  400: 'validation-error',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  422: 'unprocessable-content',
  429: 'rate-limited',
  500: 'internal-error',
  503: 'service-unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An error that is meant for the caller: it becomes the problem response as it is. */
export class ProblemException extends Error {
  readonly problem: Problem;

  /** `headers` go on the HTTP response (e.g. Retry-After). */
  constructor(status: number, detail?: string, errors?: ProblemFieldError[], readonly headers: Record<string, string> = {}) {
    super(detail ?? TITLES[status] ?? 'Error');
    this.name = 'ProblemException';
    this.problem = problemOf(status, detail, errors);
  }
}

export function problemOf(status: number, detail?: string, errors?: ProblemFieldError[]): Problem {
  return {
    type: `https://cadre-platform.example/problems/${TYPES[status] ?? 'error'}`,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export const problems = {
  invalid: (errors: ProblemFieldError[], detail = 'The request has invalid fields.') => new ProblemException(400, detail, errors),
  forbidden: (detail?: string) => new ProblemException(403, detail),
  notFound: (detail?: string) => new ProblemException(404, detail),
  conflict: (detail?: string) => new ProblemException(409, detail),
  unavailable: (detail?: string) => new ProblemException(503, detail),
};

/** The caller a service was given with the request: every request-reply handler needs one (401 without). */
export function requireCaller<T>(caller: T | undefined): T {
  if (!caller) throw new ProblemException(401, 'This request needs an authenticated caller.');
  return caller;
}

/** The `id` of a request-reply payload, or the 404 a malformed one gets (it cannot name anything that exists). */
export function idFrom(payload: unknown, what: string): string {
  const id = (payload as { id?: unknown } | null)?.id;
  if (!isId(id)) throw problems.notFound(`No such ${what}.`);
  return id;
}

/** A request-reply payload without its `id` (the body to validate against a strict schema). */
export function withoutId(payload: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((payload ?? {}) as Record<string, unknown>).filter(([key]) => key !== 'id'));
}

/** Whether `value` already is a problem (e.g. one that crossed NATS as a plain object). */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Problem>;
  return typeof candidate.status === 'number' && typeof candidate.title === 'string' && typeof candidate.type === 'string';
}

/**
 * Any error as a problem. Errors that are not meant for callers become a 500 whose detail says nothing
 * of the internals; the trace id lets support find the cause in the logs and traces.
 */
export function toProblem(error: unknown): Problem {
  let problem: Problem;
  if (error instanceof ProblemException) problem = { ...error.problem };
  else if (isProblem(error)) {
    const { type, title, status, detail, errors, traceId } = error;
    problem = { type, title, status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}), ...(traceId ? { traceId } : {}) };
  }
  else problem = problemOf(500, 'An unexpected error occurred.');
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  return traceId && !problem.traceId ? { ...problem, traceId } : problem;
}

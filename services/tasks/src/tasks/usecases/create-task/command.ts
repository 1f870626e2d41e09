import { createTaskInput, type Caller, type CreateTaskInput, type ProblemFieldError, type RpcRequest } from '@cadre/contracts';
import { fieldErrors } from '@cadre/platform';
import { requirePublisher } from '../../domain/access';

/**
 * A new task. Its input is checked as a whole: the problems of its shape are collected here, those of what it
 * names (batch, evaluators) by the use case, and all of them answered together (400).
 */
export interface CreateTaskCommand {
  who: Caller;
  /** The input, when its shape is valid. */
  input?: CreateTaskInput;
  problems: ProblemFieldError[];
  /** As given, to look up even when another field is invalid. */
  batchId: unknown;
  evaluatorIds: unknown;
  /** A bidding deadline already past, checked last. */
  deadlineProblems: ProblemFieldError[];
}

export function createTaskCommand(request: RpcRequest): CreateTaskCommand {
  const who = requirePublisher(request.caller);
  const parsed = createTaskInput.safeParse(request.payload ?? {});
  const raw = (request.payload ?? {}) as Record<string, unknown>;
  return {
    who,
    input: parsed.success ? parsed.data : undefined,
    problems: parsed.success ? [] : fieldErrors(parsed.error),
    batchId: raw.batchId,
    evaluatorIds: raw.evaluatorIds,
    deadlineProblems: futureDeadline(raw.biddingDeadline),
  };
}

/** A bidding deadline must lie ahead. */
export function futureDeadline(value: unknown, now = Date.now()): ProblemFieldError[] {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && Date.parse(value) <= now ? [{ path: 'biddingDeadline', message: 'must be in the future' }] : [];
}

/** Each problem once (the shape and the look-ups may name the same one). */
export function dedupe(errors: ProblemFieldError[]): ProblemFieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(`${e.path}|${e.message}`) && seen.add(`${e.path}|${e.message}`));
}

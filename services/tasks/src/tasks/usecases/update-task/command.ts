import { updateTaskInput, type Caller, type ProblemFieldError, type RpcRequest, type UpdateTaskInput } from '@cadre/contracts';
import { fieldErrors, idFrom, withoutId } from '@cadre/platform';
import { requirePublisher } from '../../domain/access';
import { futureDeadline } from '../create-task/command';

/** An edit of a draft (PATCH): the fields given, and the version the publisher read. Problems as for a new task. */
export interface UpdateTaskCommand {
  who: Caller;
  taskId: string;
  input?: UpdateTaskInput;
  problems: ProblemFieldError[];
  /** As given (undefined when not changed), to look up even when another field is invalid. */
  batchId: unknown;
  evaluatorIds: unknown;
  deadlineProblems: ProblemFieldError[];
}

export function updateTaskCommand(request: RpcRequest): UpdateTaskCommand {
  const who = requirePublisher(request.caller);
  const taskId = idFrom(request.payload, 'task');
  const body = withoutId(request.payload);
  const parsed = updateTaskInput.safeParse(body);
  return {
    who,
    taskId,
    input: parsed.success ? parsed.data : undefined,
    problems: parsed.success ? [] : fieldErrors(parsed.error),
    batchId: body.batchId,
    evaluatorIds: body.evaluatorIds,
    deadlineProblems: body.biddingDeadline === undefined ? [] : futureDeadline(body.biddingDeadline),
  };
}

import { taskListQuery, type Caller, type RpcRequest, type TaskListQuery } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

export interface ListTasksCommand {
  who: Caller;
  query: TaskListQuery;
}

export function listTasksCommand(request: RpcRequest): ListTasksCommand {
  const who = requireCaller(request.caller);
  return { who, query: validate(taskListQuery, request.payload ?? {}) };
}

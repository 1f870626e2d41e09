import { taskReviewInput, type RpcRequest, type TaskReviewInput } from '@cadre/contracts';
import { validate, withoutId } from '@cadre/platform';
import { taskCommand, type TaskCommand } from '../task-command';

export interface ReviewResultsCommand extends TaskCommand {
  input: TaskReviewInput;
}

export function reviewResultsCommand(request: RpcRequest): ReviewResultsCommand {
  const { who, taskId } = taskCommand(request);
  return { who, taskId, input: validate(taskReviewInput, withoutId(request.payload)) };
}

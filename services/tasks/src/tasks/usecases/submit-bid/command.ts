import { createBidInput, type CreateBidInput, type RpcRequest } from '@cadre/contracts';
import { validate, withoutId } from '@cadre/platform';
import { taskCommand, type TaskCommand } from '../task-command';

export interface SubmitBidCommand extends TaskCommand {
  input: CreateBidInput;
}

export function submitBidCommand(request: RpcRequest): SubmitBidCommand {
  const { who, taskId } = taskCommand(request);
  return { who, taskId, input: validate(createBidInput, withoutId(request.payload)) };
}

import { progressInput, type ProgressInput, type RpcRequest } from '@cadre/contracts';
import { validate, withoutId } from '@cadre/platform';
import { taskCommand, type TaskCommand } from '../task-command';

export interface ReportProgressCommand extends TaskCommand {
  input: ProgressInput;
}

export function reportProgressCommand(request: RpcRequest): ReportProgressCommand {
  const { who, taskId } = taskCommand(request);
  return { who, taskId, input: validate(progressInput, withoutId(request.payload)) };
}
